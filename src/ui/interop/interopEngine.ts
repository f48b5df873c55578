/** The UI's handle on the interop worker (created on first use, one per tab). */
import * as Comlink from 'comlink';
import type { InteropWorkerApi } from '../../../workers/interop.worker';

let engine: Comlink.Remote<InteropWorkerApi> | undefined;

export function interopEngine(): Comlink.Remote<InteropWorkerApi> {
  engine ??= Comlink.wrap<InteropWorkerApi>(new Worker(new URL('../../../workers/interop.worker.ts', import.meta.url), { type: 'module' }));
  return engine;
}
