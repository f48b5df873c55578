import { describe, expect, it } from 'vitest';
import { Float32FeatureMatrix } from '../probe/features';
import { createRng } from '../util/random';
import { averagePrecision, averagePrecisionOrdering } from './averagePrecision';
import { bottomNeurons, classOrderings, hardThresholdNeurons, neuronOrdering, randomNeurons, topNeurons } from './linear';
import { classMeans, probelessClassOrdering, probelessOrdering } from './probeless';
import { bottomPercent, countForPercent, layerHistogram, randomPercent, topPercent } from './select';
import { forEachColumnBlock } from './stream';

describe('linear-probe rankings (NeuroX known answers)', () => {
  it('orders [[4,1,5],[1,1,10]] as [2,0,1]', () => {
    expect(neuronOrdering([[4, 1, 5], [1, 1, 10]]).ordering).toEqual([2, 0, 1]);
  });

  it('selects top neurons {0,1} of [[5,1,1],[1,10,1]] at 0.5', () => {
    const t = topNeurons([[5, 1, 1], [1, 10, 1]], 0.5);
    expect(t.neurons).toEqual([0, 1]);
    expect(t.perClass).toEqual([[0], [1]]);
  });

  it('selects every neuron of [[10,9,8],[10,2,1]] at 1.1', () => {
    expect(topNeurons([[10, 9, 8], [10, 2, 1]], 1.1).neurons).toEqual([0, 1, 2]);
  });

  it('hard-thresholds [[5,1,2,1],[1,10,1,6]] at fraction 2 to {0,1,3}', () => {
    const h = hardThresholdNeurons([[5, 1, 2, 1], [1, 10, 1, 6]], 2);
    expect(h.neurons).toEqual([0, 1, 3]);
    expect(h.perClass).toEqual([[0], [1, 3]]);
  });

  it('still takes each class top neuron at percentage 0, using |W|', () => {
    expect(topNeurons([[-5, 1, 1], [1, 1, -9]], 0).perClass).toEqual([[0], [2]]);
  });

  it('records cutoffs of the ordering per percentage step', () => {
    const { ordering, cutoffs } = neuronOrdering([[4, 1, 5], [1, 1, 10]], 10);
    expect(ordering).toEqual([2, 0, 1]);
    expect(cutoffs).toHaveLength(11);
    expect(cutoffs[0]).toBe(1); // p = 0: neuron 2 only
    expect(cutoffs[5]).toBe(1); // p = 0.5: class 0 reaches 5 ≥ 5
    expect(cutoffs[6]).toBe(2); // p = 0.6: neuron 0 joins
    expect(cutoffs[10]).toBe(3);
  });

  it('appends never-selected (all-zero) neurons after NeuroX ordering', () => {
    const { ordering, cutoffs } = neuronOrdering([[0, 3, 0, 1], [0, 0, 0, 2]]);
    expect(cutoffs[0]).toBe(2);
    // both enter at step 0 with nothing ahead of them; 3 holds all of class 1's mass, 1 holds 3/4 of class 0's
    expect(ordering.slice(0, 2)).toEqual([3, 1]);
    expect(cutoffs[cutoffs.length - 1]).toBe(2);
    expect([...ordering].sort()).toEqual([0, 1, 2, 3]);
  });

  it('accepts flat probe weights', () => {
    const probe = { outputs: 2, dims: 3, weights: Float32Array.from([4, 1, 5, 1, 1, 10]) };
    expect(neuronOrdering(probe).ordering).toEqual([2, 0, 1]);
    const classes = classOrderings(probe);
    expect(classes[0]).toEqual([2, 0, 1]);
    expect(classes[1][0]).toBe(2); // 0 and 1 tie in class 1: the hash orders them
  });

  it('selects bottom neurons as the ascending mirror of top neurons', () => {
    // class 0 ascending: 1(1),2(2),0(7) cum 1,3,10 → first ≥ 2 at index 1: [1,2];
    // class 1 ascending: 0 and 2 tie at 1, cum 1,2,10 → both
    const b = bottomNeurons([[7, 1, 2], [1, 8, 1]], 0.2);
    expect(b.perClass[0]).toEqual([1, 2]);
    expect([...b.perClass[1]].sort()).toEqual([0, 2]);
    expect(b.neurons).toEqual([0, 1, 2]);
    const zero = bottomNeurons([[7, 1, 2], [1, 8, 1]], 0).perClass;
    expect(zero[0]).toEqual([1]);
    expect([0, 2]).toContain(zero[1][0]); // a tie, decided by the hash
    expect(bottomNeurons([[7, 1, 2]], 1.1).perClass).toEqual([[1, 2, 0]]);
  });

  it('draws random neurons reproducibly', () => {
    const a = randomNeurons(1000, 0.2, 4);
    expect(randomNeurons(1000, 0.2, 4)).toEqual(a);
    expect(a.length).toBeGreaterThan(150);
    expect(a.length).toBeLessThan(250);
    expect(randomNeurons(10, 1)).toHaveLength(10);
  });
});

