/**
 * The app's routes live in the URL fragment, so every view and every neuron has a link:
 *   #/                                   setup and runs
 *   #/run/<id>[/<view>]                  a run in this browser
 *   #/run/<id>/layer/<l>/neuron/<u>      one neuron of it
 *   #/compare/<a>/<b>                    two runs side by side
 *   #/properties/<a>/<b>[/<c>…]          several properties of one model: properties × layers, overlap
 *   #/share/<payload>[/<view> | /layer/<l>/neuron/<u>]   a shared summary (see summary.ts)
 */
export const RESULT_VIEWS = ['heatmap', 'layers', 'accuracy', 'classes', 'search', 'neuron'] as const;
export type ResultView = (typeof RESULT_VIEWS)[number];

export interface NeuronRef {
  layer: number;
  unit: number;
}

export type Route =
  | { kind: 'home' }
  | { kind: 'run'; id: string; view: ResultView; neuron?: NeuronRef }
  | { kind: 'share'; payload: string; view: ResultView; neuron?: NeuronRef }
  | { kind: 'compare'; a: string; b: string }
  | { kind: 'properties'; ids: string[] }
  | { kind: 'invalid'; reason: string };

/** How many runs one properties view compares. */
export const MAX_PROPERTIES = 12;

const RUN_ID = /^[a-z0-9-]{1,64}$/;
const PAYLOAD = /^[A-Za-z0-9_.-]+$/;
const INDEX = /^(0|[1-9]\d{0,5})$/;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts.length === 0) return { kind: 'home' };
  const [head, first, ...rest] = parts;
  if (head === 'compare') {
    if (parts.length === 3 && RUN_ID.test(parts[1]) && RUN_ID.test(parts[2])) return { kind: 'compare', a: parts[1], b: parts[2] };
    return { kind: 'invalid', reason: 'This comparison link is malformed: it should name two runs (#/compare/<run>/<run>).' };
  }
  if (head === 'properties') {
    const ids = parts.slice(1);
    if (ids.length >= 2 && ids.length <= MAX_PROPERTIES && ids.every((id) => RUN_ID.test(id))) return { kind: 'properties', ids };
    return { kind: 'invalid', reason: `This properties link is malformed: it should name 2 to ${MAX_PROPERTIES} runs (#/properties/<run>/<run>/…).` };
  }
  if (head === 'run' || head === 'share') {
    const valid = head === 'run' ? RUN_ID.test(first ?? '') : PAYLOAD.test(first ?? '');
    if (!valid) return { kind: 'invalid', reason: head === 'run' ? 'This run link names no valid run id.' : 'This share link is damaged: its summary holds characters a share link never has.' };
    const tail = parseTail(rest);
    if ('reason' in tail) return { kind: 'invalid', reason: tail.reason };
    return head === 'run' ? { kind: 'run', id: first, ...tail } : { kind: 'share', payload: first, ...tail };
  }
  return { kind: 'invalid', reason: `There is no page "#/${parts.join('/').slice(0, 80)}" in Salient.` };
}

function parseTail(rest: string[]): { view: ResultView; neuron?: NeuronRef } | { reason: string } {
  if (rest.length === 0) return { view: 'heatmap' };
  if (rest.length === 1 && (RESULT_VIEWS as readonly string[]).includes(rest[0])) return { view: rest[0] as ResultView };
  if (rest.length === 4 && rest[0] === 'layer' && rest[2] === 'neuron' && INDEX.test(rest[1]) && INDEX.test(rest[3])) {
    return { view: 'neuron', neuron: { layer: Number(rest[1]), unit: Number(rest[3]) } };
  }
  return { reason: `"${rest.join('/').slice(0, 80)}" is not a view of a run (views: ${RESULT_VIEWS.join(', ')}, or layer/<l>/neuron/<n>).` };
}

export function formatRoute(route: Exclude<Route, { kind: 'invalid' }>): string {
  switch (route.kind) {
    case 'home':
      return '#/';
    case 'compare':
      return `#/compare/${route.a}/${route.b}`;
    case 'properties':
      return `#/properties/${route.ids.join('/')}`;
    case 'run':
    case 'share': {
      const base = `#/${route.kind}/${route.kind === 'run' ? route.id : route.payload}`;
      if (route.view === 'neuron' && route.neuron) return `${base}/layer/${route.neuron.layer}/neuron/${route.neuron.unit}`;
      return route.view === 'heatmap' ? base : `${base}/${route.view}`;
    }
  }
}

/** Global neuron index ↔ (layer, unit) in a concatenation of equal layers. */
export function neuronRef(neuron: number, neuronsPerLayer: number): NeuronRef {
  return { layer: Math.floor(neuron / neuronsPerLayer), unit: neuron % neuronsPerLayer };
}

export function globalNeuron(ref: NeuronRef, neuronsPerLayer: number): number {
  return ref.layer * neuronsPerLayer + ref.unit;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The address a share link points at: this page, unless it runs on this computer only
 * (localhost) and the build names a public copy (SALIENT_PUBLIC_URL), which colleagues can open.
 */
export function shareAddress(page: URL, publicUrl: string): { base: string; public: boolean } {
  if (publicUrl && LOOPBACK.has(page.hostname)) return { base: new URL(publicUrl).href, public: true };
  return { base: `${page.origin}${page.pathname}`, public: false };
}
