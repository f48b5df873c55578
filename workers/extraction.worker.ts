/**
 * The extraction worker: owns the model session, the corpus and the activation
 * store, so tokenization, inference and storage never touch the UI thread.
 * Exposed through comlink; see src/ui/engine.ts for the calling side.
 */
import * as Comlink from 'comlink';
import { env as transformersEnv } from '@huggingface/transformers';
import { corpusHash, countWords, CorpusParseError, parseCorpusFiles, type Corpus, type CorpusFile } from '../src/core/corpus';
import { planLayout, type ExtractProgress, type ExtractWork } from '../src/core/extract/extractor';
import { encoderFlops } from '../src/core/extract/flops';
import { loadModel, type LoadedModel } from '../src/core/model/loadModel';
import type { OrtApi } from '../src/core/model/ort';
import { filesSource, hubSource, type ByteCache, type ModelFileInfo, type ModelSource } from '../src/core/model/sources';
import { extractGridsToStores, extractToStore, memoryStore } from '../src/core/run';
import { tooLargeFor } from '../src/core/model/fit';
import { gridKey, layerNumberOf, neuronGrid, type GridLabels } from '../src/core/neurons/neurons';
import { activationKeyString, bytesPerValue, type ActivationStore } from '../src/core/store/activationStore';
import { isQuotaError, quotaMessage, storageFull } from '../src/storage/quota';
import type { SplitName } from '../src/core/tasks';
import { getCorpus, saveCorpus } from '../src/storage/runStore';
import { createIdbStore, deleteActivations, findIdbStore, listActivations } from '../src/storage/idbActivationStore';
import { chooseBackend } from './backend';
import { ortFor } from './ortRuntime';
import type { BackendChoice, CorporaResult, CorpusInfo, CorpusResult, ExtractionApi, ExtractRequest, ExtractResult, ModelInfo, ModelSpec } from './protocol';
import type { Aggregation, BackendPreference, StorageDType } from '../src/core/options';

transformersEnv.allowLocalModels = false;

/** Why the last model's files could not be cached (storage full): the load itself went on. */
let cacheWarning: string | undefined;

/** Caching downloaded model files is best effort: a full disk must not fail a completed download. */
const modelCache: ByteCache = {
  async match(url) {
    if (typeof caches === 'undefined') return undefined;
    try {
      const response = await (await caches.open('salient-models')).match(url);
      return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
    } catch {
      return undefined;
    }
  },
  async put(url, body, size = body instanceof Uint8Array ? body.length : undefined) {
    if (typeof caches === 'undefined') return;
    try {
      // A download arrives as a stream and goes to the cache as one, never as another copy in memory.
      await (await caches.open('salient-models')).put(url, new Response(body as BodyInit));
    } catch (error) {
      const reason = isQuotaError(error) ? await quotaMessage('keep the model files', size) : `the browser cache refused them (${(error as Error).message})`;
      cacheWarning = `The model is loaded, but its files could not be kept for next time. ${reason}`;
    }
  },
};

function sourceFor(spec: ModelSpec): ModelSource {
  if (spec.kind === 'hub') return hubSource(spec.id, { host: spec.host, cache: modelCache });
  return filesSource(`disk/${spec.name}`, `folder "${spec.name}"`, new Map(spec.files));
}

let model: LoadedModel | undefined;
let backend: BackendChoice | undefined;
/** The runtime build the loaded model runs on: plain WASM or WebGPU's (see ortRuntime.ts). */
let ort: OrtApi | undefined;
/** Corpora by split: a run has a training corpus and optionally its own dev and test files. */
const corpora: Partial<Record<SplitName, { corpus: Corpus; info: CorpusInfo }>> = {};
let store: ActivationStore | undefined;
const cancelFlag = { aborted: false };