describe('percent selections and layers', () => {
  it('takes top, bottom and random percentages', () => {
    const ordering = Array.from({ length: 200 }, (_, i) => 199 - i);
    expect(topPercent(ordering, 10)).toEqual(ordering.slice(0, 20));
    expect(bottomPercent(ordering, 10)).toEqual(ordering.slice(180));
    const r = randomPercent(200, 15, 2);
    expect(r).toHaveLength(30);
    expect(new Set(r).size).toBe(30);
    expect(countForPercent(9984, 0.1)).toBe(10);
    expect(countForPercent(5, 0.1)).toBe(1);
    expect(layerHistogram([0, 1, 767, 768, 9983], 13, 768)).toEqual([3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('probeless ranking', () => {
  it('ranks neurons by summed class-mean differences', () => {
    // neuron 0: class means 0,10,0 → 10+0+10=20; neuron 1: 1,2,3 → 1+2+1=4; neuron 2 constant
    const x = Float32Array.from([0, 1, 5, 0, 1, 5, 10, 2, 5, 10, 2, 5, 0, 3, 5]);
    const y = Int32Array.from([0, 0, 1, 1, 2]);
    const m = classMeans(new Float32FeatureMatrix(x, 5, 3), null, y, 4);
    expect(m.counts).toEqual([2, 2, 1, 0]);
    const o = probelessOrdering(m);
    expect(o.ordering).toEqual([0, 1, 2]);
    expect(Array.from(o.scores)).toEqual([20, 4, 0]);
    const c2 = probelessClassOrdering(m, 2); // class 2: |0-0|+|0-10| = 10; |3-1|+|3-2| = 3
    expect(Array.from(c2.scores)).toEqual([10, 3, 0]);
    expect(() => probelessClassOrdering(m, 3)).toThrow(/no examples/);
  });

  it('honours a row subset', () => {
    const x = Float32Array.from([1, 0, 9, 9, 3, 0]);
    const m = classMeans(new Float32FeatureMatrix(x, 3, 2), Int32Array.from([0, 2]), Int32Array.from([0, 1]), 2);
    expect(Array.from(m.means)).toEqual([1, 0, 3, 0]);
  });
});

describe('binary-concept rankers', () => {
  it('computes average precision like scikit-learn', () => {
    // sklearn average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333
    expect(averagePrecision(Float32Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBeCloseTo(0.8333, 4);
    // ties share a threshold: all equal → precision = prevalence
    expect(averagePrecision(Float32Array.from([1, 1, 1, 1]), Uint8Array.from([1, 0, 0, 0]))).toBeCloseTo(0.25);
    expect(averagePrecision(Float32Array.from([-3, -2, 1]), Uint8Array.from([0, 0, 1]))).toBe(1);
  });

  const rng = createRng(5);
  const n = 2000;
  const dims = 6;
  const positive = Uint8Array.from({ length: n }, () => (rng() < 0.1 ? 1 : 0));
  const x = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) x[i * dims + d] = rng();
    x[i * dims + 4] += positive[i] * 2; // neuron 4 detects the concept
    x[i * dims + 1] -= positive[i] * 0.6; // neuron 1 is suppressed by it, partially
  }
  const features = new Float32FeatureMatrix(x, n, dims);
  const y = Int32Array.from(positive);

  it('ranks the detecting neuron first by signed AP (NeuroX), with tiny column blocks too', () => {
    const ap = averagePrecisionOrdering(features, null, y, 2, { budgetFloats: 3000 });
    expect(ap.ordering[0]).toBe(4);
    expect(ap.scores[4]).toBeCloseTo(1, 10);
    expect(ap.ordering.at(-1)).toBe(1); // signed: a suppressed neuron is the worst detector
  });

  it('zeroes activations below the threshold before scoring', () => {
    // values 0.04 (positive) vs 0.03 (negative): a perfect detector, unless both are zeroed
    const v = new Float32FeatureMatrix(Float32Array.from([0.04, 0.03, 0.03, 0.04]), 4, 1);
    const yy = Int32Array.from([1, 0, 0, 1]);
    expect(averagePrecisionOrdering(v, null, yy, 2, { threshold: 0 }).scores[0]).toBe(1);
    expect(averagePrecisionOrdering(v, null, yy, 2).scores[0]).toBe(0.5);
  });

  it('scores multi-class tasks by the best class lift over chance', () => {
    const y3 = Int32Array.from({ length: n }, (_, i) => (positive[i] ? 2 : i % 2));
    const ap = averagePrecisionOrdering(features, null, y3, 3);
    expect(ap.ordering[0]).toBe(4);
    expect(ap.scores[4]).toBeCloseTo(1, 10);
  });

  it('streams columns in blocks within budget', () => {
    const seen: number[] = [];
    forEachColumnBlock(features, Int32Array.from([5, 7]), 4, (first, cols) => {
      expect(cols.length).toBe(2);
      seen.push(first);
      expect(cols[0][1]).toBe(x[7 * dims + first]);
    });
    expect(seen).toEqual([0, 2, 4]);
  });
});
