/**
 * Helpers for the interop tests: NeuroX's sample files, synthetic activations,
 * and two small writers that follow NeuroX's documented layout independently of
 * ours (JSON lines written as NeuroX's JSONActivationsWriter does, HDF5 written
 * with h5wasm the way its HDF5ActivationsWriter does with h5py).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as H5 from 'h5wasm';
import { expect } from 'vitest';
import { parseParallel, type Corpus } from '../../src/core/corpus';
import type { ActivationFileReader, SentenceActivations } from '../../src/core/interop';
import { attachDiskFile, nodeH5 } from '../../src/node/h5wasmDisk';
import { DATA } from '../fixtures';
import { createRng } from '../../src/core/util/random';

export const SAMPLES = path.join(DATA, 'neurox-samples');

/** A NeuroX sample pair, e.g. ('examples/test.in', 'examples/test.label'). */
export function sampleCorpus(words: string, labels: string): Corpus {
  const read = (f: string) => readFileSync(path.join(SAMPLES, f), 'utf8');
  return parseParallel(read(words), read(labels), { words: path.basename(words), labels: path.basename(labels) }, { labelColumn: 'label' });
}

export const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'salient-interop-'));

/** Deterministic activations per sentence: [layers][words][hidden] nested arrays (NeuroX's view). */
export function syntheticActivations(corpus: Corpus, layers: number, hidden: number, seed = 7): number[][][][] {
  const rand = createRng(seed);
  return corpus.sentences.map((s) =>
    Array.from({ length: layers }, () =>
      // Some values tiny, so that writers' exponent notation (1e-05) is read too.
      s.words.map(() => Array.from({ length: hidden }, (_, h) => Math.fround((rand() - 0.5) * 8 * (h % 17 === 0 ? 1e-5 : 1)))),
    ),
  );
}

/** The float32 NeuroX's JSON writer stores for x: round(x, 8) read back. */
export const roundedLikeNeurox = (x: number): number => Math.fround(Math.round(x * 1e8) / 1e8);

/** Python's json.dumps(round(x, 8)) for a float: repr of the rounded double. */
function pythonFloat(x: number): string {
  const r = Math.round(x * 1e8) / 1e8;
  // Python switches to exponents below 1e-4 and writes two exponent digits: 1.5e-05.
  if (r !== 0 && Math.abs(r) < 1e-4) return r.toExponential().replace(/e-(\d)$/, 'e-0$1');
  return String(r);
}

/** NeuroX's JSONActivationsWriter: one line per sentence, values rounded to 8 decimals, Python's separators. */
export function handWrittenJson(corpus: Corpus, acts: number[][][][]): string {
  return corpus.sentences
    .map((s, i) => {
      const features = s.words.map((token, w) => {
        const layers = acts[i].map((layer, l) => `{"index": ${l}, "values": [${layer[w].map(pythonFloat).join(', ')}]}`);
        return `{"token": ${JSON.stringify(token)}, "layers": [${layers.join(', ')}]}`;
      });
      return `{"linex_index": ${i}, "features": [${features.join(', ')}]}\n`;
    })
    .join('');
}

/**
 * NeuroX's HDF5ActivationsWriter, with h5wasm in place of h5py: a float32 dataset
 * "i" of [layers, words, hidden] per sentence, then `sentence_to_index` as a
 * one-element variable-length UTF-8 string dataset holding the JSON map.
 */
export async function handWrittenHdf5(file: string, corpus: Corpus, acts: number[][][][], edit?: (i: number, shape: number[]) => number[]): Promise<void> {
  await createH5(file, (h5) => {
    const sentenceToIndex: Record<string, string> = {};
    corpus.sentences.forEach((s, i) => {
      const layers = acts[i];
      const shape = edit ? edit(i, [layers.length, s.words.length, layers[0][0].length]) : [layers.length, s.words.length, layers[0][0].length];
      const data = Float32Array.from(layers.slice(0, shape[0]).flatMap((layer) => layer.slice(0, shape[1]).flat()));
      h5.create_dataset({ name: String(i), data, shape, dtype: '<f' });
      let key = s.words.join(' ');
      for (let k = 2; key in sentenceToIndex; k++) key = `${s.words.join(' ')} (Occurrence ${k})`;
      sentenceToIndex[key] = String(i);
    });
    h5.create_dataset({ name: 'sentence_to_index', data: [JSON.stringify(sentenceToIndex)], shape: [1], dtype: 'S' });
  });
}

let created = 0;

/** Writes an HDF5 file with h5wasm (in its in-memory file system), then saves it to `file`. */
export async function createH5(file: string, build: (h5: H5.File) => void): Promise<void> {
  const { File, Module } = await nodeH5();
  const FS = Module.FS as unknown as { readFile(path: string): Uint8Array; unlink(path: string): void };
  const inMemory = `/created-${++created}.h5`;
  const h5 = new File(inMemory, 'w');
  build(h5);
  h5.close();
  writeFileSync(file, FS.readFile(inMemory));
  FS.unlink(inMemory);
}

/** Opens an HDF5 file on disk with h5wasm, read-only. */
export async function openH5(file: string): Promise<{ h5: H5.File; close(): void }> {
  const { File } = await nodeH5();
  const attached = await attachDiskFile(file);
  const h5 = new File(attached.path, 'r');
  return { h5, close: () => (h5.close(), attached.detach()) };
}

export async function readAll(reader: ActivationFileReader): Promise<SentenceActivations[]> {
  const out: SentenceActivations[] = [];
  try {
    for await (const s of reader.sentences()) out.push(s);
  } finally {
    reader.close();
  }
  return out;
}

/** Row-major [rows × hidden] per layer, as a store holds it, from nested per-sentence activations. */
export function expectedLayers(acts: number[][][][], layers: number): Float32Array[] {
  return Array.from({ length: layers }, (_, l) => Float32Array.from(acts.flatMap((sentence) => sentence[l].flat())));
}


export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Typed arrays compared element by element (toEqual is slow on a million values). */
export function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let first = -1;
  for (let i = 0; i < actual.length && first < 0; i++) if (!Object.is(actual[i], expected[i])) first = i;
  expect(first, `${what}: first difference at ${first} (${actual[first]} vs ${expected[first]})`).toBe(-1);
}

