/**
 * Properties of the index-free ordering: permuting the neurons of W permutes every ranking
 * the same way, and where W says nothing (constant, or noise) the order says nothing about
 * the layer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareCritical001, chiSquareUniform } from '../../../tests/stats/chiSquare';
import { createRng } from '../util/random';
import { bottomNeurons, neuronOrdering, topNeurons } from './linear';
import { layerHistogram, topPercent } from './select';

/** W (classes × neurons) with small integer weights, so ties abound, and columns all distinct. */
const tiedWeights = fc
  .record({ classes: fc.integer({ min: 1, max: 4 }), neurons: fc.integer({ min: 2, max: 24 }) })
  .chain(({ classes, neurons }) =>
    fc.tuple(
      fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: neurons, maxLength: neurons }), { minLength: classes, maxLength: classes }),
      fc.shuffledSubarray(Array.from({ length: neurons }, (_, i) => i), { minLength: neurons, maxLength: neurons }),
    ),
  )
  .filter(([W]) => new Set(W[0].map((_, n) => W.map((row) => Math.abs(row[n])).join(','))).size === W[0].length);

const permute = (W: number[][], perm: number[]) => W.map((row) => perm.map((p) => row[p]));

describe('index-free rankings', () => {
  it('are equivariant: permuting the neurons permutes the ordering and every selection', () => {
    fc.assert(
      fc.property(tiedWeights, fc.integer({ min: 0, max: 1000 }), ([W, perm], seed) => {
        const Wp = permute(W, perm); // column i of Wp is column perm[i] of W
        const a = neuronOrdering(W, 10, { seed });
        const b = neuronOrdering(Wp, 10, { seed });
        expect(b.ordering.map((i) => perm[i])).toEqual(a.ordering);
        expect(b.cutoffs).toEqual(a.cutoffs);
        for (const p of [0, 0.3, 0.7, 1]) {
          expect(topNeurons(Wp, p, { seed }).perClass.map((l) => l.map((i) => perm[i]))).toEqual(topNeurons(W, p, { seed }).perClass);
          expect(bottomNeurons(Wp, p, { seed }).perClass.map((l) => l.map((i) => perm[i]))).toEqual(bottomNeurons(W, p, { seed }).perClass);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep cutoffs equal to the union sizes of top neurons at each step', () => {
    fc.assert(
      fc.property(tiedWeights, ([W]) => {
        const { ordering, cutoffs } = neuronOrdering(W, 10);
        expect([...ordering].sort((x, y) => x - y)).toEqual(W[0].map((_, n) => n));
        cutoffs.forEach((c, t) => expect(new Set(ordering.slice(0, c))).toEqual(new Set(topNeurons(W, t / 10).neurons)));
      }),
      { numRuns: 200 },
    );
  });

  const layers = 13;
  const perLayer = 48;
  const uniformLayers = (W: number[][], percent: number, seed: number) => {
    const top = topPercent(neuronOrdering(W, 100, { seed }).ordering, percent);
    return chiSquareUniform(layerHistogram(top, layers, perLayer));
  };

  it('give a constant W an order unrelated to layer', () => {
    const W = Array.from({ length: 5 }, () => new Array<number>(layers * perLayer).fill(0.25));
    for (const seed of [1, 2, 3]) {
      const { statistic, dof } = uniformLayers(W, 20, seed);
      expect(statistic).toBeLessThan(chiSquareCritical001(dof));
    }
    // and the order changes with the seed, not with anything in W
    expect(neuronOrdering(W, 100, { seed: 1 }).ordering).not.toEqual(neuronOrdering(W, 100, { seed: 2 }).ordering);
  });

  it('give weights with no layer signal a top 10% spread evenly over layers, ties and all', () => {
    for (const seed of [1, 2, 3]) {
      const rng = createRng(seed);
      // 4-level weights, so most steps add large tied groups (the case index order biased)
      const W = Array.from({ length: 17 }, () => Array.from({ length: layers * perLayer }, () => Math.ceil(rng() * 4) / 4));
      const { statistic, dof } = uniformLayers(W, 10, seed);
      expect(statistic).toBeLessThan(chiSquareCritical001(dof));
    }
  });
});
