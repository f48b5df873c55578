/**
 * Activations too large for memory, read row by row from a file (OPFS in the browser, a file
 * descriptor in Node). The file holds one row per word, every layer's values side by side
 * (row-major, as the probe reads them), as stored: float16 bits or float32. The probe asks for
 * rows in the same shuffled order as from memory, so a run gives the same result whichever way
 * its activations are held; only the bytes' home differs.
 */
import type { FeatureMatrix } from '../probe/features';
import type { StorageDType } from '../options';
import { bytesPerValue } from './activationStore';
import { decodeHalf, halfToFloat } from './float16';

/** Synchronous random access to a file's bytes: OPFS's FileSystemSyncAccessHandle, or a Node file descriptor. */
export interface ByteSource {
  /** Fills `into` from byte `at`; returns the bytes read. */
  read(into: Uint8Array, options: { at: number }): number;
}

/** What the neuron inspector and reverse search need beyond rows: one neuron's value in every row. */
export interface NeuronMatrix extends FeatureMatrix {
  neuronValues(neuron: number): Float32Array;
}

/** Rows read per sequential block (readRows, neuronValues): about 8 MB at BERT-base width. */
const BLOCK_BYTES = 8 << 20;

export class RowFileFeatureMatrix implements NeuronMatrix {
  readonly copyHalfRow?: (row: number, out: Uint16Array, offset: number, first?: number, count?: number) => void;
  private readonly rowBytes: number;
  private block = new Uint8Array(0);

  constructor(
    private readonly source: ByteSource,
    readonly rows: number,
    readonly dims: number,
    readonly dtype: StorageDType,
  ) {
    this.rowBytes = dims * bytesPerValue(dtype);
    if (dtype === 'float16') {
      this.copyHalfRow = (row, out, offset, first = 0, count = dims - first) => {
        this.checkRows(row, 1);
        this.readExactly(new Uint8Array(out.buffer, out.byteOffset + offset * 2, count * 2), row * this.rowBytes + first * 2);
      };
    }
  }

  readRows(start: number, count: number, out: Float32Array): void {
    this.checkRows(start, count);
    const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / this.rowBytes));
    for (let r = 0; r < count; r += perBlock) {
      const n = Math.min(perBlock, count - r);
      const values = this.readBlock(start + r, n);
      const target = out.subarray(r * this.dims, (r + n) * this.dims);
      if (values instanceof Uint16Array) decodeHalf(values, target);
      else target.set(values);
    }
  }

  /** One sequential pass over the file, keeping one column: the inspector's histogram and top words. */
  neuronValues(neuron: number): Float32Array {
    if (neuron < 0 || neuron >= this.dims) throw new RangeError(`neuron ${neuron} outside 0..${this.dims - 1}`);
    const out = new Float32Array(this.rows);
    const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / this.rowBytes));
    for (let r = 0; r < this.rows; r += perBlock) {
      const n = Math.min(perBlock, this.rows - r);
      const values = this.readBlock(r, n);
      for (let i = 0; i < n; i++) {
        const v = values[i * this.dims + neuron];
        out[r + i] = values instanceof Uint16Array ? halfToFloat(v) : v;
      }
    }
    return out;
  }

  /** Rows [start, start + n) as stored, in a reused buffer. */
  private readBlock(start: number, n: number): Uint16Array | Float32Array {
    const bytes = n * this.rowBytes;
    if (this.block.byteLength < bytes) this.block = new Uint8Array(bytes);
    const view = this.block.subarray(0, bytes);
    this.readExactly(view, start * this.rowBytes);
    return this.dtype === 'float16' ? new Uint16Array(view.buffer, 0, bytes / 2) : new Float32Array(view.buffer, 0, bytes / 4);
  }

  private readExactly(into: Uint8Array, at: number): void {
    const read = this.source.read(into, { at });
    if (read !== into.byteLength) throw new Error(`the activation file ended early: ${read} of ${into.byteLength} bytes at byte ${at}`);
  }

  private checkRows(start: number, count: number): void {
    if (start < 0 || count < 0 || start + count > this.rows) throw new RangeError(`rows ${start}..${start + count - 1} outside 0..${this.rows - 1}`);
  }
}

/**
 * Lays rows [0, n) of every layer side by side (row-major, layer after layer within a row):
 * a block of a per-layer store as the row file holds it.
 */
export function interleaveLayers<T extends Uint16Array | Float32Array>(layers: readonly T[], n: number, hidden: number, out: T): T {
  const dims = layers.length * hidden;
  if (out.length < n * dims) throw new Error(`need room for ${n} × ${dims} values, got ${out.length}`);
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    if (layer.length < n * hidden) throw new Error(`layer ${l} holds ${layer.length} values, expected ${n} × ${hidden}`);
    for (let r = 0; r < n; r++) out.set(layer.subarray(r * hidden, (r + 1) * hidden), r * dims + l * hidden);
  }
  return out;
}
