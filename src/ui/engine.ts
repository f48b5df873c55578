/** The UI's handles on the workers (one of each per tab, created lazily). */
import * as Comlink from 'comlink';
import type { ExtractionWorkerApi } from '../../workers/extraction.worker';
import type { LcaWorkerApi } from '../../workers/lca.worker';

let engine: Comlink.Remote<ExtractionWorkerApi> | undefined;
let lca: Comlink.Remote<LcaWorkerApi> | undefined;

export function extractionEngine(): Comlink.Remote<ExtractionWorkerApi> {
  engine ??= Comlink.wrap<ExtractionWorkerApi>(new Worker(new URL('../../workers/extraction.worker.ts', import.meta.url), { type: 'module' }));
  return engine;
}

export function lcaEngine(): Comlink.Remote<LcaWorkerApi> {
  lca ??= Comlink.wrap<LcaWorkerApi>(new Worker(new URL('../../workers/lca.worker.ts', import.meta.url), { type: 'module' }));
  return lca;
}

export { Comlink };
