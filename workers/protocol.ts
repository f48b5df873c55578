/**
 * What crosses each thread boundary: the requests and answers of the extraction, LCA and
 * interop workers, each worker's API, and the UI's comlink handles on them. The UI
 * imports this module, never a worker; each
 * worker implements its API (`satisfies`), so the two sides cannot drift apart.
 */
import * as Comlink from 'comlink';
import type { GridLabels, LayerSelection, NeuronKind } from '../src/core/neurons/neurons';
import type { CorpusFile } from '../src/core/corpus';
import type { Histogram, LcaStage, NeuronResponse, SentenceActivation, TopWord } from '../src/core/evaluation';
import type { ExtractProgress, ExtractWork } from '../src/core/extract/extractor';
import type { ModelFileInfo } from '../src/core/model/sources';
import type { ActivationFormat, Aggregation, Backend, BackendPreference, StorageDType } from '../src/core/options';
import type { TrainOptions, TrainProgress } from '../src/core/probe';
import type { CorpusRef, RunRecord } from '../src/core/run/types';
import type { ActivationMeta } from '../src/core/store/activationStore';
import type { SplitName } from '../src/core/tasks';
import { supervise, WorkerDied } from './supervise';

// ------------------------------------------------------------------- extraction worker

export type ModelSpec =
  | { kind: 'hub'; id: string; host: string }
  | { kind: 'files'; name: string; files: [path: string, file: File][] };

/** The backend picked for a preference, and why (workers/backend.ts). */
export interface BackendChoice {
  backend: Backend;
  reason: string;
  /** What the GPU adapter says about itself, when there is one. */
  adapter?: string;
  threads: number;
}

export interface ModelInfo {
  id: string;
  origin: string;
  layers: number;
  hidden: number;
  maxTokens: number;
  onnxFile: ModelFileInfo;
  tapFamily: string;
  backend: BackendChoice;
  /** Set when the downloaded files could not be cached (the model works; the next load downloads again). */
  cacheWarning?: string;
  /** MLP neurons: one layer per block, `mlpWidth` each (0 layers when the graph has none we recognise). */
  mlpLayers: number;
  mlpWidth: number;
  /** A causal decoder (GPT-2, Llama, Qwen…). */
  decoder: boolean;
}

export interface CorpusInfo {
  name: string;
  sentences: number;
  words: number;
  columns: string[];
  hash: string;
}

