import type { FeatureMatrix } from '../probe/features';
import { rank, type ScoredOrdering } from './probeless';
import { forEachColumnBlock } from './stream';
import { TIE_SEED } from './ties';

/**
 * NeuroX's `iou_probe.get_neuron_ordering` (which computes no IoU: it ranks neurons by
 * average precision). Activations with |x| below `threshold` are zeroed (NeuroX: 0.05, in
 * float32), then each neuron's activation, signed, is a detector score for a class, scored
 * with scikit-learn's `average_precision_score` (Σ over distinct thresholds, highest first,
 * of ΔRecall · Precision). Exact on whole columns, streamed in blocks of `budgetFloats`.
 *
 * Two classes: the AP of class 1 (NeuroX's positive label; `positive` in concept tasks).
 * More classes (NeuroX has no multi-class form): each class one-vs-rest, scored as the lift
 * of AP over its chance level, (AP_c − π_c) / (1 − π_c) with π_c the class's share, and a
 * neuron scores its best class. The lift keeps rare classes comparable with frequent ones.
 */
export interface AveragePrecisionOptions {
  /** |x| below this counts as 0 (default 0.05, NeuroX's). */
  threshold?: number;
  /** Memory budget for column blocks, in floats (default 16M = 64 MB). */
  budgetFloats?: number;
  /** Seed of the tie-breaking hash. */
  seed?: number;
}

export const DEFAULT_AP_THRESHOLD = 0.05;
const DEFAULT_BUDGET = 16 * 1024 * 1024;

export function averagePrecisionOrdering(
  features: FeatureMatrix,
  rows: Int32Array | null,
  y: Int32Array,
  classes: number,
  options: AveragePrecisionOptions = {},
): ScoredOrdering {
  const threshold = Math.fround(options.threshold ?? DEFAULT_AP_THRESHOLD);
  const n = y.length;
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) counts[y[i]]++;
  const scored = classes === 2 ? [1] : Array.from({ length: classes }, (_, c) => c).filter((c) => counts[c] > 0 && counts[c] < n);
  const scores = new Float64Array(features.dims);
  const keys = new Float64Array(n);
  const lo = new Uint32Array(keys.buffer);
  const ap = new Float64Array(classes);
  forEachColumnBlock(features, rows, options.budgetFloats ?? DEFAULT_BUDGET, (first, cols) => {
    cols.forEach((col, j) => {
      sortWithClasses(col, y, threshold, keys, lo);
      apPerClass(keys, lo, counts, ap);
      let best = -Infinity;
      for (const c of scored) {
        const value = classes === 2 ? ap[c] : (ap[c] - counts[c] / n) / (1 - counts[c] / n);
        if (value > best) best = value;
      }
      scores[first + j] = best === -Infinity ? 0 : best;
    });
  });
  return rank(scores, options.seed ?? TIE_SEED);
}

/**
 * Sorts the values ascending with each value's class riding in the float64's low mantissa
 * bits: a float32 widened to float64 has 29 zero low bits, so writing the class there keeps
 * the order of distinct values and `Math.fround` recovers the value (one native sort, no
 * index array).
 */
function sortWithClasses(col: Float32Array, y: Int32Array, threshold: number, keys: Float64Array, lo: Uint32Array): void {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    keys[i] = Math.abs(v) < threshold ? 0 : v + 0; // + 0 turns −0 into 0
    lo[2 * i] = (lo[2 * i] & ~0x1fffffff) | y[i]; // little-endian: word 2i is the low word
  }
  keys.sort();
}

/** AP of every class, walking the sorted values from the top; equal values share a threshold. */
function apPerClass(keys: Float64Array, lo: Uint32Array, counts: Float64Array, ap: Float64Array): void {
  const classes = counts.length;
  const tp = new Float64Array(classes);
  const before = new Float64Array(classes);
  const touched: number[] = [];
  ap.fill(0);
  let seen = 0;
  for (let i = keys.length - 1; i >= 0; ) {
    const v = Math.fround(keys[i]);
    for (; i >= 0 && Math.fround(keys[i]) === v; i--) {
      const c = lo[2 * i] & 0x1fffffff;
      if (tp[c] === before[c]) touched.push(c);
      tp[c]++;
      seen++;
    }
    for (const c of touched) {
      ap[c] += ((tp[c] - before[c]) / counts[c]) * (tp[c] / seen);
      before[c] = tp[c];
    }
    touched.length = 0;
  }
}

/** AP of `values` for predicting `positive` (scikit-learn's `average_precision_score`; no threshold). */
export function averagePrecision(values: Float32Array, positive: Uint8Array): number {
  const keys = new Float64Array(values.length);
  const lo = new Uint32Array(keys.buffer);
  const y = Int32Array.from(positive);
  sortWithClasses(values, y, 0, keys, lo);
  const counts = new Float64Array(2);
  for (const p of positive) counts[p]++;
  const ap = new Float64Array(2);
  apPerClass(keys, lo, counts, ap);
  return counts[1] > 0 ? ap[1] : 0;
}
