import { createRng, permutation } from '../util/random';

export interface SentenceSplit {
  train: number[];
  dev: number[];
  test: number[];
}

/**
 * Seeded random split of sentence indices, each part kept in corpus order so that
 * "the first N training tokens" means the same as in the source file.
 * Every part gets at least one sentence when there are three or more.
 */
export function splitSentences(count: number, fractions: [number, number, number], seed: number): SentenceSplit {
  const total = fractions[0] + fractions[1] + fractions[2];
  if (!(total > 0) || fractions.some((f) => f < 0)) throw new Error(`invalid split fractions ${fractions.join('/')}`);
  const perm = permutation(count, createRng(seed));
  let nDev = Math.round((count * fractions[1]) / total);
  let nTest = Math.round((count * fractions[2]) / total);
  if (count >= 3) {
    if (fractions[1] > 0) nDev = Math.max(1, nDev);
    if (fractions[2] > 0) nTest = Math.max(1, nTest);
  }
  nDev = Math.min(nDev, count);
  nTest = Math.min(nTest, count - nDev);
  const nTrain = count - nDev - nTest;
  const sorted = (a: Int32Array) => Array.from(a).sort((x, y) => x - y);
  return {
    train: sorted(perm.subarray(0, nTrain)),
    dev: sorted(perm.subarray(nTrain, nTrain + nDev)),
    test: sorted(perm.subarray(nTrain + nDev)),
  };
}
