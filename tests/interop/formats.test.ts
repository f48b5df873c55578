/**
 * NeuroX activation files without a model: our writers read back by h5wasm (the
 * HDF5 C library) and by our readers; files written by hand in NeuroX's layout
 * (the JSON writer's lines, h5py-style HDF5 through h5wasm) imported against
 * NeuroX's own sample .word/.label files; errors that name the sentence.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusHash, type Corpus } from '../../src/core/corpus';
import {
  activationWriter,
  float32Text,
  importActivations,
  jsonActivationReader,
  memorySink,
  textLines,
  type ActivationFileMeta,
  type ActivationFileReader,
} from '../../src/core/interop';
import type { MemoryActivationStore } from '../../src/core/store/activationStore';
import { memoryStore } from '../../src/core/run';
import { decodeHalf, encodeHalf, halfToFloat, floatToHalf } from '../../src/core/store/float16';
import { openActivationFile } from '../../src/node/activationFiles';
import {
  createH5,
  expectedLayers,
  handWrittenHdf5,
  handWrittenJson,
  openH5,
  readAll,
  roundedLikeNeurox,
  sampleCorpus,
  syntheticActivations,
  tempDir,
  writeFile,
} from './helpers';
import { createRng } from '../../src/core/util/random';

const LAYERS = 3;
const HIDDEN = 8;

/** Our writer's output for `corpus` with `acts`, as bytes. */
function written(format: 'json' | 'hdf5', corpus: Corpus, acts: number[][][][], dtype: 'float32' | 'float16', meta?: ActivationFileMeta): Uint8Array {
  const sink = memorySink();
  const writer = activationWriter(format, sink, { dtype, meta });
  corpus.sentences.forEach((s, i) => {
    const values = Float32Array.from(acts[i].flatMap((layer) => layer.flat()));
    writer.write({ index: i, layers: LAYERS, words: s.words.length, hidden: HIDDEN, values }, s.words);
  });
  writer.close();
  return sink.bytes();
}

const jsonReader = (text: string, name = 'acts.json'): ActivationFileReader =>
  jsonActivationReader(
    textLines(
      (async function* () {
        // Uneven chunks, splitting lines and multi-byte characters.
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
      })(),
    ),
    name,
  );

async function importInto(reader: ActivationFileReader, corpus: Corpus) {
  try {
    return await importActivations(reader, corpus, { corpusHash: corpusHash(corpus), createStore: memoryStore });
  } finally {
    reader.close();
  }
}

async function storedLayers(store: MemoryActivationStore): Promise<Float32Array[]> {
  return Promise.all(Array.from({ length: store.meta.layers }, (_, l) => store.readLayer(l)));
}

const tutorial = sampleCorpus('tutorials-data/pos_train.word', 'tutorials-data/pos_train.label');
const examples = sampleCorpus('examples/test.in', 'examples/test.label');

describe("NeuroX's sample files", () => {
  it('parse as parallel corpora, one label per word', () => {
    expect(examples.sentences).toHaveLength(10);
    expect(examples.sentences[0].words).toEqual(['This', 'is', 'a', 'test', 'sentence', '.']);
    expect(examples.sentences[0].columns.label).toEqual(['DT', 'VBZ', 'DT', 'NN', 'NN', '.']);
    expect(tutorial.sentences).toHaveLength(10);
    for (const s of tutorial.sentences) expect(s.columns.label).toHaveLength(s.words.length);
  });
});

