/** The UI's handle on the extraction worker (one per tab, created lazily). */
import * as Comlink from 'comlink';
import type { ExtractionWorkerApi } from '../../workers/extraction.worker';

let engine: Comlink.Remote<ExtractionWorkerApi> | undefined;

export function extractionEngine(): Comlink.Remote<ExtractionWorkerApi> {
  engine ??= Comlink.wrap<ExtractionWorkerApi>(new Worker(new URL('../../workers/extraction.worker.ts', import.meta.url), { type: 'module' }));
  return engine;
}

export { Comlink };