const api = {
  chooseBackend,

  async listOnnxFiles(spec: ModelSpec): Promise<ModelFileInfo[]> {
    return sourceFor(spec).listOnnxFiles();
  },

  async openModel(spec: ModelSpec, options: { onnxFile?: string; backend: BackendPreference }, onProgress?: (stage: string, loaded: number, total: number) => void): Promise<ModelInfo> {
    backend = await chooseBackend(options.backend);
    await model?.session.release();
    model = undefined;
    cacheWarning = undefined;
    ort = await ortFor(backend.backend, backend.threads);
    const loaded = await loadModel(sourceFor(spec), ort, {
      onnxFile: options.onnxFile,
      sessionOptions: { executionProviders: [backend.backend] },
      onProgress,
      refuseWeights: (bytes) => tooLargeFor(backend!.backend, bytes),
    });
    model = loaded;
    return {
      id: loaded.id,
      origin: spec.kind === 'hub' ? `${spec.host}/${spec.id}` : `folder "${spec.name}"`,
      layers: loaded.taps.length,
      hidden: loaded.hidden,
      maxTokens: loaded.maxTokens,
      onnxFile: loaded.onnxFile,
      tapFamily: loaded.tapFamily,
      backend,
      cacheWarning,
      mlpLayers: loaded.mlpTaps.length,
      mlpWidth: loaded.mlpWidth,
      decoder: loaded.decoder !== undefined,
    };
  },

  /** One corpus file into `split` (a `.word` file needs its label file: use loadCorpora). */
  async loadCorpus(name: string, text: string, columnNames?: string[], split: SplitName = 'train'): Promise<CorpusResult> {
    const result = await api.loadCorpora([{ name, text }], columnNames, split);
    return result.ok ? { ok: true, corpus: result.corpora[0].info } : result;
  },

  /**
   * Dropped files as corpora by split (train/dev/test from the names; NeuroX `.word` files with
   * their label files). `split` forces a single corpus into that split. All or nothing: a bad
   * file leaves every corpus already loaded as it was.
   */
  async loadCorpora(files: CorpusFile[], columnNames?: string[], split?: SplitName): Promise<CorporaResult> {
    try {
      const parsed = parseCorpusFiles(files, columnNames);
      if (split && parsed.length === 1) parsed[0].split = split;
      const loaded = [];
      for (const { split: to, corpus } of parsed) {
        if (corpus.sentences.length === 0) return { ok: false, error: { message: `${corpus.name}: no sentences found`, file: corpus.name } };
        const info = { name: corpus.name, sentences: corpus.sentences.length, words: countWords(corpus), columns: [...corpus.columns, ...(corpus.sentenceColumns ?? [])], hash: corpusHash(corpus, { includeColumns: true }) };
        loaded.push({ split: to, corpus, info });
      }
      // Saved first, replaced after: a full disk leaves every corpus already loaded as it was.
      for (const { corpus, info } of loaded) {
        try {
          await saveCorpus(info.hash, corpus);
        } catch (error) {
          if (!isQuotaError(error)) throw error;
          const needed = files.reduce((n, f) => n + f.text.length * 2, 0);
          return { ok: false, error: { message: await quotaMessage(`store ${corpus.name}`, needed), file: corpus.name } };
        }
      }
      for (const { split: to, corpus, info } of loaded) corpora[to] = { corpus, info };
      return { ok: true, corpora: loaded.map(({ split: to, info }) => ({ split: to, info })) };
    } catch (error) {
      if (error instanceof CorpusParseError) return { ok: false, error: { message: error.message, file: error.file, line: error.line, column: error.column } };
      return { ok: false, error: { message: (error as Error).message } };
    }
  },

  /** Puts a corpus saved by an earlier session back in a split (resuming a run). */
  async loadStoredCorpus(hash: string, split: SplitName): Promise<boolean> {
    const corpus = await getCorpus(hash);
    if (!corpus) return false;
    corpora[split] = { corpus, info: { name: corpus.name, sentences: corpus.sentences.length, words: countWords(corpus), columns: corpus.columns, hash } };
    return true;
  },

  clearCorpus(split: SplitName): void {
    delete corpora[split];
  },

  async extract(request: ExtractRequest, onProgress?: (progress: ExtractProgress) => void, split: SplitName = 'train'): Promise<ExtractResult> {
    if (!model) throw new Error('Load a model first.');
    const loadedCorpus = corpora[split];
    if (!loadedCorpus) throw new Error(`Load a ${split} corpus first.`);
    const { corpus, info: corpusInfo } = loadedCorpus;
    cancelFlag.aborted = false;
    const sentences = corpus.sentences.map((s) => s.words);
    const key = { model: `${model.id}#${model.onnxFile.path}`, corpusHash: corpusInfo.hash, aggregation: request.aggregation, includeSpecialTokens: request.includeSpecialTokens, dtype: request.dtype };
    const loaded = model;
    // Every kind asked for comes from the same forward passes (stored kinds are simply written again).
    const grids = (request.neurons ?? ['outputs']).map((kind) => neuronGrid(loaded, kind, request.layers));
    const keys = grids.map((grid) => ({ ...key, ...gridKey(grid, loaded.taps.length - 1) }));
    const found = await Promise.all(keys.map((k) => (request.reuseStored === false ? undefined : findIdbStore(k))));
    if (found.every((f) => f !== undefined)) {
      store = found[0];
      return summarize(found as ActivationStore[], { droppedWords: [], extraWindows: 0, seconds: 0 }, true);
    }
    try {
      const { stores, summary } = await extractGridsToStores(loaded, ort!, sentences, key, grids, createIdbStore, { batchSize: request.batchSize, signal: cancelFlag, onProgress });
      store = stores[0];
      return summarize(stores, summary, false);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      for (const k of keys) await deleteActivations(activationKeyString(k)).catch(() => {}); // the partial rows would only hold the space
      const rows = planLayout(loaded, sentences, request.includeSpecialTokens).rowOffsets[sentences.length];
      const values = grids.reduce((n, g) => n + g.taps.length * g.width, 0);
      throw await storageFull(`store the activations of ${corpusInfo.name}`, values * rows * bytesPerValue(request.dtype));
    }
  },

  cancel(): void {
    cancelFlag.aborted = true;
  },

  /**
   * One neuron's value for each word of a sentence the user types (the model stays loaded here).
   * `grid` says which neurons the run's grid holds (MLP or outputs, which model layers).
   */
  async sentenceActivations(modelId: string, words: string[], neuron: number, aggregation: Aggregation, grid: GridLabels = {}): Promise<number[]> {
    if (model?.id !== modelId) throw new Error(`Load the run’s model (${modelId}) on the setup page to see activations of new sentences${model ? `; ${model.id} is loaded` : ''}.`);
    const kind = grid.neurons ?? 'outputs';
    const width = kind === 'mlp' ? model.mlpWidth : model.hidden;
    const layerNumber = layerNumberOf(grid, Math.floor(neuron / width));
    const one = neuronGrid(model, kind, { from: layerNumber, to: layerNumber });
    const key = { model: model.id, corpusHash: 'typed', aggregation, includeSpecialTokens: false, dtype: 'float32' } as const;
    const { stores } = await extractGridsToStores(model, ort!, [words], key, [one], memoryStore);
    const values = await stores[0].readLayer(0);
    return words.map((_, i) => values[i * width + (neuron % width)]);
  },

  /**
   * A word's activations in every layer, extracted alone (a one-word sentence) with the loaded model:
   * `layers × hidden` values laid out as the run's neurons (layer × hidden + unit). For reverse search
   * on a word the corpus does not hold.
   */
  async wordActivations(modelId: string, word: string, aggregation: Aggregation): Promise<Float32Array> {
    if (model?.id !== modelId) throw new Error(`“${word}” is not in the corpus; to extract it live, load the run’s model (${modelId}) on the setup page${model ? ` (${model.id} is loaded)` : ''}.`);
    const { hidden, taps } = model;
    const key = { model: model.id, corpusHash: 'typed', aggregation, includeSpecialTokens: false, dtype: 'float32' } as const;
    const { store: scratch } = await extractToStore(model, ort!, [[word]], key, memoryStore);
    const out = new Float32Array(taps.length * hidden);
    for (let l = 0; l < taps.length; l++) out.set((await scratch.readLayer(l)).subarray(0, hidden), l * hidden);
    return Comlink.transfer(out, [out.buffer]);
  },

  /** One layer's activations [rows × hidden] (tests and the WebGPU/WASM comparison). */
  async readLayer(layer: number): Promise<Float32Array> {
    if (!store) throw new Error('Nothing extracted yet.');
    const data = await store.readLayer(layer);
    return Comlink.transfer(data, [data.buffer as ArrayBuffer]);
  },

  async storage() {
    const estimate = await navigator.storage?.estimate?.();
    return { activations: await listActivations(), usage: estimate?.usage ?? 0, quota: estimate?.quota ?? 0 };
  },

  deleteActivations,
} satisfies ExtractionApi;

function summarize(stores: ActivationStore[], summary: { droppedWords: ExtractResult['droppedWords']; extraWindows: number; seconds: number; work?: ExtractWork }, fromCache: boolean): ExtractResult {
  const [done] = stores;
  const { rows, layers, hidden } = done.meta;
  return {
    rows,
    layers,
    hidden,
    droppedWords: summary.droppedWords,
    extraWindows: summary.extraWindows,
    seconds: summary.seconds,
    wordsPerSecond: summary.seconds ? rows / summary.seconds : 0,
    fromCache,
    storedBytes: stores.reduce((n, s) => n + s.byteSize(), 0),
    activationId: activationKeyString(done.meta),
    activationIds: Object.fromEntries(stores.map((s) => [s.meta.neurons ?? 'outputs', activationKeyString(s.meta)])),
    work: summary.work && model ? { ...summary.work, flops: encoderFlops(model.config, summary.work) } : undefined,
  };
}

Comlink.expose(api);
