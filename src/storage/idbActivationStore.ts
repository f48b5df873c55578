/**
 * Activation store in IndexedDB (browser edge of src/core/store): each
 * extraction chunk is one record per layer, so writing never holds more than a
 * chunk and reading holds one layer. Keyed by (model, corpus hash, aggregation,
 * special tokens, dtype): a reload finds complete activations and skips extraction.
 */
import { salientDb as db } from './db';
import {
  activationKeyString,
  bytesPerValue,
  decodeRows,
  encodeRows,
  type ActivationKey,
  type ActivationMeta,
  type ActivationStore,
} from '../core/store/activationStore';

export class IdbActivationStore implements ActivationStore {
  constructor(readonly meta: ActivationMeta & { id: string }) {}

  async writeRows(rowStart: number, layers: Float32Array[]): Promise<void> {
    const tx = (await db()).transaction('chunks', 'readwrite');
    await Promise.all([...layers.map((values, l) => tx.store.put({ data: encodeRows(values, this.meta.dtype) }, [this.meta.id, l, rowStart])), tx.done]);
  }

  async readLayer(layer: number): Promise<Float32Array> {
    const { hidden, rows } = this.meta;
    const out = new Float32Array(rows * hidden);
    await this.eachChunk(layer, (rowStart, data) => decodeRows(data, out.subarray(rowStart * hidden, rowStart * hidden + data.length)));
    return out;
  }

  /** The layer as stored (float16 bits or float32), without decoding: what the probe streams from. */
  async readLayerRaw(layer: number): Promise<Uint16Array | Float32Array> {
    const { hidden, rows, dtype } = this.meta;
    const out = dtype === 'float16' ? new Uint16Array(rows * hidden) : new Float32Array(rows * hidden);
    await this.eachChunk(layer, (rowStart, data) => out.set(data, rowStart * hidden));
    return out;
  }

  /**
   * Every stored block of rows with all its layers (one block in memory at a time), in row order:
   * what a row file is filled from.
   */
  async eachRowBlock(visit: (rowStart: number, rows: number, layers: (Uint16Array | Float32Array)[]) => Promise<void> | void): Promise<void> {
    const { id, layers, hidden } = this.meta;
    const range = IDBKeyRange.bound([id, 0, 0], [id, 0, Number.MAX_SAFE_INTEGER]);
    const starts = (await (await db()).getAllKeys('chunks', range)).map((key) => key[2]);
    for (const rowStart of starts) {
      const store = (await db()).transaction('chunks').store;
      const records = await Promise.all(Array.from({ length: layers }, (_, l) => store.get([id, l, rowStart])));
      const data = records.map((record, l) => {
        if (!record) throw new Error(`layer ${l} of the stored rows from ${rowStart} is missing: extract again`);
        return record.data;
      });
      await visit(rowStart, data[0].length / hidden, data);
    }
  }

  private async eachChunk(layer: number, visit: (rowStart: number, data: Uint16Array | Float32Array) => void): Promise<void> {
    const range = IDBKeyRange.bound([this.meta.id, layer, 0], [this.meta.id, layer, Number.MAX_SAFE_INTEGER]);
    let cursor = await (await db()).transaction('chunks').store.openCursor(range);
    while (cursor) {
      visit(cursor.key[2], cursor.value.data);
      cursor = await cursor.continue();
    }
  }

  async finish(): Promise<void> {
    this.meta.complete = true;
    await (await db()).put('activations', this.meta);
  }

  byteSize(): number {
    return this.meta.layers * this.meta.rows * this.meta.hidden * bytesPerValue(this.meta.dtype);
  }
}

/** A fresh store for `meta` (replacing any earlier, possibly interrupted, one with the same key). */
export async function createIdbStore(meta: ActivationMeta): Promise<IdbActivationStore> {
  const id = activationKeyString(meta);
  await deleteActivations(id);
  const record = { ...meta, id, complete: false };
  await (await db()).put('activations', record);
  return new IdbActivationStore(record);
}

/** Complete activations for this key, if a previous session extracted them. */
export async function findIdbStore(key: ActivationKey | string): Promise<IdbActivationStore | undefined> {
  const meta = await (await db()).get('activations', typeof key === 'string' ? key : activationKeyString(key));
  return meta?.complete ? new IdbActivationStore(meta) : undefined;
}

export async function listActivations(): Promise<(ActivationMeta & { id: string })[]> {
  return (await db()).getAll('activations');
}

export async function deleteActivations(id: string): Promise<void> {
  const tx = (await db()).transaction(['activations', 'chunks'], 'readwrite');
  await tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0, 0], [id, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]));
  await tx.objectStore('activations').delete(id);
  await tx.done;
}
