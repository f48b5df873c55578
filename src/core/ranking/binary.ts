import type { FeatureMatrix } from '../probe/features';
import { rank, type ScoredOrdering } from './probeless';
import { forEachColumnBlock } from './stream';

/**
 * Rankers for binary concepts (label 1 = concept present), computed exactly on whole
 * neuron columns streamed in blocks of at most `budgetFloats` values.
 */
export interface BinaryRankOptions {
  /** Memory budget for column blocks, in floats (default 16M = 64 MB). */
  budgetFloats?: number;
}

const DEFAULT_BUDGET = 16 * 1024 * 1024;

/**
 * IoU ranking (Mu & Andreas 2020, NeuroX `iou_probe`): a neuron "fires" on the examples
 * in its top `quantile` of activations; score = |fires ∩ concept| / |fires ∪ concept|.
 */
export function iouOrdering(
  features: FeatureMatrix,
  rows: Int32Array | null,
  positive: Uint8Array,
  options: BinaryRankOptions & { quantile?: number } = {},
): ScoredOrdering {
  const q = options.quantile ?? 0.005;
  const scores = new Float64Array(features.dims);
  let conceptSize = 0;
  for (const p of positive) conceptSize += p;
  forEachColumnBlock(features, rows, options.budgetFloats ?? DEFAULT_BUDGET, (first, cols) => {
    cols.forEach((col, j) => {
      const sorted = col.slice().sort();
      const cut = Math.min(sorted.length - 1, Math.max(0, Math.floor((1 - q) * sorted.length)));
      const threshold = sorted[cut];
      let fires = 0;
      let both = 0;
      for (let i = 0; i < col.length; i++) {
        if (col[i] >= threshold) {
          fires++;
          both += positive[i];
        }
      }
      const unionSize = fires + conceptSize - both;
      scores[first + j] = unionSize > 0 ? both / unionSize : 0;
    });
  });
  return rank(scores);
}

/**
 * Average-precision ranking: each neuron's activation used as a detector score for the
 * concept; AP as in scikit-learn (Σ over distinct thresholds of ΔRecall·Precision).
 * `signed: false` (default) also credits neurons whose activation drops on the concept,
 * taking the better of the two directions.
 */
export function averagePrecisionOrdering(
  features: FeatureMatrix,
  rows: Int32Array | null,
  positive: Uint8Array,
  options: BinaryRankOptions & { signed?: boolean } = {},
): ScoredOrdering {
  const scores = new Float64Array(features.dims);
  forEachColumnBlock(features, rows, options.budgetFloats ?? DEFAULT_BUDGET, (first, cols) => {
    cols.forEach((col, j) => {
      const up = averagePrecision(col, positive, 1);
      scores[first + j] = options.signed ? up : Math.max(up, averagePrecision(col, positive, -1));
    });
  });
  return rank(scores);
}

/** AP of `sign · values` for predicting `positive` (ties share one threshold). */
export function averagePrecision(values: Float32Array, positive: Uint8Array, sign: 1 | -1 = 1): number {
  let nPos = 0;
  for (const p of positive) nPos += p;
  if (nPos === 0) return 0;
  const pos = new Float32Array(nPos);
  const neg = new Float32Array(values.length - nPos);
  let a = 0;
  let b = 0;
  for (let i = 0; i < values.length; i++) {
    if (positive[i]) pos[a++] = sign * values[i];
    else neg[b++] = sign * values[i];
  }
  pos.sort();
  neg.sort();
  // Walk thresholds from the highest score down.
  let i = pos.length - 1;
  let k = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  while (i >= 0) {
    const t = Math.max(pos[i], k >= 0 ? neg[k] : -Infinity);
    const tpBefore = tp;
    while (i >= 0 && pos[i] >= t) (tp++, i--);
    while (k >= 0 && neg[k] >= t) (fp++, k--);
    if (tp > tpBefore) ap += ((tp - tpBefore) / nPos) * (tp / (tp + fp));
  }
  return ap;
}
