import { decodeHalf } from '../store/float16';
/**
 * Row-streaming access to an activation matrix (rows = words, columns = neurons of all
 * layers concatenated). Probes read batches through this interface so that large
 * float16 stores never need a full float32 copy.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly dims: number;
  /** Writes rows [start, start + count) into `out` (row-major, count × dims). */
  readRows(start: number, count: number, out: Float32Array): void;
  /**
   * Matrices stored as float16 copy a row's raw bits to `out` at `offset`, so the probe can decode
   * a whole batch with SIMD instead of value by value in JS: columns [first, first + count) of
   * the row (default: all of it), so a column block costs only its own columns.
   */
  copyHalfRow?(row: number, out: Uint16Array, offset: number, first?: number, count?: number): void;
}

/** Dense in-memory float32 matrix. */
export class Float32FeatureMatrix implements FeatureMatrix {
  constructor(
    readonly data: Float32Array,
    readonly rows: number,
    readonly dims: number,
  ) {
    if (data.length < rows * dims) throw new Error(`need ${rows}×${dims} values, got ${data.length}`);
  }

  readRows(start: number, count: number, out: Float32Array): void {
    checkRange(this, start, count);
    out.set(this.data.subarray(start * this.dims, (start + count) * this.dims));
  }
}

/** IEEE half-precision storage (as written by activation stores), decoded per batch. */
export class Float16FeatureMatrix implements FeatureMatrix {
  constructor(
    readonly data: Uint16Array,
    readonly rows: number,
    readonly dims: number,
  ) {
    if (data.length < rows * dims) throw new Error(`need ${rows}×${dims} values, got ${data.length}`);
  }

  readRows(start: number, count: number, out: Float32Array): void {
    checkRange(this, start, count);
    const from = start * this.dims;
    decodeHalf(this.data.subarray(from, from + count * this.dims), out);
  }

  copyHalfRow(row: number, out: Uint16Array, offset: number, first = 0, count = this.dims - first): void {
    // A fresh view rather than subarray(): the same copy, and cheaper per row in Node 20's V8.
    out.set(new Uint16Array(this.data.buffer, this.data.byteOffset + (row * this.dims + first) * 2, count), offset);
  }
}

/** Only the listed columns (neurons) of `base`, in the given order: retraining on a subset. */
export class ColumnSubset implements FeatureMatrix {
  readonly dims: number;
  readonly copyHalfRow?: (row: number, out: Uint16Array, offset: number, first?: number, count?: number) => void;
  private scratch = new Float32Array(0);

  constructor(
    readonly base: FeatureMatrix,
    readonly columns: Int32Array,
  ) {
    for (const c of columns) if (c < 0 || c >= base.dims) throw new Error(`column ${c} outside 0..${base.dims - 1}`);
    this.dims = columns.length;
    const copy = base.copyHalfRow?.bind(base);
    if (!copy) return;
    // Raw float16 bits, so the probe decodes only the subset's columns: one range when they are
    // consecutive (a layer), else the base row gathered.
    const consecutive = columns.every((c, j) => c === columns[0] + j);
    const whole = new Uint16Array(consecutive ? 0 : base.dims);
    this.copyHalfRow = (row, out, offset, first = 0, count = this.dims - first) => {
      if (consecutive) return copy(row, out, offset, columns[0] + first, count);
      copy(row, whole, 0);
      for (let j = 0; j < count; j++) out[offset + j] = whole[columns[first + j]];
    };
  }

  get rows(): number {
    return this.base.rows;
  }

  readRows(start: number, count: number, out: Float32Array): void {
    const bd = this.base.dims;
    const chunk = Math.max(1, Math.min(count, Math.floor(262144 / Math.max(1, bd))));
    if (this.scratch.length < chunk * bd) this.scratch = new Float32Array(chunk * bd);
    const cols = this.columns;
    const k = cols.length;
    for (let r0 = 0; r0 < count; r0 += chunk) {
      const n = Math.min(chunk, count - r0);
      this.base.readRows(start + r0, n, this.scratch);
      for (let r = 0; r < n; r++) {
        const so = r * bd;
        const oo = (r0 + r) * k;
        for (let j = 0; j < k; j++) out[oo + j] = this.scratch[so + cols[j]];
      }
    }
  }
}

function checkRange(m: FeatureMatrix, start: number, count: number): void {
  if (start < 0 || count < 0 || start + count > m.rows) {
    throw new RangeError(`rows ${start}..${start + count - 1} outside 0..${m.rows - 1}`);
  }
}

let table: Float32Array | null = null;
