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
    const table = halfTable();
    const src = this.data;
    const from = start * this.dims;
    const n = count * this.dims;
    for (let i = 0; i < n; i++) out[i] = table[src[from + i]];
  }
}

/** Only the listed columns (neurons) of `base`, in the given order: retraining on a subset. */
export class ColumnSubset implements FeatureMatrix {
  readonly dims: number;
  private scratch = new Float32Array(0);

  constructor(
    readonly base: FeatureMatrix,
    readonly columns: Int32Array,
  ) {
    for (const c of columns) if (c < 0 || c >= base.dims) throw new Error(`column ${c} outside 0..${base.dims - 1}`);
    this.dims = columns.length;
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

/** All 65,536 half-precision values as float32: decoding becomes one lookup. */
function halfTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  return table;
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Round-to-nearest-even float → half bits (for tests and for writing stores). */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++; // may carry into the exponent: correct
  return sign | half;
}
