import type { FeatureMatrix } from '../probe/features';
import { forEachRow } from './stream';
import { indexTieBreak, TIE_SEED } from './ties';

/**
 * Probeless ranking (Antverg & Belinkov 2022; NeuroX `interpretation/probeless.py`):
 * a neuron is salient when the mean activations of the classes differ, scored by
 * Σ over class pairs of |mean_a − mean_b|. Needs one pass over the data, no training.
 */

export interface ClassMeans {
  classes: number;
  dims: number;
  /** classes × dims, row-major. */
  means: Float64Array;
  counts: number[];
}

export function classMeans(features: FeatureMatrix, rows: Int32Array | null, y: Int32Array, classes: number): ClassMeans {
  const d = features.dims;
  const sums = new Float64Array(classes * d);
  const counts = new Array<number>(classes).fill(0);
  forEachRow(features, rows, (ex, values, off) => {
    const c = y[ex];
    counts[c]++;
    const base = c * d;
    for (let j = 0; j < d; j++) sums[base + j] += values[off + j];
  });
  for (let c = 0; c < classes; c++) {
    if (counts[c] === 0) continue;
    for (let j = 0; j < d; j++) sums[c * d + j] /= counts[c];
  }
  return { classes, dims: d, means: sums, counts };
}

export interface ScoredOrdering {
  /** Neurons, highest score first (ties: seeded hash, see `ties.ts`). */
  ordering: number[];
  scores: Float64Array;
}

/** Overall probeless ordering: Σ_{a<b} |μ_a − μ_b| per neuron, over classes present. */
export function probelessOrdering(m: ClassMeans, seed = TIE_SEED): ScoredOrdering {
  const present = presentClasses(m);
  const scores = new Float64Array(m.dims);
  for (let i = 0; i < present.length; i++) {
    for (let k = i + 1; k < present.length; k++) {
      const a = present[i] * m.dims;
      const b = present[k] * m.dims;
      for (let j = 0; j < m.dims; j++) scores[j] += Math.abs(m.means[a + j] - m.means[b + j]);
    }
  }
  return rank(scores, seed);
}

/** Per-class probeless ordering: Σ_{b≠a} |μ_a − μ_b| for the class `a`. */
export function probelessClassOrdering(m: ClassMeans, cls: number, seed = TIE_SEED): ScoredOrdering {
  if (m.counts[cls] === 0) throw new Error(`class ${cls} has no examples`);
  const scores = new Float64Array(m.dims);
  const a = cls * m.dims;
  for (const other of presentClasses(m)) {
    if (other === cls) continue;
    const b = other * m.dims;
    for (let j = 0; j < m.dims; j++) scores[j] += Math.abs(m.means[a + j] - m.means[b + j]);
  }
  return rank(scores, seed);
}

function presentClasses(m: ClassMeans): number[] {
  return m.counts.map((c, i) => (c > 0 ? i : -1)).filter((i) => i >= 0);
}

/** Highest score first; equal scores by a seeded hash of the neuron (NeuroX: numpy's argsort order). */
export function rank(scores: Float64Array, seed = TIE_SEED): ScoredOrdering {
  const ties = indexTieBreak(scores.length, seed);
  const ordering = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || ties.compare(a, b));
  return { ordering, scores };
}