describe('our HDF5 writer, read by the HDF5 library (h5wasm)', () => {
  it('writes NeuroX’s layout: a [layers, words, hidden] dataset per sentence and sentence_to_index in order', async () => {
    const acts = syntheticActivations(tutorial, LAYERS, HIDDEN);
    const file = writeFile(tempDir(), 'acts.hdf5', written('hdf5', tutorial, acts, 'float32'));
    const { h5, close } = await openH5(file);
    try {
      expect(h5.keys().sort()).toEqual([...tutorial.sentences.map((_, i) => String(i)), 'sentence_to_index'].sort());
      const first = h5.get('0') as import('h5wasm').Dataset;
      expect(first.shape).toEqual([LAYERS, tutorial.sentences[0].words.length, HIDDEN]);
      expect(first.dtype).toBe('<f');
      expect(Array.from(first.value as Float32Array)).toEqual(acts[0].flat(2));
      const map = JSON.parse(String(((h5.get('sentence_to_index') as import('h5wasm').Dataset).value as string[])[0]));
      expect(Object.values(map)).toEqual(tutorial.sentences.map((_, i) => String(i)));
      expect(Object.keys(map)[3]).toBe(tutorial.sentences[3].words.join(' '));
    } finally {
      close();
    }
  });

  it('keeps integer-like and repeated sentences in order, as NeuroX’s writer names them', async () => {
    const corpus: Corpus = { name: 'x.word', columns: [], sentences: [['2019'], ['hello', 'world'], ['2019'], ['1']].map((words) => ({ words, columns: {} })) };
    const acts = syntheticActivations(corpus, LAYERS, HIDDEN);
    const file = writeFile(tempDir(), 'acts.hdf5', written('hdf5', corpus, acts, 'float32'));
    const { h5, close } = await openH5(file);
    const json = String(((h5.get('sentence_to_index') as import('h5wasm').Dataset).value as string[])[0]);
    close();
    expect(json).toBe('{"2019": "0", "hello world": "1", "2019 (Occurrence 2)": "2", "1": "3"}');
    const back = await readAll(await openActivationFile(file));
    expect(back.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(back[2].tokens).toEqual(['2019']);
  });

  it('stores float16 as IEEE half (HDF5 float, 2 bytes) and returns the same bits', async () => {
    const acts = syntheticActivations(examples, LAYERS, HIDDEN);
    const file = writeFile(tempDir(), 'acts.hdf5', written('hdf5', examples, acts, 'float16'));
    const { h5, close } = await openH5(file);
    const meta = (h5.get('4') as import('h5wasm').Dataset).metadata;
    close();
    expect(meta).toMatchObject({ type: 1, size: 2, shape: [LAYERS, examples.sentences[4].words.length, HIDDEN] });
    const back = await readAll(await openActivationFile(file));
    back.forEach((s, i) => {
      expect(s.values).toBeInstanceOf(Uint16Array);
      expect(Array.from(s.values)).toEqual(Array.from(encodeHalf(Float32Array.from(acts[i].flat(2)))));
    });
  });

  it('carries Salient’s metadata as a root attribute', async () => {
    const meta: ActivationFileMeta = {
      format: 'salient-activations', version: 1, model: 'local/tiny-bert-en', corpus: 'test.in', corpusHash: corpusHash(examples),
      corpusSentences: 9, from: 0, to: 9, aggregation: 'last', dtype: 'float32', layers: LAYERS, hidden: HIDDEN,
    };
    const file = writeFile(tempDir(), 'acts.hdf5', written('hdf5', examples, syntheticActivations(examples, LAYERS, HIDDEN), 'float32', meta));
    const reader = await openActivationFile(file);
    expect(await reader.meta()).toEqual(meta);
    reader.close();
  });
});

describe('our JSON writer', () => {
  it('round-trips float32 exactly and writes NeuroX’s keys', async () => {
    const acts = syntheticActivations(tutorial, LAYERS, HIDDEN);
    const text = new TextDecoder().decode(written('json', tutorial, acts, 'float32'));
    const first = JSON.parse(text.split('\n')[0]);
    expect(Object.keys(first)).toEqual(['linex_index', 'features']);
    expect(first.features[1].token).toBe(tutorial.sentences[0].words[1]);
    expect(first.features[1].layers[2].index).toBe(2);
    const back = await readAll(jsonReader(text));
    back.forEach((s, i) => expect(Array.from(s.values)).toEqual(acts[i].flat(2)));
  });

  it('rounds to half precision when asked for float16', async () => {
    const acts = syntheticActivations(examples, LAYERS, HIDDEN);
    const back = await readAll(jsonReader(new TextDecoder().decode(written('json', examples, acts, 'float16'))));
    back.forEach((s, i) => expect(Array.from(s.values)).toEqual(acts[i].flat(2).map((v) => halfToFloat(floatToHalf(v)))));
  });

  it('writes the shortest decimal that reads back as the same float32', () => {
    const rand = createRng(3);
    for (let i = 0; i < 20_000; i++) {
      const v = Math.fround((rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6));
      const text = float32Text(v);
      expect(Math.fround(Number(text))).toBe(v);
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-2.5))).toBe('-2.5');
    expect(() => float32Text(NaN, 4)).toThrow(/sentence 4/);
  });
});

