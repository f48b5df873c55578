/**
 * A full disk. Browsers refuse writes past the origin's quota with `QuotaExceededError`
 * (IndexedDB, Cache API); these helpers recognise it and say how much space is needed and
 * where to free it, instead of a bare DOMException.
 */
export function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'QuotaExceededError' || /quota/i.test(e?.message ?? '');
}

const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** "Not enough storage to <what>: about N needed, M free of Q. Free space in the Storage panel…" */
export async function quotaMessage(what: string, needed?: number): Promise<string> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const free = estimate?.quota ? ` ${size(Math.max(0, estimate.quota - (estimate.usage ?? 0)))} free of ${size(estimate.quota)};` : '';
  const need = needed ? ` about ${size(needed)} needed,` : '';
  return `Not enough storage in this browser to ${what}:${need}${free} delete stored activations in the Storage panel (or runs in the run list), then try again.`;
}

/** The error to throw instead of a quota error: same name, so callers can still tell. */
export async function storageFull(what: string, needed?: number): Promise<Error> {
  const error = new Error(await quotaMessage(what, needed));
  error.name = 'QuotaExceededError';
  return error;
}
