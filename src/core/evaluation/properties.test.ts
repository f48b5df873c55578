import { describe, expect, it } from 'vitest';
import { Float32FeatureMatrix } from '../probe';
import { summarizeProperties } from './properties';
import { topWords } from './topWords';
import { neuronMoments, wordOccurrences, wordResponse } from './wordResponse';

const run = (task: string, ordering: number[]) => ({ task, layers: 4, neuronsPerLayer: 10, ranking: { ordering, perClass: {} } });

describe('properties × layers', () => {
  // 40 neurons; 10% = 4 top neurons.
  const low = run('suffix:3', [0, 1, 10, 2, ...Array.from({ length: 36 }, (_, i) => i + 3).filter((n) => n !== 10).concat([39])].slice(0, 40));
  const high = run('deprel', [30, 31, 20, 2, ...Array.from({ length: 40 }, (_, i) => i).filter((n) => ![30, 31, 20, 2].includes(n))]);

  it('gives each property its share of top neurons per layer and its mean layer', () => {
    const s = summarizeProperties([low, high], 10);
    expect(s.properties[0]).toMatchObject({ task: 'suffix:3', top: 4, counts: [3, 1, 0, 0], shares: [0.75, 0.25, 0, 0] });
    expect(s.properties[0].meanLayer).toBeCloseTo(0.25);
    expect(s.properties[1].counts).toEqual([1, 0, 1, 2]);
    expect(s.properties[1].meanLayer).toBeCloseTo((0 + 2 + 3 * 2) / 4);
  });

  it('counts the shared top neurons and their Jaccard index', () => {
    const [pair] = summarizeProperties([low, high], 10).overlap;
    // {0, 1, 10, 2} ∩ {30, 31, 20, 2} = {2}: 1 / 7.
    expect(pair).toEqual({ a: 'suffix:3', b: 'deprel', shared: 1, jaccard: 1 / 7 });
  });

  it('refuses runs of different shapes', () => {
    expect(() => summarizeProperties([low, { ...high, neuronsPerLayer: 8, ranking: { ordering: high.ranking.ordering.slice(0, 32), perClass: {} } }])).toThrow(/only on one model/);
  });
});

describe('reverse search by word', () => {
  // 6 examples × 3 neurons; neuron 1 fires on "dog", neuron 2 on "the".
  const words = ['the', 'dog', 'the', 'cat', 'Dog', 'a'];
  const data = Float32Array.from([0, 0, 5, 1, 9, 0, 0, 0, 5, -1, 0, 0, 0, 8, 0, 1, 0, 0]);
  const features = new Float32FeatureMatrix(data, 6, 3);

  it('ranks neurons by mean |z| over the word’s occurrences, in line with top words', () => {
    const moments = neuronMoments(features, null);
    const hits = wordOccurrences(features, null, words, 'dog');
    expect(hits).toMatchObject({ count: 1, matched: 'exact' });
    const { top, scores } = wordResponse(hits.values, moments);
    expect(top[0].neuron).toBe(1);
    // topWords normalises the same per-type mean |z| by the best type's: the ratio between two neurons' scores for one
    // word equals the ratio of (topWords score × that neuron's best-type mean).
    const tw = topWords(features, null, words, [1], { minThreshold: 0 }).get(1)!;
    const dog = tw.find((w) => w.word === 'dog')!.score;
    const the = tw.find((w) => w.word === 'the')!.score;
    const theScores = wordResponse(wordOccurrences(features, null, words, 'the').values, moments).scores;
    expect(scores[1] / theScores[1]).toBeCloseTo(dog / the, 5);
  });

  it('falls back to a case-insensitive match, and says when a word is absent', () => {
    expect(wordOccurrences(features, null, words, 'DOG')).toMatchObject({ count: 2, matched: 'case-insensitive' });
    expect(wordOccurrences(features, null, words, 'zebra')).toMatchObject({ count: 0, matched: 'none' });
  });
});
