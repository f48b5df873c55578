/**
 * Row files in the origin private file system (OPFS): a stored run's activations copied out of
 * IndexedDB, rows side by side, for runs too large to hold in the tab. The LCA worker reads them
 * through synchronous access handles (workers only), so the probe streams rows from the disk
 * (and the OS's file cache) instead of holding gigabytes in its heap.
 */
import { bytesPerValue } from '../core/store/activationStore';
import { interleaveLayers, RowFileFeatureMatrix } from '../core/store/rowFile';
import { hashString } from '../core/util/random';
import type { IdbActivationStore } from './idbActivationStore';
import { isQuotaError, storageFull } from './quota';

const FOLDER = 'salient-rows';

/** OPFS's synchronous handle (dedicated workers): not in every TypeScript DOM library yet. */
interface SyncAccessHandle {
  read(into: Uint8Array, options: { at: number }): number;
  write(from: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

export interface OpenRowFile {
  matrix: RowFileFeatureMatrix;
  close(): void;
}

async function folder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
}

type StoreMeta = Pick<IdbActivationStore['meta'], 'id' | 'createdAt'>;

/**
 * A file name for a store (ids hold '/' and '|'): two independent 32-bit hashes of its id and
 * creation time, so activations extracted again under the same key never meet an old file.
 */
function fileName({ id, createdAt }: StoreMeta): string {
  const key = `${id}|${createdAt}`;
  return `${hashString(key, 1).toString(16).padStart(8, '0')}${hashString(key, 2).toString(16).padStart(8, '0')}.rows`;
}

/**
 * The store's rows in a row file, written on first use (one block of rows in memory at a time)
 * and reused while its size matches. Throws the Storage panel's quota message when the disk
 * cannot hold the copy.
 */
export async function openRowFile(store: IdbActivationStore): Promise<OpenRowFile> {
  const { rows, layers, hidden, dtype } = store.meta;
  const size = store.byteSize();
  const dir = await folder();
  const name = fileName(store.meta);
  const ready = await dir.getFileHandle(`${name}.done`).then(
    () => true,
    () => false,
  );
  const file = await dir.getFileHandle(name, { create: true });
  const handle = await (file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle().catch((error: Error) => {
    // One reader at a time: another tab's LCA worker holds this run's file.
    if (error.name === 'NoModificationAllowedError') throw new Error('this run streams its activations from a file that another Salient tab has open: close that tab (or open another run there), then try again');
    throw error;
  });
  try {
    if (!ready || handle.getSize() !== size) await fill(store, handle, size, dir, name);
  } catch (error) {
    handle.close();
    await dir.removeEntry(name).catch(() => undefined);
    if (isQuotaError(error)) throw await storageFull(`stream this run's activations from a file (${layers} layers × ${rows} words)`, size);
    throw error;
  }
  return { matrix: new RowFileFeatureMatrix(handle, rows, layers * hidden, dtype), close: () => handle.close() };
}

async function fill(store: IdbActivationStore, handle: SyncAccessHandle, size: number, dir: FileSystemDirectoryHandle, name: string): Promise<void> {
  await dir.removeEntry(`${name}.done`).catch(() => undefined);
  const estimate = await navigator.storage.estimate();
  if (estimate.quota !== undefined && estimate.quota - (estimate.usage ?? 0) < size) {
    const error = new Error('quota');
    error.name = 'QuotaExceededError';
    throw error;
  }
  handle.truncate(0);
  const { layers, hidden } = store.meta;
  const rowBytes = layers * hidden * bytesPerValue(store.meta.dtype);
  await store.eachRowBlock((rowStart, n, data) => {
    const out = data[0] instanceof Uint16Array ? new Uint16Array(n * layers * hidden) : new Float32Array(n * layers * hidden);
    interleaveLayers(data, n, hidden, out);
    const bytes = new Uint8Array(out.buffer);
    if (handle.write(bytes, { at: rowStart * rowBytes }) !== bytes.byteLength) throw new Error('the row file took fewer bytes than written');
  });
  handle.flush();
  if (handle.getSize() !== size) throw new Error(`the row file holds ${handle.getSize()} bytes, expected ${size}: extract again`);
  await dir.getFileHandle(`${name}.done`, { create: true });
}

/** Removes the row files of every store but `keep` (a run switched away from, or left by a closed tab). */
export async function pruneRowFiles(keep: readonly StoreMeta[] = []): Promise<void> {
  const dir = await folder();
  const kept = new Set(keep.flatMap((meta) => [fileName(meta), `${fileName(meta)}.done`]));
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (!kept.has(name)) await dir.removeEntry(name).catch(() => undefined);
  }
}

/** Storage reset: every row file (one the LCA worker holds open stays until the worker lets it go). */
export async function removeRowFiles(): Promise<void> {
  await (await navigator.storage.getDirectory()).removeEntry(FOLDER, { recursive: true }).catch(() => undefined);
}
