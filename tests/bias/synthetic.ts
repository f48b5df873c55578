/**
 * Synthetic corpora and activations for bias tests: `layers` × `perLayer` neurons whose
 * class signal is spread evenly over every layer (so no layer should win), or planted
 * more strongly in one layer (so that layer must win).
 */
import type { Corpus } from '../../src/core/corpus';
import { createRng as prng } from '../../src/core/util/random';

export interface SyntheticSpec {
  layers: number;
  perLayer: number;
  classes: number;
  sentences: number;
  wordsPerSentence: number;
  /** The layer whose neurons carry a stronger class signal; none when undefined. */
  planted?: number;
  seed?: number;
}

export interface Synthetic {
  corpus: Corpus;
  /** Per sentence: [layers][words][perLayer] (NeuroX's view). */
  activations: number[][][][];
  /** Layer-major flat rows (words × layers·perLayer), for the core directly. */
  flat: Float32Array;
}

export function synthetic(spec: SyntheticSpec): Synthetic {
  const rand = prng(spec.seed ?? 11);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const dims = spec.layers * spec.perLayer;
  // Each neuron carries a small, random class code: every layer alike, unless planted.
  const codes = Array.from({ length: spec.classes }, () =>
    Array.from({ length: dims }, (_, d) => gauss() * (Math.floor(d / spec.perLayer) === spec.planted ? 0.9 : 0.3)),
  );
  const types = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const sentences: Corpus['sentences'] = [];
  const activations: number[][][][] = [];
  const rows: number[][] = [];
  for (let s = 0; s < spec.sentences; s++) {
    const words: string[] = [];
    const labels: string[] = [];
    const vectors: number[][] = [];
    for (let w = 0; w < spec.wordsPerSentence; w++) {
      const cls = Math.floor(rand() * spec.classes);
      words.push(types[Math.floor(rand() * types.length)]);
      labels.push(`c${cls}`);
      vectors.push(Array.from({ length: dims }, (_, d) => Math.fround(gauss() + codes[cls][d])));
    }
    sentences.push({ words, columns: { label: labels } });
    rows.push(...vectors);
    activations.push(Array.from({ length: spec.layers }, (_, l) => vectors.map((v) => v.slice(l * spec.perLayer, (l + 1) * spec.perLayer))));
  }
  return { corpus: { name: 'synthetic', sentences, columns: ['label'] }, activations, flat: Float32Array.from(rows.flat()) };
}

/** The corpus as NeuroX's parallel files: `.word` (one sentence a line) and its `.label`. */
export function parallelFiles(corpus: Corpus): { words: string; labels: string } {
  return {
    words: corpus.sentences.map((s) => s.words.join(' ')).join('\n') + '\n',
    labels: corpus.sentences.map((s) => s.columns.label.join(' ')).join('\n') + '\n',
  };
}
