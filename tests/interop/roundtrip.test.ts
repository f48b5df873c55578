/**
 * Export → import round trips on real activations (EWT dev through tiny-bert-en):
 * float32 comes back bit for bit in both formats, float16 within half precision,
 * and a probe trained on the imported activations has the same accuracy and
 * ranks neurons the same way; the ranking export has NeuroX's shapes.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusHash, type Corpus } from '../../src/core/corpus';
import { exportActivations, neuroxRanking } from '../../src/core/interop';
import { evaluateProbe, trainLogisticProbe, type LinearProbe } from '../../src/core/probe';
import { neuronOrdering, topNeurons } from '../../src/core/ranking';
import type { MemoryActivationStore } from '../../src/core/store/activationStore';
import { decodeHalf, encodeHalf } from '../../src/core/store/float16';
import { LayeredFeatureMatrix } from '../../src/core/store/layeredFeatures';
import { buildTask, type Task } from '../../src/core/tasks';
import { createActivationFile, loadActivationFile } from '../../src/node/activationFiles';
import { EWT_DEV, extract, openFixtureModel, readCorpus } from '../fixtures';
import { expectSame, tempDir } from './helpers';
import type { ActivationFormat, StorageDType } from '../../src/core/options';

const SENTENCES = 200;
let corpus: Corpus;
let task: Task;
const stores: Partial<Record<StorageDType, MemoryActivationStore>> = {};
const dir = tempDir();

beforeAll(async () => {
  const ewt = readCorpus(EWT_DEV);
  corpus = { ...ewt, sentences: ewt.sentences.slice(0, SENTENCES) };
  task = buildTask({ kind: 'column', column: 'upos' }, { train: corpus }, { seed: 1 });
  const model = await openFixtureModel();
  const sentences = corpus.sentences.map((s) => s.words);
  for (const dtype of ['float32', 'float16'] as const) stores[dtype] = (await extract(model, sentences, { aggregation: 'last' }, dtype)).store;
  await model.session.release();
}, 120_000);

/** Writes `store` as a NeuroX file and reads it back against the corpus. */
async function roundTrip(store: MemoryActivationStore, format: ActivationFormat, dtype: StorageDType): Promise<MemoryActivationStore> {
  const file = path.join(dir, `${store.meta.dtype}-as-${dtype}.${format === 'hdf5' ? 'hdf5' : 'json'}`);
  await exportActivations(store, corpus.sentences.map((s) => s.words), createActivationFile(file, format, { dtype }));
  return loadActivationFile(file, corpus);
}

const features = (store: MemoryActivationStore) => new LayeredFeatureMatrix(store.layerData(), store.meta.rows, store.meta.hidden);

async function probeOn(store: MemoryActivationStore): Promise<{ probe: LinearProbe; accuracy: number }> {
  const matrix = features(store);
  const { probe } = await trainLogisticProbe({ features: matrix, rows: task.train.rows, y: task.train.y }, task.labels.length, { epochs: 3, seed: 1 });
  return { probe, accuracy: evaluateProbe(probe, { features: matrix, rows: task.test.rows, y: task.test.y }).accuracy };
}

describe('export → import', () => {
  for (const format of ['hdf5', 'json'] as const) {
    it(`${format}, float32: the same values, probe accuracy and ranking`, async () => {
      const original = stores.float32!;
      const back = await roundTrip(original, format, 'float32');
      expect(back.meta).toMatchObject({ layers: 5, hidden: 256, rows: original.meta.rows, dtype: 'float32' });
      back.layerData().forEach((layer, l) => expectSame(layer, original.layerData()[l], `layer ${l}`));
      const [a, b] = [await probeOn(original), await probeOn(back)];
      expect(b.accuracy).toBe(a.accuracy);
      expect(neuronOrdering(b.probe)).toEqual(neuronOrdering(a.probe));
    });
  }

  it('hdf5, float16 store as float16: the same half bits, so the same probe', async () => {
    const original = stores.float16!;
    const back = await roundTrip(original, 'hdf5', 'float16');
    expect(back.meta.dtype).toBe('float16');
    back.layerData().forEach((layer, l) => expectSame(layer, original.layerData()[l], `layer ${l}`));
    const [a, b] = [await probeOn(original), await probeOn(back)];
    expect(b.accuracy).toBe(a.accuracy);
    expect(neuronOrdering(b.probe).ordering).toEqual(neuronOrdering(a.probe).ordering);
  });

  it('float32 store as float16 file: values within half precision, accuracy within a point', async () => {
    const original = stores.float32!;
    for (const format of ['hdf5', 'json'] as const) {
      const back = await roundTrip(original, format, 'float16');
      back.layerData().forEach((layer, l) => {
        const asFloat = layer instanceof Uint16Array ? decodeHalf(layer) : layer;
        expectSame(asFloat, decodeHalf(encodeHalf(original.layerData()[l] as Float32Array)), `${format} layer ${l}`);
      });
      expect(Math.abs((await probeOn(back)).accuracy - (await probeOn(original)).accuracy)).toBeLessThan(0.01);
    }
  });

  it('refuses the activations of another corpus', async () => {
    const file = path.join(dir, 'float32-as-float32.hdf5');
    const other = { ...corpus, name: 'other.conllu', sentences: corpus.sentences.slice(1) };
    await expect(loadActivationFile(file, other)).rejects.toThrow(/float32-as-float32\.hdf5: sentence 0 \(".*"\) has \d+ word vectors, but sentence 1 of other\.conllu has \d+ words/);
    expect(corpusHash(other)).not.toBe(corpusHash(corpus));
  });
});

describe('the ranking in NeuroX’s shapes', () => {
  it('is get_neuron_ordering’s (ordering, cutoffs) and get_top_neurons’ (top, per class), through JSON', async () => {
    const { probe } = await probeOn(stores.float32!);
    const json = JSON.parse(JSON.stringify(neuroxRanking(probe, task.labels, { layers: 5, neuronsPerLayer: 256, percentage: 0.05 })));
    const { ordering, cutoffs } = neuronOrdering(probe);
    expect(json.cutoffs).toEqual(cutoffs);
    expect(json.cutoffs).toHaveLength(101);
    expect(json.ordering).toEqual(ordering.slice(0, cutoffs[100]));
    expect([...json.ordering, ...json.unranked]).toEqual(ordering);
    const top = topNeurons(probe, 0.05);
    expect(json.top_neurons).toEqual(top.neurons);
    expect(Object.keys(json.top_neurons_per_class)).toEqual(task.labels);
    task.labels.forEach((label, c) => expect(json.top_neurons_per_class[label]).toEqual(top.perClass[c]));
    expect(json.class_to_idx[task.labels[3]]).toBe(3);
    expect(json).toMatchObject({ search_stride: 100, percentage: 0.05, layers: 5, neurons_per_layer: 256 });
  });
});
