import type { FeatureMatrix } from './features';
import { createKernels, type KernelBackend, type Kernels } from './kernels';

/** Rounds up to a multiple of 4 (the SIMD width and row-block size). */
export const pad4 = (n: number) => (n + 3) & ~3;

/**
 * The probe's heap layout: weights (+ gradient and Adam moments when training),
 * one block of input rows, and their logits/gradients. Rows are zero-padded to a
 * multiple of 4 floats.
 */
export class Workspace {
  readonly kernels: Kernels;
  readonly rowFloats: number;
  readonly blockRows: number;
  readonly w: number;
  readonly dw: number;
  readonly m: number;
  readonly v: number;
  readonly x: number;
  readonly z: number;
  readonly g: number;
  /** Staging for a block of float16 rows (rowFloats halves each), decoded into x by the kernels. */
  readonly xHalf: number;
  private readonly halves: Uint16Array;

  constructor(
    readonly dims: number,
    readonly outputs: number,
    blockRows: number,
    training: boolean,
    backend: KernelBackend = 'auto',
  ) {
    this.rowFloats = pad4(dims);
    this.blockRows = pad4(blockRows);
    const wSize = outputs * this.rowFloats;
    let at = 0;
    const take = (n: number) => ((at += n), at - n);
    this.w = take(wSize);
    this.dw = training ? take(wSize) : 0;
    this.m = training ? take(wSize) : 0;
    this.v = training ? take(wSize) : 0;
    this.x = take(this.blockRows * this.rowFloats);
    this.z = take(this.blockRows * outputs);
    this.g = take(this.blockRows * outputs);
    this.xHalf = take((this.blockRows * this.rowFloats) / 2);
    this.kernels = createKernels(at, backend);
    const heap = this.kernels.heap;
    this.halves = new Uint16Array(heap.buffer, heap.byteOffset + this.xHalf * 4, this.blockRows * this.rowFloats);
  }

  get heap(): Float32Array {
    return this.kernels.heap;
  }

  /** Copies unpadded outputs × dims weights in. */
  setWeights(weights: Float32Array): void {
    const h = this.heap;
    for (let c = 0; c < this.outputs; c++) {
      h.set(weights.subarray(c * this.dims, (c + 1) * this.dims), this.w + c * this.rowFloats);
    }
  }

  /** Copies the weights out, unpadded. */
  getWeights(): Float32Array {
    const out = new Float32Array(this.outputs * this.dims);
    for (let c = 0; c < this.outputs; c++) {
      const o = this.w + c * this.rowFloats;
      out.set(this.heap.subarray(o, o + this.dims), c * this.dims);
    }
    return out;
  }

  /** Reads `count` example rows (order[from..]) into the input block. */
  loadRows(features: FeatureMatrix, rows: Int32Array | null, order: Int32Array | null, from: number, count: number): void {
    const h = this.heap;
    const rf = this.rowFloats;
    const d = this.dims;
    if (features.copyHalfRow) {
      // Raw float16 rows into the staging block (their padding stays zero), then one decode.
      for (let j = 0; j < count; j++) {
        const example = order ? order[from + j] : from + j;
        features.copyHalfRow(rows ? rows[example] : example, this.halves, j * rf);
      }
      this.kernels.decodeHalf(this.xHalf, this.x, count * rf);
      return;
    }
    if (!order && !rows && rf === d) {
      features.readRows(from, count, h.subarray(this.x, this.x + count * d));
      return;
    }
    for (let j = 0; j < count; j++) {
      const example = order ? order[from + j] : from + j;
      const row = rows ? rows[example] : example;
      const o = this.x + j * rf;
      features.readRows(row, 1, h.subarray(o, o + d));
    }
  }

  /** Logits of the first `count` rows of the block into z (bias not added). */
  forward(count: number): void {
    this.kernels.forward(this.x, this.w, this.z, pad4(count), this.outputs, this.rowFloats);
  }
}
