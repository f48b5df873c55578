import { describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../core/run/types';
import { neuronOrdering, topNeurons } from '../../core/ranking';

const exportActivations = vi.fn(async () => new Blob(['x']));
vi.mock('../../../workers/protocol', () => ({ interopEngine: () => ({ exportActivations }) }));
const { exportRunActivations, exportRunRanking } = await import('./exports');

// Two classes × six neurons (2 layers × 3): |W| as a run stores it.
const weights = Float32Array.from([5, 0, 1, 0, 2, 0, 0, 4, 0, 3, 0, 0]);
const run = {
  id: 'r',
  createdAt: '',
  status: 'done',
  settings: { corpora: [{ split: 'train', name: 'en_ewt-ud-dev.conllu', hash: 'h1', sentences: 1, words: 1 }] },
  activationIds: { train: 'store-1' },
  weights: { classes: 2, dims: 6, values: weights },
  result: { task: 'upos', labels: ['NOUN', 'VERB'], layers: 2, neuronsPerLayer: 3 },
} as unknown as RunRecord;

describe('exports of a run', () => {
  it('gives the ranking in NeuroX’s shapes from the run’s probe weights', async () => {
    const file = exportRunRanking(run, { percentage: 0.5 });
    expect(file.fileName).toBe('upos-neurox-ranking.json');
    const json = JSON.parse(await file.blob.text());
    const probe = { outputs: 2, dims: 6, weights };
    expect(json.ordering).toEqual(neuronOrdering(probe).ordering.slice(0, json.cutoffs.at(-1)));
    expect(json.unranked).toEqual([5]); // zero weight in every class
    expect(json.top_neurons_per_class).toEqual({ NOUN: topNeurons(probe, 0.5).perClass[0], VERB: topNeurons(probe, 0.5).perClass[1] });
    expect(json.class_to_idx).toEqual({ NOUN: 0, VERB: 1 });
    expect(() => exportRunRanking({ ...run, weights: undefined })).toThrow('this run has no trained probe yet');
  });

  it('asks the interop worker for the corpus’s activations, named so that NeuroX’s loader knows the format', async () => {
    const file = await exportRunActivations(run, { format: 'hdf5', dtype: 'float16' });
    expect(exportActivations).toHaveBeenCalledWith('store-1', 'h1', 'hdf5', 'float16');
    expect(file.fileName).toBe('en_ewt-ud-dev-activations.hdf5');
    expect((await exportRunActivations(run, { format: 'json' })).fileName).toBe('en_ewt-ud-dev-activations.json');
    await expect(exportRunActivations(run, { format: 'json', split: 'test' })).rejects.toThrow('this run has no test corpus with stored activations');
  });
});
