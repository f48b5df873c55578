/**
 * Activation files from strangers (issue 10): every input a review used to crash or exhaust
 * the importer is refused with an ActivationFileError naming the file (and line or sentence),
 * before anything large is allocated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusHash, type Corpus } from '../../src/core/corpus';
import {
  ActivationFileError,
  activationWriter,
  importActivations,
  jsonActivationReader,
  memorySink,
  textLines,
  type ActivationFileMeta,
  type ActivationFileReader,
} from '../../src/core/interop';
import { MemoryActivationStore } from '../../src/core/store/activationStore';
import { openActivationFile } from '../../src/node/activationFiles';
import { nodeH5 } from '../../src/node/h5wasmDisk';
import { createH5, handWrittenJson, readAll, sampleCorpus, syntheticActivations, tempDir } from './helpers';

const examples = sampleCorpus('examples/test.in', 'examples/test.label');

async function* chunked(bytes: Uint8Array, size = 65_536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const jsonReader = (text: string, name = 'acts.json'): ActivationFileReader => jsonActivationReader(textLines(chunked(new TextEncoder().encode(text))), name);

async function importInto(reader: ActivationFileReader, corpus: Corpus) {
  try {
    return await importActivations(reader, corpus, { corpusHash: corpusHash(corpus), createStore: (meta) => new MemoryActivationStore(meta) });
  } finally {
    reader.close();
  }
}

async function refusal(promise: Promise<unknown>): Promise<ActivationFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActivationFileError);
  return error as ActivationFileError;
}

/** Bytes the process holds in ArrayBuffers (typed arrays) and in h5wasm's heap, after `work`. */
async function allocatedDuring(work: () => Promise<unknown>): Promise<number> {
  const { Module } = await nodeH5();
  const before = process.memoryUsage().arrayBuffers + Module.HEAPU8.length;
  await work();
  return process.memoryUsage().arrayBuffers + Module.HEAPU8.length - before;
}
const MB = 2 ** 20;

/**
 * A NeuroX-layout HDF5 file of one sentence whose dataset is chunked and resized to `shape`
 * without writing data (h5py's `resize`): the file stays tiny, the shape is what it declares.
 */
async function declaring(shape: [number, number, number]): Promise<string> {
  const file = path.join(tempDir(), 'bomb.hdf5');
  await createH5(file, (h5) => {
    h5.create_dataset({ name: '0', data: Float32Array.of(1, 2, 3), shape: [1, 1, 3], maxshape: [null, null, null], chunks: [1, 1, 3], dtype: '<f' });
    (h5.get('0') as unknown as { resize(shape: number[]): number }).resize(shape);
    h5.create_dataset({ name: 'sentence_to_index', data: [JSON.stringify({ Hello: '0' })], shape: [1], dtype: 'S' });
  });
  return file;
}

/** Our writer with a `salient` root attribute holding `meta` verbatim. */
function withMeta(file: string, meta: string): string {
  const sink = memorySink();
  const writer = activationWriter('hdf5', sink, { dtype: 'float32', meta: JSON.parse(meta) as ActivationFileMeta });
  writer.write({ index: 0, layers: 1, words: 1, hidden: 3, values: Float32Array.of(1, 2, 3) }, ['Hello']);
  writer.close();
  writeFileSync(file, sink.bytes());
  return file;
}

const oneWord: Corpus = { name: 'one.word', sentences: [{ words: ['Hello'], columns: {} }], columns: [] };

