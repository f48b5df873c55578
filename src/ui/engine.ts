/** The UI's handles on the workers (one of each per tab, started lazily, restarted after a death). */
import * as Comlink from 'comlink';
import type { ExtractionWorkerApi } from '../../workers/extraction.worker';
import type { LcaWorkerApi } from '../../workers/lca.worker';
import { supervise, WorkerDied } from '../../workers/supervise';

export const extractionEngine = supervise<ExtractionWorkerApi>('extraction worker', () => new Worker(new URL('../../workers/extraction.worker.ts', import.meta.url), { type: 'module' }));

export const lcaEngine = supervise<LcaWorkerApi>('analysis worker', () => new Worker(new URL('../../workers/lca.worker.ts', import.meta.url), { type: 'module' }));

export { Comlink, WorkerDied };
