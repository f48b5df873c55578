import type { FeatureMatrix } from '../probe/features';
import { halfToFloat } from '../store/float16';

const ROW_BLOCK_FLOATS = 1 << 20;

/** Calls `visit(row, values, offset)` for every example row, reading the matrix in blocks. */
export function forEachRow(
  features: FeatureMatrix,
  rows: Int32Array | null,
  visit: (example: number, values: Float32Array, offset: number) => void,
): void {
  const d = features.dims;
  const n = rows ? rows.length : features.rows;
  const block = Math.max(1, Math.floor(ROW_BLOCK_FLOATS / Math.max(1, d)));
  const buf = new Float32Array(block * d);
  for (let start = 0; start < n; start += block) {
    const count = Math.min(block, n - start);
    if (rows) for (let j = 0; j < count; j++) features.readRows(rows[start + j], 1, buf.subarray(j * d, (j + 1) * d));
    else features.readRows(start, count, buf);
    for (let j = 0; j < count; j++) visit(start + j, buf, j * d);
  }
}

/**
 * Gives whole columns (all example values of a few neurons at a time) while holding at
 * most `budgetFloats` values: one pass over the matrix per block of neurons.
 */
export function forEachColumnBlock(
  features: FeatureMatrix,
  rows: Int32Array | null,
  budgetFloats: number,
  visit: (firstNeuron: number, columns: Float32Array[]) => void,
): void {
  const n = rows ? rows.length : features.rows;
  const width = Math.max(1, Math.min(features.dims, Math.floor(budgetFloats / Math.max(1, n))));
  for (let first = 0; first < features.dims; first += width) {
    const k = Math.min(width, features.dims - first);
    const cols = Array.from({ length: k }, () => new Float32Array(n));
    if (features.copyHalfRow) {
      // Only this block's columns, as stored: a pass costs its k columns, not every neuron's.
      const halves = new Uint16Array(k);
      for (let ex = 0; ex < n; ex++) {
        features.copyHalfRow(rows ? rows[ex] : ex, halves, 0, first, k);
        for (let j = 0; j < k; j++) cols[j][ex] = halfToFloat(halves[j]);
      }
    } else {
      forEachRow(features, rows, (ex, values, off) => {
        for (let j = 0; j < k; j++) cols[j][ex] = values[off + first + j];
      });
    }
    visit(first, cols);
  }
}
