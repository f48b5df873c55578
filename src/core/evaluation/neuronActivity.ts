/**
 * What the neuron inspector shows of one neuron's activations over a corpus: their histogram
 * and the sentences where it fires hardest (by |value|), each with a value per word.
 */
import type { Corpus } from '../corpus/types';

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

/** `bins` equal-width bins between the smallest and largest value. */
export function histogram(values: ArrayLike<number>, bins = 40): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor(((values[i] - min) / (max - min || 1)) * bins))]++;
  return { min, max, counts };
}

export interface SentenceActivation {
  words: string[];
  values: number[];
}

/**
 * The `count` sentences holding the strongest activations (by |value|), strongest first.
 * `values` has one entry per word of `corpus`, in corpus order.
 */
export function strongestSentences(corpus: Corpus, values: Float32Array, count: number): SentenceActivation[] {
  const sentenceOf = new Int32Array(values.length);
  const starts: number[] = [];
  let offset = 0;
  corpus.sentences.forEach((s, i) => {
    starts.push(offset);
    sentenceOf.fill(i, offset, offset + s.words.length);
    offset += s.words.length;
  });
  const strongest = Array.from(values.keys()).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]));
  const chosen: number[] = [];
  for (const r of strongest) {
    const s = sentenceOf[r];
    if (!chosen.includes(s)) chosen.push(s);
    if (chosen.length >= count) break;
  }
  return chosen.map((s) => ({ words: corpus.sentences[s].words, values: Array.from(values.subarray(starts[s], starts[s] + corpus.sentences[s].words.length)) }));
}