describe('files written in NeuroX’s layout by hand import into a store', () => {
  it('JSON lines as NeuroX’s writer prints them (values rounded to 8 decimals)', async () => {
    const acts = syntheticActivations(examples, LAYERS, HIDDEN);
    const { store } = await importInto(jsonReader(handWrittenJson(examples, acts), 'test.json'), examples);
    expect(store.meta).toMatchObject({ layers: LAYERS, hidden: HIDDEN, rows: 71, sentences: 10, dtype: 'float32', model: 'neurox:test.json' });
    const expected = expectedLayers(acts, LAYERS).map((layer) => layer.map(roundedLikeNeurox));
    expect(await storedLayers(store as MemoryActivationStore)).toEqual(expected);
  });

  it('HDF5 as NeuroX writes it with h5py (float32 datasets, variable-length sentence_to_index)', async () => {
    const acts = syntheticActivations(tutorial, LAYERS, HIDDEN);
    const file = path.join(tempDir(), 'train.hdf5');
    await handWrittenHdf5(file, tutorial, acts);
    const { store } = await importInto(await openActivationFile(file), tutorial);
    expect(store.meta.dtype).toBe('float32');
    expect(await storedLayers(store as MemoryActivationStore)).toEqual(expectedLayers(acts, LAYERS));
  });

  it('stores as float16 when asked, within half precision', async () => {
    const acts = syntheticActivations(tutorial, LAYERS, HIDDEN);
    const file = path.join(tempDir(), 'train.hdf5');
    await handWrittenHdf5(file, tutorial, acts);
    const reader = await openActivationFile(file);
    const { store } = await importActivations(reader, tutorial, { corpusHash: 'x', dtype: 'float16', createStore: memoryStore });
    reader.close();
    const layers = await storedLayers(store as MemoryActivationStore);
    expectedLayers(acts, LAYERS).forEach((expected, l) => expect(layers[l]).toEqual(decodeHalf(encodeHalf(expected))));
  });
});

describe('mismatches are refused with the sentence named', () => {
  const acts = syntheticActivations(examples, LAYERS, HIDDEN);
  const lines = handWrittenJson(examples, acts).trimEnd().split('\n');

  it('a file with fewer sentences than the .word file', async () => {
    await expect(importInto(jsonReader(lines.slice(0, 9).join('\n'), 'short.json'), examples)).rejects.toThrow(
      'short.json holds 9 sentences but test.in has 10: sentence 10 ("Hope you are enjoying the tutorial !") has no activations',
    );
  });

  it('a file with more sentences', async () => {
    await expect(importInto(jsonReader([...lines, lines[0]].join('\n'), 'long.json'), examples)).rejects.toThrow('long.json has more sentences than test.in (10): sentence 0 has no line in test.in');
  });

  it('a sentence with a word missing (HDF5)', async () => {
    const file = path.join(tempDir(), 'acts.hdf5');
    await handWrittenHdf5(file, examples, acts, (i, shape) => (i === 3 ? [shape[0], shape[1] - 1, shape[2]] : shape));
    await expect(importInto(await openActivationFile(file), examples)).rejects.toThrow(
      'acts.hdf5: sentence 3 ("This sentence contains an <<UNKNOWN>> word .") has 6 word vectors, but sentence 4 of test.in has 7 words',
    );
  });

  it('a sentence with fewer layers than the first (HDF5)', async () => {
    const file = path.join(tempDir(), 'acts.hdf5');
    await handWrittenHdf5(file, examples, acts, (i, shape) => (i === 2 ? [shape[0] - 1, shape[1], shape[2]] : shape));
    await expect(importInto(await openActivationFile(file), examples)).rejects.toThrow(/acts\.hdf5: sentence 2 \("The NeuroX toolkit.*"\) has 2 layers × 8 neurons, the first sentence has 3 × 8/);
  });

  it('a word with fewer layers than the sentence’s first word (JSON)', async () => {
    const broken = JSON.parse(lines[1]);
    broken.features[2].layers.pop();
    const text = [lines[0], JSON.stringify(broken), ...lines.slice(2)].join('\n');
    await expect(importInto(jsonReader(text, 'acts.json'), examples)).rejects.toThrow('acts.json:2: sentence 1: word 3 ("another") has 2 layers, word 1 has 3');
  });

  it('a shard on its own, and a file of another corpus', async () => {
    const meta: ActivationFileMeta = {
      format: 'salient-activations', version: 1, model: 'm', corpus: 'test.in', corpusHash: corpusHash(examples),
      corpusSentences: 20, from: 0, to: 10, aggregation: 'last', dtype: 'float32', layers: LAYERS, hidden: HIDDEN,
    };
    const shard = new TextDecoder().decode(written('json', examples, acts, 'float32', meta));
    await expect(importInto(jsonReader(shard, 'shard.json'), examples)).rejects.toThrow('shard.json is a shard (sentences 0–9 of test.in, 20 sentences): merge the shards first');
    const other = new TextDecoder().decode(written('json', examples, acts, 'float32', { ...meta, corpusSentences: 10, corpusHash: 'ffff' }));
    await expect(importInto(jsonReader(other, 'other.json'), examples)).rejects.toThrow(/other\.json was extracted from test\.in \(10 sentences, words hash ffff\), not from test\.in/);
  });

  it('a file that is not NeuroX HDF5', async () => {
    const file = path.join(tempDir(), 'plain.hdf5');
    await createH5(file, (h5) => h5.create_dataset({ name: 'x', data: new Float32Array(4) }));
    await expect(readAll(await openActivationFile(file))).rejects.toThrow('plain.hdf5 has no "sentence_to_index" dataset: not a NeuroX activation file');
  });
});
