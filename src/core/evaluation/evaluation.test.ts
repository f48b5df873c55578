import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConllu } from '../corpus/conllu';
import { Float32FeatureMatrix } from '../probe/features';
import { buildTask } from '../tasks/build';
import { createRng } from '../util/random';
import { evaluateLca, layerDistributionPerClass } from './lca';
import { checkResult } from './schema';
import { minimalSetCandidates, minimalSetPercents, searchMinimalSet } from './minimalSet';
import { topWords } from './topWords';

const DATA = path.resolve(__dirname, '../../../../shared/data');

describe('minimal set search', () => {
  it('uses the papers grid', () => {
    const p = minimalSetPercents();
    expect(p).toHaveLength(116);
    expect(p[0]).toBe(0.1);
    expect(p[99]).toBe(10);
    expect(p.slice(100, 102)).toEqual([15, 20]);
    expect(p[115]).toBe(90);
    expect(minimalSetCandidates(9984)).toHaveLength(116);
    expect(minimalSetCandidates(50)).toEqual([1, 2, 3, 4, 5, 8, 10, 13, 15, 18, 20, 23, 25, 28, 30, 33, 35, 38, 40, 43, 45]);
  });

  it('equals the exhaustive scan on monotone curves with few evaluations', async () => {
    const candidates = minimalSetCandidates(9984);
    for (const knee of [1, 37, 500, 998, 1500, 8986]) {
      const curve = (k: number) => 0.95 * (1 - Math.exp(-k / knee));
      const target = 0.95 * (1 - Math.exp(-2)) - 0.01;
      const exhaustive = candidates.find((k) => curve(k) >= target) ?? null;
      let calls = 0;
      const r = await searchMinimalSet(candidates, target, async (k) => (calls++, curve(k)));
      expect(r.size).toBe(exhaustive);
      expect(calls).toBeLessThanOrEqual(8);
      if (r.size !== null) expect(r.accuracy).toBe(curve(r.size));
    }
  });

  it('reports no size when even the largest candidate misses the target', async () => {
    const r = await searchMinimalSet([1, 2, 3], 0.9, async () => 0.5);
    expect(r.size).toBeNull();
    expect(r.evaluated.size).toBeGreaterThan(0);
  });
});

describe('topWords', () => {
  it('averages |z| per word type and normalises by the best type (NeuroX get_top_words)', () => {
    // neuron 0 activations: the=4, cat=0, the=4, sat=0, mat=-2 → mean 1.2, std ≈ 2.3152
    const values = [4, 0, 4, 0, -2];
    const features = new Float32FeatureMatrix(Float32Array.from(values.flatMap((v) => [v, 1])), 5, 2);
    const words = ['the', 'cat', 'the', 'sat', 'mat'];
    const r = topWords(features, null, words, [0, 1]).get(0)!;
    const mean = 1.2;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 5);
    const z = (v: number) => Math.abs((v - mean) / std);
    expect(r.map((t) => t.word)).toEqual(['mat', 'the', 'cat', 'sat']);
    expect(r[0].score).toBe(1);
    expect(r[1].score).toBeCloseTo(z(4) / z(-2), 6);
    expect(r[2].score).toBeCloseTo(z(0) / z(-2), 6);
    expect(topWords(features, null, words, [0], { numTokens: 2 }).get(0)!.map((t) => t.word)).toEqual(['mat', 'the']);
    expect(topWords(features, null, words, [1]).get(1)).toEqual([]); // constant neuron: nothing above threshold
  });
});