describe('HDF5 files declaring more than they hold', () => {
  it('[1, 1, 2^26] (256 MB declared in a tiny file) is refused before any allocation', async () => {
    const file = await declaring([1, 1, 2 ** 26]);
    expect(readFileSync(file).length).toBeLessThan(30_000);
    let error: ActivationFileError | undefined;
    const grown = await allocatedDuring(async () => {
      error = await refusal(importInto(await openActivationFile(file), oneWord));
    });
    expect(error!.message).toBe('bomb.hdf5: sentence 0 ("Hello") declares 67108864 neurons per layer; Salient reads at most 16,384');
    expect(error!.file).toBe('bomb.hdf5');
    expect(grown).toBeLessThan(16 * MB);
  });

  it('[1, 1, 2^30 + 1024] (a byte count that wraps a 32-bit malloc) is refused, the WASM heap untouched', async () => {
    const file = await declaring([1, 1, 2 ** 30 + 1024]);
    const grown = await allocatedDuring(async () => {
      const error = await refusal(readAll(await openActivationFile(file)));
      expect(error.message).toContain('declares 1073742848 neurons per layer');
    });
    expect(grown).toBeLessThan(16 * MB);
    // h5wasm still works afterwards: a normal file reads.
    const fine = path.join(tempDir(), 'fine.hdf5');
    const sink = memorySink();
    const writer = activationWriter('hdf5', sink, { dtype: 'float32' });
    writer.write({ index: 0, layers: 1, words: 1, hidden: 3, values: Float32Array.of(1, 2, 3) }, ['Hello']);
    writer.close();
    writeFileSync(fine, sink.bytes());
    expect(Array.from((await readAll(await openActivationFile(fine)))[0].values)).toEqual([1, 2, 3]);
  });

  it('shapes past the layer cap, the 2 GB cap, or the corpus are refused by what they declare', async () => {
    const layers = await refusal(readAll(await openActivationFile(await declaring([129, 1, 3]))));
    expect(layers.message).toContain('declares 129 layers; Salient reads at most 128');
    const big = await refusal(readAll(await openActivationFile(await declaring([128, 300, 16_384]))));
    expect(big.message).toMatch(/declares 128 × 300 × 16384 values \(2\.3 GB as float32\); one sentence may hold at most 2 GB/);
    // Within the caps, but not what the corpus says: refused before its 400 MB are read.
    const grown = await allocatedDuring(async () => {
      const words = await refusal(importInto(await openActivationFile(await declaring([100, 1000, 1024])), oneWord));
      expect(words.message).toBe('bomb.hdf5: sentence 0 ("Hello") has 1000 word vectors, but sentence 1 of one.word has 1 words');
    });
    expect(grown).toBeLessThan(16 * MB);
  });

  it('a "salient" attribute with an object where the model name belongs is refused', async () => {
    const meta = {
      format: 'salient-activations', version: 1, model: { evil: 1 }, corpus: 'one.word', corpusHash: corpusHash(oneWord),
      corpusSentences: 1, from: 0, to: 1, aggregation: 'last', dtype: 'float32', layers: 1, hidden: 3,
    };
    const error = await refusal(importInto(await openActivationFile(withMeta(path.join(tempDir(), 'evil.hdf5'), JSON.stringify(meta))), oneWord));
    expect(error.message).toMatch(/^evil\.hdf5: its "salient" metadata is not valid \(model: /);
  });
});

describe('JSON lines declaring more than they hold', () => {
  const values = (n: number) => `[${new Array(n).fill('0').join(',')}]`;
  const word = (layers: number, hidden: number) => `{"token": "w", "layers": [${Array.from({ length: layers }, (_, l) => `{"index": ${l}, "values": ${values(hidden)}}`).join(',')}]}`;

  it('a 0.37 MB word of 300 layers × 300 values followed by empty words allocates nothing', async () => {
    const line = `{"linex_index": 0, "features": [${word(300, 300)}${',{}'.repeat(3600)}]}`;
    expect(line.length).toBeLessThan(0.4 * MB);
    const grown = await allocatedDuring(async () => {
      const error = await refusal(importInto(jsonReader(line), oneWord));
      expect(error.message).toMatch(/^acts\.json:1: sentence 0: word 2 has no "layers" with "values"/);
      expect(error.line).toBe(1);
    });
    expect(grown).toBeLessThan(16 * MB);
    const layers = await refusal(importInto(jsonReader(`{"linex_index": 0, "features": [${word(300, 300)}]}`), oneWord));
    expect(layers.message).toBe('acts.json:1: sentence 0 declares 300 layers; Salient reads at most 128');
  });

  it('a 0.62 MB line asking for 8 GB is refused by its shape before any allocation', async () => {
    const small = `{"token": "w", "layers": [${Array.from({ length: 100 }, () => '{"values": [0]}').join(',')}]}`;
    const first = word(100, 1000);
    // 100 layers × 1000 values, then 2,600 words that look the same at a glance but hold 1 value each.
    const line = `{"linex_index": 0, "features": [${first}${`,${small}`.repeat(26)}]}`;
    expect(line.length).toBeLessThan(0.7 * MB);
    const grown = await allocatedDuring(async () => {
      const error = await refusal(importInto(jsonReader(line), oneWord));
      expect(error.message).toBe('acts.json:1: sentence 0: word 2 ("w"), layer 0 has 1 values, expected 1000');
    });
    expect(grown).toBeLessThan(16 * MB);
    // Well-formed but 20,000 words where the corpus has one: refused by the corpus, not after allocating 8 GB.
    const many = `{"linex_index": 0, "features": [${new Array(20_000).fill(`{"token":"w","layers":[{"values":[0,0]}]}`).join(',')}]}`;
    const error = await refusal(importInto(jsonReader(many), oneWord));
    expect(error.message).toBe('acts.json:1: sentence 0 ("Hello") has 20000 word vectors, but sentence 1 of one.word has 1 words');
  });

  it('metadata with an object for a model name is refused even when the sentence counts differ', async () => {
    const acts = syntheticActivations(examples, 2, 4);
    const lines = handWrittenJson(examples, acts).trimEnd().split('\n');
    const first = JSON.parse(lines[0]);
    first.salient = {
      format: 'salient-activations', version: 1, model: { evil: 1 }, corpus: 'test.in', corpusHash: 'x',
      corpusSentences: 99, from: 0, to: 99, aggregation: 'last', dtype: 'float32', layers: 2, hidden: 4,
    };
    const error = await refusal(importInto(jsonReader([JSON.stringify(first), ...lines.slice(1)].join('\n')), examples));
    expect(error.message).toMatch(/^acts\.json:1: its "salient" metadata is not valid \(model: /);
    // Valid metadata of another corpus of another length: the hash is always checked.
    first.salient.model = 'm';
    const other = await refusal(importInto(jsonReader([JSON.stringify(first), ...lines.slice(1)].join('\n')), examples));
    expect(other.message).toMatch(/^acts\.json was extracted from test\.in \(99 sentences, words hash x\), not from test\.in \(10 sentences/);
  });

  it('features: [null], values "abc", {}, 1e999 and a missing values list name the line', async () => {
    const line = (feature: string) => `{"linex_index": 0, "features": [${feature}]}`;
    const cases: [string, string][] = [
      [line('null'), 'acts.json:1: sentence 0: word 1 is null, expected an object with "token" and "layers"'],
      [line('{"token": "Hello", "layers": [{"values": ["abc", 1, 2]}]}'), 'acts.json:1: sentence 0: word 1, layer 0, value 1 is "abc", expected a finite number'],
      [line('{"token": "Hello", "layers": [{"values": [1, {}, 2]}]}'), 'acts.json:1: sentence 0: word 1, layer 0, value 2 is {}, expected a finite number'],
      [line('{"token": "Hello", "layers": [{"values": [1, 2, 1e999]}]}'), 'acts.json:1: sentence 0: word 1, layer 0, value 3 is null (too large for float32), expected a finite number'],
      [line('{"token": "Hello", "layers": [{"values": [1, 2, 1e39]}]}'), 'acts.json:1: sentence 0: word 1, layer 0, value 3 is 1e+39 (too large for float32), expected a finite number'],
      [line('{"token": "Hello", "layers": [null]}'), 'acts.json:1: sentence 0: word 1 ("Hello"), layer 0 has no "values" list'],
      [line('{"token": "Hello", "layers": 7}'), 'acts.json:1: sentence 0: word 1 ("Hello") has no "layers" with "values"'],
    ];
    for (const [text, message] of cases) {
      const error = await refusal(importInto(jsonReader(`\n${text}`.slice(1)), oneWord));
      expect(error.message).toBe(message);
      expect(error.line).toBe(1);
    }
  });

  it('splits one 8 MB line as it splits eight 1 MB lines (linear: pieces joined once)', async () => {
    const long = 'x'.repeat(8 * MB);
    const lines: string[] = [];
    for await (const l of textLines(chunked(new TextEncoder().encode(`${long}\r\nshort\n`), 4096))) lines.push(l);
    expect(lines.map((l) => l.length)).toEqual([8 * MB, 5]);
    const eight: string[] = [];
    for await (const l of textLines(chunked(new TextEncoder().encode(`${'y'.repeat(MB)}\n`.repeat(8)), 4096))) eight.push(l);
    expect(eight.map((l) => l.length)).toEqual(new Array(8).fill(MB));
  });

  it('refuses a line longer than the cap, naming it', async () => {
    const lines = textLines(chunked(new TextEncoder().encode(`\n${'x'.repeat(5000)}\n`), 1000), 4096);
    const error = await refusal(readAll(jsonActivationReader(lines, 'long.json')));
    expect(error.message).toBe('long.json:2: line is longer than 4,096 characters');
    expect(error.line).toBe(2);
  });
});
