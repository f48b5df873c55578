import { RANKER_NAMES } from '../ranking/rankers';
import { topPercent } from '../ranking/select';
import { jaccard } from './stability';
import type { Agreement, RankerName } from './types';

export const AGREEMENT_PERCENTS = [1, 5, 10];

/** Pairwise overlap of the rankers' top `percent`% neurons. */
export function agreementOf(rankings: Record<RankerName, number[]>, apThreshold: number, percents = AGREEMENT_PERCENTS): Agreement {
  const overlap: Agreement['overlap'] = [];
  for (const percent of percents) {
    for (let i = 0; i < RANKER_NAMES.length; i++) {
      for (let j = i + 1; j < RANKER_NAMES.length; j++) {
        const a = RANKER_NAMES[i];
        const b = RANKER_NAMES[j];
        const ta = topPercent(rankings[a], percent);
        const { shared, jaccard: value } = jaccard(ta, topPercent(rankings[b], percent));
        overlap.push({ percent, a, b, shared, size: ta.length, jaccard: value });
      }
    }
  }
  return { rankings, apThreshold, overlap };
}
