/**
 * Tests that catch a layer bias. With the class signal spread evenly over 13 layers × 48
 * neurons (40 classes), the top 10% of every ranking spreads over the layers as a uniform
 * draw would (χ², p > 0.001), over three probe seeds; with a stronger signal planted in one
 * layer, that layer comes first in every ranking. Then the same through `salient run
 * --activations` on NeuroX HDF5 files.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLca } from '../../src/cli/run';
import { evaluateLca, type LcaResult } from '../../src/core/evaluation';
import { Float32FeatureMatrix } from '../../src/core/probe/features';
import { layerHistogram, topPercent } from '../../src/core/ranking';
import { buildTask } from '../../src/core/tasks';
import { handWrittenHdf5, tempDir, writeFile } from '../interop/helpers';
import { chiSquareCritical001, chiSquareUniform, meanLayer } from '../stats/chiSquare';
import { parallelFiles, synthetic } from './synthetic';

const LAYERS = 13;
const PER_LAYER = 48;
const base = { layers: LAYERS, perLayer: PER_LAYER, classes: 40, sentences: 400, wordsPerSentence: 10 };
const RANKERS = ['probe', 'probeless', 'ap'] as const;

const top10 = (ordering: number[]) => topPercent(ordering, 10);
const histogram = (neurons: number[]) => layerHistogram(neurons, LAYERS, PER_LAYER);
const argmax = (h: number[]) => h.indexOf(Math.max(...h));

async function core(planted: number | undefined, seed: number): Promise<LcaResult> {
  const data = synthetic({ ...base, planted });
  const task = buildTask({ kind: 'column', column: 'label' }, { train: data.corpus }, { seed: 1 });
  const features = { train: new Float32FeatureMatrix(data.flat, data.flat.length / (LAYERS * PER_LAYER), LAYERS * PER_LAYER) };
  return evaluateLca(
    { model: 'synthetic', task, features, layers: LAYERS, neuronsPerLayer: PER_LAYER },
    { probe: { epochs: 3 }, seed, seeds: 1, control: false, ablation: false, minimalSet: false, layerwise: false },
  );
}

describe('no layer bias in the rankings', () => {
  it('spreads the top 10% of each ranking over the layers like a uniform draw when no layer carries more signal', async () => {
    const runs = [await core(undefined, 1), await core(undefined, 2), await core(undefined, 3)];
    // probe: three seeds pooled (3 × 62 neurons)
    const pooled = histogram(runs.flatMap((r) => top10(r.ranking.ordering)));
    const { statistic, dof } = chiSquareUniform(pooled);
    expect(statistic, `probe top 10% per layer ${pooled}`).toBeLessThan(chiSquareCritical001(dof));
    for (const r of runs) expect(Math.abs(meanLayer(top10(r.ranking.ordering), PER_LAYER) - 6)).toBeLessThan(1.5);
    // probeless and AP do not depend on the probe's seed
    for (const name of ['probeless', 'ap'] as const) {
      const h = histogram(top10(runs[0].agreement!.rankings[name]));
      const x = chiSquareUniform(h);
      expect(x.statistic, `${name} top 10% per layer ${h}`).toBeLessThan(chiSquareCritical001(x.dof));
    }
  }, 120_000);

  it('puts a layer with a planted signal first in every ranking', async () => {
    const r = await core(7, 1);
    for (const name of RANKERS) expect(argmax(histogram(top10(r.agreement!.rankings[name]))), name).toBe(7);
  }, 60_000);
});

describe('no layer bias through the CLI on NeuroX activation files', () => {
  async function cli(planted: number | undefined): Promise<LcaResult> {
    const dir = tempDir();
    const data = synthetic({ ...base, planted });
    const files = parallelFiles(data.corpus);
    const word = writeFile(dir, 'train.word', files.words);
    writeFile(dir, 'train.label', files.labels);
    const acts = path.join(dir, 'train.hdf5');
    await handWrittenHdf5(acts, data.corpus, data.activations);
    return runLca({
      corpus: word, task: 'label', activations: { train: acts },
      aggregation: 'last', lambda1: 1e-5, lambda2: 1e-5, epochs: 3, seed: 1, seeds: 3, out: path.join(dir, 'result.json'), log: () => {},
    });
  }

  it('shows no layer preference without a layer signal, and the planted layer with one', async () => {
    const flat = await cli(undefined);
    // probe over three seeds: each neuron's share of seeds with it in the top 10%
    const inTop = flat.stability!.inTop;
    const perLayer = histogram(inTop.flatMap((share, n) => Array.from({ length: Math.round(share * 3) }, () => n)));
    const x = chiSquareUniform(perLayer);
    expect(x.statistic, `probe top 10% per layer over 3 seeds ${perLayer}`).toBeLessThan(chiSquareCritical001(x.dof));
    for (const name of ['probeless', 'ap'] as const) {
      const h = histogram(top10(flat.agreement!.rankings[name]));
      const y = chiSquareUniform(h);
      expect(y.statistic, `${name} ${h}`).toBeLessThan(chiSquareCritical001(y.dof));
    }
    const planted = await cli(7);
    for (const name of RANKERS) expect(argmax(histogram(top10(planted.agreement!.rankings[name]))), name).toBe(7);
    expect(argmax(planted.layerDistribution)).toBe(7);
  }, 300_000);
});
