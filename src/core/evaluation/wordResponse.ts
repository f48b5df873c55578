/**
 * Reverse search: which neurons respond most to a word. A neuron's response is the mean
 * |z-score| of its activations on the word's occurrences, z taken against the neuron's own
 * mean and spread over the whole training corpus — the quantity NeuroX's get_top_words
 * averages per word type, read the other way round (word → neurons, over every layer).
 */
import type { FeatureMatrix } from '../probe/features';
import { forEachRow } from '../ranking/stream';

/** Per neuron: mean and population standard deviation over the examples. */
export interface NeuronMoments {
  mean: Float32Array;
  std: Float32Array;
}

export interface NeuronResponse {
  neuron: number;
  /** Mean |z| over the word's occurrences. */
  score: number;
}

export function neuronMoments(features: FeatureMatrix, rows: Int32Array | null): NeuronMoments {
  const d = features.dims;
  const sum = new Float64Array(d);
  const squares = new Float64Array(d);
  let n = 0;
  forEachRow(features, rows, (_, values, off) => {
    n++;
    for (let j = 0; j < d; j++) {
      const v = values[off + j];
      sum[j] += v;
      squares[j] += v * v;
    }
  });
  const mean = Float32Array.from(sum, (s) => s / Math.max(1, n));
  // A constant neuron gets std 1, so its |z| is 0 rather than NaN (as topWords does).
  const std = Float32Array.from(squares, (q, j) => Math.sqrt(Math.max(0, q / Math.max(1, n) - mean[j] ** 2)) || 1);
  return { mean, std };
}

/**
 * Mean |z| per neuron over `occurrences` (rows of activations, `dims` values each, back to back),
 * and the `top` strongest neurons, strongest first.
 */
export function wordResponse(occurrences: Float32Array, moments: NeuronMoments, top = 50): { scores: Float32Array; top: NeuronResponse[] } {
  const d = moments.mean.length;
  const count = occurrences.length / d;
  if (!Number.isInteger(count) || count === 0) throw new Error(`${occurrences.length} values are not whole rows of ${d} neurons`);
  const scores = new Float32Array(d);
  for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) scores[j] += Math.abs((occurrences[r * d + j] - moments.mean[j]) / moments.std[j]);
  for (let j = 0; j < d; j++) scores[j] /= count;
  const best = Array.from(scores.keys())
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, top);
  return { scores, top: best.map((neuron) => ({ neuron, score: scores[neuron] })) };
}

/** The activations of every occurrence of `word` among the examples (rows × dims), exact match first, then ignoring case. */
export function wordOccurrences(features: FeatureMatrix, rows: Int32Array | null, words: string[], word: string, limit = 2000): { values: Float32Array; count: number; matched: 'exact' | 'case-insensitive' | 'none' } {
  let hits: number[] = [];
  let matched: 'exact' | 'case-insensitive' | 'none' = 'exact';
  words.forEach((w, i) => w === word && hits.length < limit && hits.push(i));
  if (hits.length === 0) {
    matched = 'case-insensitive';
    const lower = word.toLocaleLowerCase();
    words.forEach((w, i) => w.toLocaleLowerCase() === lower && hits.length < limit && hits.push(i));
  }
  if (hits.length === 0) return { values: new Float32Array(0), count: 0, matched: 'none' };
  const d = features.dims;
  const values = new Float32Array(hits.length * d);
  hits.forEach((example, i) => features.readRows(rows ? rows[example] : example, 1, values.subarray(i * d, (i + 1) * d)));
  hits = [];
  return { values, count: values.length / d, matched };
}
