import { countForPercent } from '../ranking/select';

/** The papers' search grid: 0.1%…10% in 0.1% steps, then 15%…90% in 5% steps. */
export function minimalSetPercents(): number[] {
  const out: number[] = [];
  for (let i = 1; i <= 100; i++) out.push(i / 10);
  for (let p = 15; p <= 90; p += 5) out.push(p);
  return out;
}

/** Distinct neuron counts the grid yields for `total` neurons, ascending. */
export function minimalSetCandidates(total: number, percents = minimalSetPercents()): number[] {
  return [...new Set(percents.map((p) => countForPercent(total, p)))].sort((a, b) => a - b);
}

export interface MinimalSetSearch {
  /** Smallest candidate meeting the target, or null when none does. */
  size: number | null;
  accuracy: number | null;
  /** Every evaluation made, by neuron count. */
  evaluated: Map<number, number>;
}

/**
 * Smallest candidate count k with accuracy(k) ≥ target. Binary search over the sorted
 * candidates: about log2(116) ≈ 7 retrains instead of 116, and identical to a linear
 * scan whenever accuracy is monotone in k (more top neurons never hurt). On noisy,
 * non-monotone curves it returns some k that meets the target, not necessarily the least.
 */
export async function searchMinimalSet(
  candidates: number[],
  target: number,
  accuracyOf: (count: number) => Promise<number>,
): Promise<MinimalSetSearch> {
  const evaluated = new Map<number, number>();
  const eval1 = async (k: number) => {
    let a = evaluated.get(k);
    if (a === undefined) {
      a = await accuracyOf(k);
      evaluated.set(k, a);
    }
    return a;
  };
  let lo = 0;
  let hi = candidates.length; // invariant: answer index in [lo, hi], hi = none
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((await eval1(candidates[mid])) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo === candidates.length) return { size: null, accuracy: null, evaluated };
  return { size: candidates[lo], accuracy: evaluated.get(candidates[lo])!, evaluated };
}
