import { mix32 } from '../util/random';
import type { AbsWeights } from './weights';

/**
 * Tie breaks that carry no neuron index (and so no layer): when two neurons are equal on
 * every criterion of a ranking, a seeded hash decides. The primary key hashes the neuron's
 * own |W| column, so permuting the neurons of W permutes every ranking the same way; the
 * secondary key hashes the index and only separates neurons with identical columns.
 */
export interface TieBreak {
  /** < 0 when `a` goes first. */
  compare(a: number, b: number): number;
}

/** Default seed of tie breaks when the run gives none. */
export const TIE_SEED = 1;

/** A seeded hash of a neuron index, for rankings with no weights (scores only). */
export function indexKey(n: number, seed: number): number {
  return mix32(Math.imul(n + 1, 0x9e3779b1) ^ mix32(seed ^ 0x5bd1e995));
}

/** Tie break by index hash alone (scored rankings: ties share the score, nothing else). */
export function indexTieBreak(neurons: number, seed = TIE_SEED): TieBreak {
  const key = Uint32Array.from({ length: neurons }, (_, n) => indexKey(n, seed));
  return { compare: (a, b) => key[a] - key[b] };
}

/** Tie break by a hash of each neuron's |W| column, then of its index. */
export function weightTieBreak(w: AbsWeights, seed = TIE_SEED): TieBreak {
  const content = new Uint32Array(w.neurons);
  const bits = new Float32Array(1);
  const word = new Uint32Array(bits.buffer);
  const base = mix32(seed ^ 0x27d4eb2f);
  for (let n = 0; n < w.neurons; n++) {
    let h = base;
    for (let c = 0; c < w.classes; c++) {
      bits[0] = w.abs[c * w.neurons + n];
      h = mix32(h ^ word[0]) + c;
    }
    content[n] = mix32(h);
  }
  const index = indexTieBreak(w.neurons, seed);
  return { compare: (a, b) => content[a] - content[b] || index.compare(a, b) };
}
