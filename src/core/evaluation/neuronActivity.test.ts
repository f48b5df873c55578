import { describe, expect, it } from 'vitest';
import { parseConllu } from '../corpus';
import { histogram, strongestSentences } from './neuronActivity';

describe("a neuron's activity for the inspector", () => {
  it('bins values between their extremes, the largest in the last bin', () => {
    const h = histogram([0, 0.5, 1, 1, -1], 4);
    expect(h).toEqual({ min: -1, max: 1, counts: [1, 0, 1, 3] });
    expect(histogram([3, 3], 2).counts).toEqual([2, 0]);
  });

  it('picks the sentences holding the strongest |activations|, strongest first, each once', () => {
    const corpus = parseConllu('1\ta\t_\tX\t_\t_\t0\troot\t_\t_\n\n1\tb\t_\tX\t_\t_\t0\troot\t_\t_\n2\tc\t_\tX\t_\t_\t1\tdep\t_\t_\n\n1\td\t_\tX\t_\t_\t0\troot\t_\t_\n', 't.conllu');
    const values = Float32Array.from([0.1, -5, 4, 2]);
    expect(strongestSentences(corpus, values, 2)).toEqual([
      { words: ['b', 'c'], values: [-5, 4] },
      { words: ['d'], values: [2] },
    ]);
  });
});
