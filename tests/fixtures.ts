/**
 * Shared fixtures for the tests under tests/: paths into the read-only
 * `shared/` folder beside the repo (models and corpora are read in place,
 * never copied), and small helpers around the extraction engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseConllu, type Corpus } from '../src/core/corpus';
import type { ExtractOptions, ExtractSummary } from '../src/core/extract/extractor';
import { loadModel, type LoadedModel, type LoadModelOptions } from '../src/core/model/loadModel';
import type { OrtApi } from '../src/core/model/ort';
import { createTokenizer } from '../src/core/model/tokenizer';
import { extractToStore, memoryStore } from '../src/core/run';
import type { MemoryActivationStore } from '../src/core/store/activationStore';
import { fsModelSource } from '../src/node/fsModelSource';
import type { StorageDType } from '../src/core/options';

export const SHARED = path.resolve(import.meta.dirname, '../../shared');
export const MODELS = path.join(SHARED, 'models');
export const DATA = path.join(SHARED, 'data');

export const MODEL_NAMES = ['tiny-bert-en', 'tiny-bert-en-sst', 'tiny-bert-en-random'] as const;
export const modelDir = (name: string): string => path.join(MODELS, name);

export const EWT_DEV = 'ud-english-ewt/en_ewt-ud-dev.conllu';
export const pudFile = (lang: 'en' | 'de' | 'fr' | 'ar'): string => `ud-pud/${lang}/${lang}_pud-ud-test.conllu`;

/** onnxruntime-node, typed as the engine's runtime interface. */
export const ortApi = ort as unknown as OrtApi;

const corpora = new Map<string, Corpus>();
/** A CoNLL-U corpus under shared/data (parsed once per test file). */
export function readCorpus(relative: string): Corpus {
  let corpus = corpora.get(relative);
  if (!corpus) {
    corpus = parseConllu(readFileSync(path.join(DATA, relative), 'utf8'), relative);
    corpora.set(relative, corpus);
  }
  return corpus;
}

export function readJsonFile<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The Hugging Face tokenizer of a fixture model, built from its JSON files. */
export function fixtureTokenizer(name = 'tiny-bert-en') {
  const dir = modelDir(name);
  return createTokenizer(readJsonFile(path.join(dir, 'tokenizer.json')), readJsonFile(path.join(dir, 'tokenizer_config.json')));
}

export function openFixtureModel(name = 'tiny-bert-en', options?: LoadModelOptions): Promise<LoadedModel> {
  return loadModel(fsModelSource(modelDir(name)), ortApi, options);
}

export interface Extraction {
  summary: ExtractSummary;
  /** One [rows × hidden] float32 matrix per tap (embeddings first). */
  layers: Float32Array[];
  store: MemoryActivationStore;
}

/** Runs the engine into an in-memory store and reads every layer back. */
export async function extract(
  model: LoadedModel,
  sentences: readonly (readonly string[])[],
  options: Partial<ExtractOptions> = {},
  dtype: StorageDType = 'float32',
): Promise<Extraction> {
  const { aggregation = 'first', includeSpecialTokens = false, ...rest } = options;
  const key = { model: model.id, corpusHash: 'test', aggregation, includeSpecialTokens, dtype };
  const { store, summary } = await extractToStore(model, ortApi, sentences, key, memoryStore, rest);
  const layers = await Promise.all(model.taps.map((_, l) => store.readLayer(l)));
  return { summary, layers, store };
}

/** Row `row` of a [rows × hidden] matrix. */
export const rowOf = (matrix: Float32Array, row: number, hidden: number): Float32Array => matrix.subarray(row * hidden, (row + 1) * hidden);

export const isZero = (v: ArrayLike<number>): boolean => Array.prototype.every.call(v, (x: number) => x === 0);

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
