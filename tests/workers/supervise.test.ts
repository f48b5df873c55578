/**
 * A dying worker (issue 10): a call pending when the worker throws outside a call, or sends a
 * message that cannot be read, is rejected with WorkerDied; listeners hear of it; the next call
 * runs on a fresh worker. Workers are stood in for by MessageChannel ports running a real
 * comlink endpoint.
 */
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { supervise, WorkerDied } from '../../workers/supervise';

/** A comlink-exposed API on the far end of a port, with the Worker events the supervisor listens to. */
class FakeWorker extends EventTarget {
  readonly port: MessagePort;
  terminated = false;
  constructor(api: object) {
    super();
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, port2);
    this.port = port1;
  }
  postMessage(message: unknown, transfer: Transferable[] = []) {
    this.port.postMessage(message, transfer);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
    if (type === 'message') {
      this.port.addEventListener('message', listener);
      this.port.start();
    } else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
    if (type === 'message') this.port.removeEventListener('message', listener);
    else super.removeEventListener(type, listener);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
  /** What a worker's uncaught exception looks like from the page. */
  crash(message: string) {
    const event = new Event('error', { cancelable: true }) as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}

const api = {
  forever: () => new Promise<never>(() => {}),
  add: (a: number, b: number) => a + b,
};

describe('supervised workers', () => {
  it('rejects a pending call when the worker dies, tells listeners, and starts a fresh worker', async () => {
    const started: FakeWorker[] = [];
    const engine = supervise<typeof api>('extraction worker', () => {
      const worker = new FakeWorker(api);
      started.push(worker);
      return worker as unknown as Worker;
    });
    const heard: WorkerDied[] = [];
    engine.onDeath((e) => heard.push(e));

    expect(await engine().add(1, 2)).toBe(3);
    const pending: Promise<unknown> = engine().forever();
    started[0].crash('Uncaught RangeError: WebAssembly.Memory(): could not allocate memory');
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerDied);
    expect((error as Error).message).toBe(
      'The extraction worker stopped (Uncaught RangeError: WebAssembly.Memory(): could not allocate memory). What it held in memory is gone; stored runs, corpora and activations are kept.',
    );
    expect(heard).toEqual([error]);
    expect(started[0].terminated).toBe(true);

    // The dead worker is never reused.
    expect(await engine().add(2, 3)).toBe(5);
    expect(started).toHaveLength(2);
    started.forEach((w) => w.terminate());
  });

  it('treats an unreadable message as a death too', async () => {
    const started: FakeWorker[] = [];
    const engine = supervise<typeof api>('analysis worker', () => {
      const worker = new FakeWorker(api);
      started.push(worker);
      return worker as unknown as Worker;
    });
    const pending = engine().forever();
    await new Promise((r) => setTimeout(r, 10));
    started[0].dispatchEvent(new Event('messageerror'));
    await expect(pending).rejects.toThrow('The analysis worker stopped (it sent a message that could not be read)');
    expect(await engine().add(1, 1)).toBe(2);
    started.forEach((w) => w.terminate());
  });
});