export interface CorpusError {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export type CorpusResult = { ok: true; corpus: CorpusInfo } | { ok: false; error: CorpusError };
export type CorporaResult = { ok: true; corpora: { split: SplitName; info: CorpusInfo }[] } | { ok: false; error: CorpusError };

export interface ExtractRequest {
  aggregation: Aggregation;
  includeSpecialTokens: boolean;
  dtype: StorageDType;
  /** Which neurons to store, from one forward pass per batch (default: layer outputs). */
  neurons?: NeuronKind[];
  /** Model layers kept (default: all). */
  layers?: LayerSelection;
  batchSize?: number;
  /** Reuse activations stored by an earlier extraction with the same key (default true). */
  reuseStored?: boolean;
}

export interface ExtractResult {
  rows: number;
  layers: number;
  hidden: number;
  droppedWords: { sentence: number; word: number; text: string }[];
  extraWindows: number;
  seconds: number;
  wordsPerSecond: number;
  fromCache: boolean;
  storedBytes: number;
  /** Where the activations are stored (IndexedDB), for runs and the inspector: the first kind asked for. */
  activationId: string;
  /** Every kind asked for. */
  activationIds: Partial<Record<NeuronKind, string>>;
  /** Arithmetic done (floating-point operations, see flops.ts) and JS time on the worker's thread; absent when reused. */
  work?: ExtractWork & { flops: number };
}

export interface StorageReport {
  activations: (ActivationMeta & { id: string })[];
  usage: number;
  quota: number;
}

export interface ExtractionApi {
  chooseBackend(preference: BackendPreference): Promise<BackendChoice>;
  listOnnxFiles(spec: ModelSpec): Promise<ModelFileInfo[]>;
  openModel(spec: ModelSpec, options: { onnxFile?: string; backend: BackendPreference }, onProgress?: (stage: string, loaded: number, total: number) => void): Promise<ModelInfo>;
  /** One corpus file into `split` (a `.word` file needs its label file: use loadCorpora). */
  loadCorpus(name: string, text: string, columnNames?: string[], split?: SplitName): Promise<CorpusResult>;
  /**
   * Dropped files as corpora by split (train/dev/test from the names; NeuroX `.word` files with
   * their label files). `split` forces a single corpus into that split. All or nothing: a bad
   * file leaves every corpus already loaded as it was.
   */
  loadCorpora(files: CorpusFile[], columnNames?: string[], split?: SplitName): Promise<CorporaResult>;
  /** Puts a corpus saved by an earlier session back in a split (resuming a run). */
  loadStoredCorpus(hash: string, split: SplitName): Promise<boolean>;
  clearCorpus(split: SplitName): void;
  extract(request: ExtractRequest, onProgress?: (progress: ExtractProgress) => void, split?: SplitName): Promise<ExtractResult>;
  cancel(): void;
  /** One neuron's value for each word of a sentence the user types (the model stays loaded in the worker). */
  sentenceActivations(modelId: string, words: string[], neuron: number, aggregation: Aggregation, grid?: GridLabels): Promise<number[]>;
  /**
   * A word's activations in every layer, extracted alone (a one-word sentence) with the loaded model:
   * `layers × hidden` values laid out as the run's neurons (layer × hidden + unit). For reverse search
   * on a word the corpus does not hold.
   */
  wordActivations(modelId: string, word: string, aggregation: Aggregation): Promise<Float32Array>;
  /** One layer's activations [rows × hidden] (tests and the WebGPU/WASM comparison). */
  readLayer(layer: number): Promise<Float32Array>;
  storage(): Promise<StorageReport>;
  deleteActivations(id: string): Promise<void>;
}

// ------------------------------------------------------------------- LCA worker

/** Examples as a dense matrix (float16 bits or float32) and their class indices. */
export interface ProbeInput {
  data: Uint16Array | Float32Array;
  rows: number;
  dims: number;
  y: Int32Array;
}

export interface ProbeReport {
  trainSeconds: number;
  backend: string;
  accuracy: number;
  macroF1: number;
}

export interface NeuronDetail {
  neuron: number;
  layer: number;
  unit: number;
  topWords: TopWord[];
  /** Histogram of the neuron's activations over the training words. */
  histogram: Histogram;
  /** Sentences with the strongest activations, with a value per word. */
  sentences: SentenceActivation[];
}

/** What reverse search found for a word: from the corpus, or extracted live when the corpus lacks it. */
export interface WordSearch {
  word: string;
  /** Occurrences in the training words; 0 when the activations came from a live extraction. */
  occurrences: number;
  matched: 'exact' | 'case-insensitive' | 'none' | 'live';
  neurons: NeuronResponse[];
}

export interface LcaApi {
  /**
   * Runs LCA for a run whose activations are stored; saves and returns the finished run.
   * The record is saved as each stage starts and with each partial result, so the views
   * can open on the heatmap as soon as the ranking exists (`onPartial`).
   */
  runLca(run: RunRecord, onStage?: (stage: LcaStage, fraction: number) => void, onPartial?: (runId: string) => void): Promise<RunRecord>;
  /**
   * Reverse search: the neurons responding most to `word` (mean |z| over its occurrences in the training
   * words, every layer). `live`: the word's activations from the loaded model, when the corpus lacks it.
   */
  searchWord(run: RunRecord, word: string, top?: number, live?: Float32Array): Promise<WordSearch>;
  /** Top words (NeuroX get_top_words) of several neurons in one pass, `count` each: what a share link carries. */
  topWordsOf(run: RunRecord, neurons: number[], count: number): Promise<Record<number, TopWord[]>>;
  /** What the inspector shows for one neuron (global index: layer × neuronsPerLayer + unit). */
  neuronDetail(run: RunRecord, neuron: number, sentenceCount?: number): Promise<NeuronDetail>;
  trainProbe(train: ProbeInput, test: ProbeInput, classes: number, options?: Omit<TrainOptions, 'onProgress' | 'signal' | 'shouldStop' | 'earlyStopping'>, onProgress?: (progress: TrainProgress) => void): Promise<ProbeReport>;
  /** Stops the training in progress (it rejects with ProbeCancelledError). */
  cancel(): void;
  // The LCA worker is the one thread that writes run records; the UI goes through these.
  saveRun(run: RunRecord): Promise<void>;
  /** Marks a run interrupted (resumable) or failed, keeping the partial results saved meanwhile. */
  recordStop(run: RunRecord, message: string, interrupted: boolean): Promise<void>;
  /** Runs left `running` by a closed or reloaded page become interrupted. */
  markInterruptedRuns(): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /**
   * Runs whose activations (all splits) exceed this many bytes stream their rows from files in OPFS
   * instead of holding them in memory (default 512 MiB); the result is the same either way.
   */
  setInMemoryLimit(bytes: number): void;
  /** Where a run's activations are held once it is loaded. */
  holding(run: RunRecord): Promise<'memory' | 'files'>;
}

// ------------------------------------------------------------------- interop worker

export interface ImportFiles {
  /** NeuroX activations: .json/.jsonl or .hdf5/.h5. */
  activations: File;
  /** The sentences: a NeuroX .word file (one sentence per line) or a CoNLL-U file. */
  words: File;
  /** Labels parallel to a .word file (one per word); optional for CoNLL-U and for word-only tasks. */
  labels?: File;
}

export interface ImportRequest {
  split?: SplitName;
  /** Stored precision; default as in the file (JSON: float32). */
  dtype?: StorageDType;
  /** Column name for the labels (default: the label file's extension, e.g. `upos`, else `label`). */
  labelColumn?: string;
}

export interface ImportedActivations {
  corpus: CorpusRef;
  columns: string[];
  activationId: string;
  layers: number;
  hidden: number;
  model: string;
  aggregation: Aggregation;
  dtype: StorageDType;
}

export interface InteropApi {
  importActivations(files: ImportFiles, request?: ImportRequest, onProgress?: (done: number, total: number) => void): Promise<ImportedActivations>;
  /** Stored activations (by id) of a stored corpus (by hash) as a NeuroX file. */
  exportActivations(activationId: string, corpusHash: string, format: ActivationFormat, dtype?: StorageDType): Promise<Blob>;
}

// ------------------------------------------------------------------- handles

// One worker of each per tab, started lazily and restarted after a death (supervise.ts).
export const extractionEngine = supervise<ExtractionApi>('extraction worker', () => new Worker(new URL('./extraction.worker.ts', import.meta.url), { type: 'module' }));

export const lcaEngine = supervise<LcaApi>('analysis worker', () => new Worker(new URL('./lca.worker.ts', import.meta.url), { type: 'module' }));

export const interopEngine = supervise<InteropApi>('import worker', () => new Worker(new URL('./interop.worker.ts', import.meta.url), { type: 'module' }));

export { Comlink, WorkerDied };
