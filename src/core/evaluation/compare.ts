import { topPercent } from '../ranking/select';
import type { LcaResult } from './types';

export interface RunOverlap {
  /** Share of neurons kept, in percent. */
  percent: number;
  shared: number;
  size: number;
  /** |A ∩ B| / |A ∪ B|. */
  jaccard: number;
}

/** Overlap of two runs' top neurons at several percentages; only meaningful when the models share a shape. */
export function topNeuronOverlap(a: LcaResult, b: LcaResult, percents = [1, 5, 10, 20]): RunOverlap[] | undefined {
  if (a.layers !== b.layers || a.neuronsPerLayer !== b.neuronsPerLayer) return undefined;
  return percents.map((percent) => {
    const setA = new Set(topPercent(a.ranking.ordering, percent));
    const setB = topPercent(b.ranking.ordering, percent);
    const shared = setB.filter((n) => setA.has(n)).length;
    return { percent, shared, size: setA.size, jaccard: shared / (setA.size + setB.length - shared) };
  });
}
