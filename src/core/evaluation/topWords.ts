import type { FeatureMatrix } from '../probe/features';
import { forEachRow } from '../ranking/stream';

export interface TopWord {
  word: string;
  /** Mean |z-score| of the word type's activations, divided by the best type's. */
  score: number;
}

export interface TopWordsOptions {
  /** Keep only the first N types (0 = all above the threshold). */
  numTokens?: number;
  /** Minimum normalised score (NeuroX default 0.1). */
  minThreshold?: number;
}

/**
 * NeuroX `get_top_words` for several neurons in one pass: z-score each neuron's
 * activations over all examples, average |z| per word type, normalise by the maximum,
 * keep types above the threshold, best first.
 */
export function topWords(
  features: FeatureMatrix,
  rows: Int32Array | null,
  words: string[],
  neurons: number[],
  options: TopWordsOptions = {},
): Map<number, TopWord[]> {
  if (options.numTokens && options.minThreshold !== undefined) {
    throw new Error('give either numTokens or minThreshold, not both (NeuroX: "Cannot specify both num_tokens and min_threshold")');
  }
  const n = rows ? rows.length : features.rows;
  if (words.length !== n) throw new Error(`${words.length} words for ${n} examples`);
  const k = neurons.length;
  const values = neurons.map(() => new Float32Array(n));
  forEachRow(features, rows, (ex, v, off) => {
    for (let j = 0; j < k; j++) values[j][ex] = v[off + neurons[j]];
  });
  const typeIndex = new Map<string, number>();
  const typeOf = Int32Array.from(words, (w) => {
    let t = typeIndex.get(w);
    if (t === undefined) typeIndex.set(w, (t = typeIndex.size));
    return t;
  });
  const types = [...typeIndex.keys()];
  const typeCount = new Float64Array(types.length);
  for (const t of typeOf) typeCount[t]++;

  const result = new Map<number, TopWord[]>();
  neurons.forEach((neuron, j) => {
    const col = values[j];
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (col[i] - mean) ** 2;
    const std = Math.sqrt(variance / n) || 1; // population std, as numpy; constant neurons score 0
    const sums = new Float64Array(types.length);
    for (let i = 0; i < n; i++) sums[typeOf[i]] += Math.abs((col[i] - mean) / std);
    let max = 0;
    for (let t = 0; t < types.length; t++) max = Math.max(max, (sums[t] /= typeCount[t]));
    const threshold = options.minThreshold ?? 0.1;
    const scored: TopWord[] = [];
    for (let t = 0; t < types.length; t++) {
      const score = max > 0 ? sums[t] / max : 0;
      if (score > threshold) scored.push({ word: types[t], score });
    }
    scored.sort((a, b) => b.score - a.score);
    result.set(neuron, options.numTokens ? scored.slice(0, options.numTokens) : scored);
  });
  return result;
}