describe('evaluateLca', () => {
  // Real UPOS labels of the English PUD treebank; synthetic 3-layer activations in which
  // layer 0's first 6 neurons encode the tag, the rest is noise.
  const corpus = parseConllu(readFileSync(path.join(DATA, 'ud-pud/en/en_pud-ud-test.conllu'), 'utf8'), 'en_pud');
  const task = buildTask({ kind: 'column', column: 'upos' }, { train: corpus }, { seed: 2, minLabelCount: 30 });
  const layers = 3;
  const perLayer = 16;
  const dims = layers * perLayer;
  const rng = createRng(9);
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const codes = task.labels.map(() => Array.from({ length: 6 }, () => gauss() * 2));
  const words = corpus.sentences.reduce((n, s) => n + s.words.length, 0);
  const x = new Float32Array(words * dims);
  for (let i = 0; i < x.length; i++) x[i] = gauss();
  for (const split of [task.train, task.dev, task.test]) {
    split.rows.forEach((row, i) => {
      for (let d = 0; d < 6; d++) x[row * dims + d] += codes[split.y[i]][d];
    });
  }
  const features = { train: new Float32FeatureMatrix(x, words, dims) };

  it('produces the full result with the expected findings', async () => {
    const stages: string[] = [];
    const r = await evaluateLca(
      { model: 'synthetic', task, features, layers, neuronsPerLayer: perLayer },
      { probe: { epochs: 4, learningRate: 0.01 }, onStage: (s) => stages.push(s) },
    );
    expect(stages).toEqual(['oracle', 'ranking', 'agreement', 'control', 'stability', 'ablation', 'minimalSet', 'layerwise']);
    expect(r.probe).toEqual({ l1Mode: 'gradient', lambda1: 1e-5, lambda2: 1e-5, epochs: 4, ranker: 'probe' });
    // the majority class beside the oracle, and per-class precision/recall/F1
    const counts = task.stats.classCounts.train;
    expect(r.baseline!.majorityClass).toBe(task.labels[counts.indexOf(Math.max(...counts))]);
    expect(r.baseline!.test).toBeCloseTo(task.test.y.filter((c) => task.labels[c] === r.baseline!.majorityClass).length / task.test.y.length, 12);
    expect(r.baseline!.test).toBeLessThan(r.oracle.test.accuracy);
    expect(r.baseline!.note).toBeNull();
    const noun = r.oracle.test.classes!.NOUN;
    expect(noun.recall).toBe(r.oracle.test.perClass.NOUN);
    expect(noun.support).toBe(task.test.y.filter((c) => task.labels[c] === 'NOUN').length);
    expect(noun.f1).toBeCloseTo((2 * noun.precision! * noun.recall!) / (noun.precision! + noun.recall!), 12);
    expect(r.oracle.test.macroF1).toBeGreaterThan(0.5);
    // three seeds agree on the six informative neurons, and the three rankers find them
    expect(r.stability!.seeds).toEqual([1, 2, 3]);
    expect(r.stability!.jaccard.map((j) => j.percent)).toEqual([1, 5, 10]);
    expect(r.stability!.jaccard[2].mean).toBeGreaterThan(0.6);
    // top 10% = 5 of the 48 neurons: every seed takes them from the six informative ones
    expect(r.stability!.inTop.slice(6).every((x) => x === 0)).toBe(true);
    expect(r.stability!.inTop.reduce((a, b) => a + b, 0)).toBeCloseTo(5, 9);
    expect(r.agreement!.rankings.probe).toEqual(r.ranking.ordering);
    for (const name of ['probe', 'probeless', 'ap'] as const) {
      expect([...r.agreement!.rankings[name].slice(0, 6)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    }
    const at10 = r.agreement!.overlap.filter((o) => o.percent === 10);
    expect(at10.map((o) => `${o.a}-${o.b}`)).toEqual(['probe-probeless', 'probe-ap', 'probeless-ap']);
    for (const o of at10) expect(o.shared).toBeGreaterThanOrEqual(3);
    // What evaluateLca returns is what the schema (result files, share links) accepts; a broken copy is refused, by field.
    expect(checkResult(r, 'r')).toBe(r);
    expect(() => checkResult({ ...r, layers: 0 }, 'result.json')).toThrow('result.json is not a Salient result: layers:');
    expect(() => checkResult({ ...r, ranking: { ...r.ranking, ordering: [1, -2] } }, 'x')).toThrow('ranking.ordering.1');
    expect(r.labels).toEqual(task.labels);
    expect(r.counts.train).toBe(task.train.y.length);
    expect(r.oracle.test.accuracy).toBeGreaterThan(0.9);
    expect(Object.keys(r.oracle.test.perClass)).toEqual(task.labels);
    expect(r.control!.test.accuracy).toBeLessThan(0.5);
    expect(r.selectivity).toBeCloseTo(r.oracle.test.accuracy - r.control!.test.accuracy, 10);
    // the informative neurons lead the ordering
    expect([...r.ranking.ordering.slice(0, 6)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...r.ranking.ordering].sort((a, b) => a - b)).toEqual(Array.from({ length: dims }, (_, i) => i));
    // ablation: 10% of 48 = 5 neurons
    const top = r.ablation!.top['10'];
    const bottom = r.ablation!.bottom['10'];
    expect(top.retrain).toBeGreaterThan(0.75);
    expect(top.zeroOut).toBeGreaterThan(bottom.zeroOut + 0.3);
    expect(top.retrain).toBeGreaterThan(bottom.retrain + 0.3);
    expect(Object.keys(r.ablation!.random)).toEqual(['10', '15', '20']);
    // minimal set: about the six informative neurons, all in layer 0
    expect(r.minimalSet!.size).toBeGreaterThanOrEqual(5);
    expect(r.minimalSet!.size).toBeLessThanOrEqual(10);
    expect(r.minimalSet!.devAccuracy).toBeGreaterThanOrEqual(r.oracle.dev.accuracy - 0.01);
    expect(r.layerDistribution[0]).toBeGreaterThanOrEqual(5);
    expect(r.layerDistribution.reduce((a, b) => a + b, 0)).toBe(r.minimalSet!.size);
    expect(r.layerwise!.map((l) => l.layer)).toEqual([0, 1, 2]);
    expect(r.layerwise![0].accuracy).toBeGreaterThan(r.layerwise![1].accuracy + 0.3);
    expect(r.timings.total).toBeGreaterThan(0);
    const perClass = layerDistributionPerClass(r);
    expect(perClass[task.labels[0]]).toHaveLength(3);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('skips stages on request and checks the layer geometry', async () => {
    const r = await evaluateLca(
      { model: 'm', task, features, layers, neuronsPerLayer: perLayer },
      { probe: { epochs: 1 }, control: false, ablation: false, minimalSet: false, layerwise: false, seeds: 1, agreement: false },
    );
    expect([r.control, r.selectivity, r.ablation, r.minimalSet, r.layerwise, r.stability, r.agreement]).toEqual([null, null, null, null, null, null, null]);
    expect(r.baseline!.control).toBeNull();
    expect(r.layerDistribution).toHaveLength(3);
    await expect(evaluateLca({ model: 'm', task, features, layers: 2, neuronsPerLayer: perLayer })).rejects.toThrow(/2 layers × 16 neurons ≠ 48/);
  });

  it('lets another ranker pick the ablated sets, and records the L1 mode that ran', async () => {
    const r = await evaluateLca(
      { model: 'm', task, features, layers, neuronsPerLayer: perLayer },
      { probe: { epochs: 2, l1Mode: 'proximal' }, ranker: 'probeless', control: false, minimalSet: false, layerwise: false, seeds: 1 },
    );
    expect(r.probe!.l1Mode).toBe('proximal');
    expect(r.probe!.ranker).toBe('probeless');
    expect(r.ranking.ordering).toEqual(r.agreement!.rankings.probeless);
    expect(r.ablation!.top['10'].retrain).toBeGreaterThan(r.ablation!.bottom['10'].retrain + 0.3);
  });
});
