/**
 * Activation store in IndexedDB (browser edge of src/core/store): each
 * extraction chunk is one record per layer, so writing never holds more than a
 * chunk and reading holds one layer. Keyed by (model, corpus hash, aggregation,
 * special tokens, dtype): a reload finds complete activations and skips extraction.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  activationKeyString,
  bytesPerValue,
  decodeRows,
  encodeRows,
  type ActivationKey,
  type ActivationMeta,
  type ActivationStore,
} from '../core/store/activationStore';

interface SalientDB extends DBSchema {
  activations: { key: string; value: ActivationMeta & { id: string } };
  chunks: { key: [string, number, number]; value: { data: Uint16Array | Float32Array } };
}

let dbPromise: Promise<IDBPDatabase<SalientDB>> | undefined;
function db(): Promise<IDBPDatabase<SalientDB>> {
  dbPromise ??= openDB<SalientDB>('salient', 1, {
    upgrade(database) {
      database.createObjectStore('activations', { keyPath: 'id' });
      database.createObjectStore('chunks');
    },
  });
  return dbPromise;
}

class IdbActivationStore implements ActivationStore {
  constructor(readonly meta: ActivationMeta & { id: string }) {}

  async writeRows(rowStart: number, layers: Float32Array[]): Promise<void> {
    const tx = (await db()).transaction('chunks', 'readwrite');
    await Promise.all([...layers.map((values, l) => tx.store.put({ data: encodeRows(values, this.meta.dtype) }, [this.meta.id, l, rowStart])), tx.done]);
  }

  async readLayer(layer: number): Promise<Float32Array> {
    const { hidden, rows, id } = this.meta;
    const out = new Float32Array(rows * hidden);
    const range = IDBKeyRange.bound([id, layer, 0], [id, layer, Number.MAX_SAFE_INTEGER]);
    let cursor = await (await db()).transaction('chunks').store.openCursor(range);
    while (cursor) {
      const rowStart = cursor.key[2];
      const data = cursor.value.data;
      decodeRows(data, out.subarray(rowStart * hidden, rowStart * hidden + data.length));
      cursor = await cursor.continue();
    }
    return out;
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
export async function createIdbStore(meta: ActivationMeta): Promise<ActivationStore> {
  const id = activationKeyString(meta);
  await deleteActivations(id);
  const record = { ...meta, id, complete: false };
  await (await db()).put('activations', record);
  return new IdbActivationStore(record);
}

/** Complete activations for this key, if a previous session extracted them. */
export async function findIdbStore(key: ActivationKey): Promise<ActivationStore | undefined> {
  const meta = await (await db()).get('activations', activationKeyString(key));
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
