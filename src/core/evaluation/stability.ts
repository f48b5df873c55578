import { topPercent } from '../ranking/select';
import type { Stability } from './types';

export const STABILITY_PERCENTS = [1, 5, 10];

/** |A ∩ B| / |A ∪ B| of two neuron lists. */
export function jaccard(a: number[], b: number[]): { shared: number; jaccard: number } {
  const set = new Set(a);
  const shared = b.filter((n) => set.has(n)).length;
  const union = a.length + b.length - shared;
  return { shared, jaccard: union > 0 ? shared / union : 1 };
}

/** Overlap of the top neurons across orderings from different probe seeds. */
export function stabilityOf(seeds: number[], orderings: number[][], percents = STABILITY_PERCENTS, top = 10): Stability {
  if (orderings.length !== seeds.length || seeds.length < 2) throw new Error('stability needs one ordering per seed, and at least two seeds');
  const total = orderings[0].length;
  const jaccards = percents.map((percent) => {
    const tops = orderings.map((o) => topPercent(o, percent));
    const values: number[] = [];
    for (let i = 0; i < tops.length; i++) for (let j = i + 1; j < tops.length; j++) values.push(jaccard(tops[i], tops[j]).jaccard);
    return { percent, mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values) };
  });
  const inTop = new Array<number>(total).fill(0);
  for (const o of orderings) for (const n of topPercent(o, top)) inTop[n] += 1 / orderings.length;
  return { seeds, jaccard: jaccards, topPercent: top, inTop: inTop.map((x) => Math.round(x * 1e6) / 1e6) };
}
