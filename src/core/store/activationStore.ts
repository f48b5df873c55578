/**
 * Per-layer activation matrices [rows × hidden], one row per word (plus
 * special-token rows when asked). Stored as float16 by default. Writers append
 * row blocks for all layers at once (extraction produces every layer together);
 * readers pull one layer at a time, so a corpus larger than memory streams.
 */
import type { Aggregation, StorageDType } from '../options';
import { decodeHalf, encodeHalf } from './float16';

export interface ActivationKey {
  model: string;
  corpusHash: string;
  aggregation: Aggregation;
  includeSpecialTokens: boolean;
  dtype: StorageDType;
}

export interface ActivationMeta extends ActivationKey {
  /** Embeddings + one per transformer layer. */
  layers: number;
  hidden: number;
  rows: number;
  sentences: number;
  /** First row of each sentence and the total (sentences + 1 entries). */
  rowOffsets: number[];
  droppedWords: number;
  complete: boolean;
  createdAt: string;
}

/** Where extraction writes: blocks of whole sentences' rows, every layer at once. */
export interface ActivationSink {
  /** Stores rows [rowStart, rowStart + n) of every layer; `layers[l]` is n × hidden float32. */
  writeRows(rowStart: number, layers: Float32Array[]): Promise<void>;
  /** Marks extraction finished; a store that is not complete is resumable/discardable. */
  finish(): Promise<void>;
}

export interface ActivationStore extends ActivationSink {
  readonly meta: ActivationMeta;
  /** The whole layer as float32 (one layer in memory at a time). */
  readLayer(layer: number): Promise<Float32Array>;
  /** The whole layer as stored (float16 bits or float32), without decoding. */
  readLayerRaw(layer: number): Promise<Uint16Array | Float32Array>;
  /** Bytes the activations take where they are stored. */
  byteSize(): number;
}

export function activationKeyString(key: ActivationKey): string {
  return [key.model, key.corpusHash, key.aggregation, key.includeSpecialTokens ? 'special' : 'words', key.dtype].join('|');
}

export function bytesPerValue(dtype: StorageDType): number {
  return dtype === 'float16' ? 2 : 4;
}

export function encodeRows(values: Float32Array, dtype: StorageDType): Uint16Array | Float32Array {
  return dtype === 'float16' ? encodeHalf(values) : values.slice();
}

export function decodeRows(stored: Uint16Array | Float32Array, out?: Float32Array): Float32Array {
  if (stored instanceof Uint16Array) return decodeHalf(stored, out);
  if (out) {
    out.set(stored);
    return out;
  }
  return stored;
}

/** Keeps everything in memory: for Node, tests and small corpora. */
export class MemoryActivationStore implements ActivationStore {
  private readonly data: (Uint16Array | Float32Array)[];
  constructor(readonly meta: ActivationMeta) {
    const size = meta.rows * meta.hidden;
    this.data = Array.from({ length: meta.layers }, () => (meta.dtype === 'float16' ? new Uint16Array(size) : new Float32Array(size)));
  }
  /** The stored per-layer arrays, as kept (float16 bits or float32): no copy. */
  layerData(): readonly (Uint16Array | Float32Array)[] {
    return this.data;
  }
  async writeRows(rowStart: number, layers: Float32Array[]): Promise<void> {
    layers.forEach((values, l) => this.data[l].set(encodeRows(values, this.meta.dtype), rowStart * this.meta.hidden));
  }
  async readLayer(layer: number): Promise<Float32Array> {
    return decodeRows(this.data[layer], new Float32Array(this.data[layer].length));
  }
  async readLayerRaw(layer: number): Promise<Uint16Array | Float32Array> {
    return this.data[layer];
  }
  async finish(): Promise<void> {
    this.meta.complete = true;
  }
  byteSize(): number {
    return this.meta.layers * this.meta.rows * this.meta.hidden * bytesPerValue(this.meta.dtype);
  }
}
