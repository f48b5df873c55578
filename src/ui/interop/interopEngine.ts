/** The UI's handle on the interop worker (started on first use, one per tab, restarted after a death). */
import type { InteropWorkerApi } from '../../../workers/interop.worker';
import { supervise } from '../../../workers/supervise';

export const interopEngine = supervise<InteropWorkerApi>('import worker', () => new Worker(new URL('../../../workers/interop.worker.ts', import.meta.url), { type: 'module' }));
