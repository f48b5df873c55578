/**
 * A worker that may die. A worker that throws outside a call (an ONNX Runtime or WASM abort,
 * memory exhausted) or cannot read a message is dead to us: every pending call is rejected with
 * WorkerDied, listeners are told, the worker is terminated, and the next call starts a fresh one.
 * Without this, comlink calls to a dead worker wait forever and the dead worker is reused.
 */
import * as Comlink from 'comlink';

export class WorkerDied extends Error {
  constructor(readonly worker: string, reason: string) {
    super(`The ${worker} stopped (${reason}). What it held in memory is gone; stored runs, corpora and activations are kept.`);
    this.name = 'WorkerDied';
  }
}

interface Live<T> {
  worker: Worker;
  remote: Comlink.Remote<T>;
  died: Promise<never>;
}

export interface Supervised<T> {
  /** The live worker's handle (started on first use, restarted after a death). */
  (): Comlink.Remote<T>;
  /** Called after each death, with the error pending calls were rejected with. */
  onDeath(listener: (error: WorkerDied) => void): () => void;
}

export function supervise<T>(name: string, create: () => Worker): Supervised<T> {
  let live: Live<T> | undefined;
  const listeners = new Set<(error: WorkerDied) => void>();

  const start = (): Live<T> => {
    const worker = create();
    let kill!: (error: WorkerDied) => void;
    const died = new Promise<never>((_, reject) => (kill = reject));
    died.catch(() => {}); // nobody may be waiting
    const current: Live<T> = { worker, remote: Comlink.wrap<T>(worker), died };
    const die = (reason: string) => {
      if (live !== current) return;
      live = undefined;
      worker.terminate();
      const error = new WorkerDied(name, reason);
      kill(error);
      for (const listener of listeners) listener(error);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      die(event.message || 'it crashed, possibly out of memory');
    });
    worker.addEventListener('messageerror', () => die('it sent a message that could not be read'));
    return current;
  };

  // Every method call races the worker's death, so no call outlives its worker.
  const handle = new Proxy({} as Comlink.Remote<T>, {
    get(_, method) {
      if (method === 'then') return undefined; // not a promise
      return (...args: unknown[]) => {
        live ??= start();
        const { remote, died } = live;
        const call = (remote as unknown as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>)[method](...args);
        return Promise.race([call, died]);
      };
    },
  });

  const supervised = (() => handle) as Supervised<T>;
  supervised.onDeath = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return supervised;
}
