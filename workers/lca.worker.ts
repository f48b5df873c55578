/**
 * The LCA worker: probe training, ranking and evaluation off the UI thread
 * (comlink). A run reads its activations from IndexedDB (written by the
 * extraction worker) and its corpora by hash, so it also reopens after a reload;
 * the loaded run stays here to answer the neuron inspector.
 */
import type { GridLabels } from '../src/core/neurons/neurons';
import * as Comlink from 'comlink';
import type { Corpus } from '../src/core/corpus';
import { histogram, neuronMoments, strongestSentences, topWords, wordOccurrences, wordResponse, type LcaStage, type NeuronMoments, type TopWord } from '../src/core/evaluation';
import { evaluateRun, runTask } from '../src/core/run';
import {
  evaluateProbe,
  Float16FeatureMatrix,
  Float32FeatureMatrix,
  trainLogisticProbe,
  type FeatureMatrix,
  type LinearProbe,
  type TrainOptions,
  type TrainProgress,
} from '../src/core/probe';
import type { RunRecord } from '../src/core/run/types';
import { LayeredFeatureMatrix } from '../src/core/store/layeredFeatures';
import type { NeuronMatrix } from '../src/core/store/rowFile';
import type { SplitName, Task } from '../src/core/tasks';
import { findIdbStore, type IdbActivationStore } from '../src/storage/idbActivationStore';
import { openRowFile, pruneRowFiles } from '../src/storage/rowFiles';
import { deleteRun, getCorpus, getRun, markInterruptedRuns, saveRun } from '../src/storage/runStore';
import type { LcaApi, NeuronDetail, ProbeInput, ProbeReport, WordSearch } from './protocol';

function matrix(input: ProbeInput): FeatureMatrix {
  return input.data instanceof Uint16Array ? new Float16FeatureMatrix(input.data, input.rows, input.dims) : new Float32FeatureMatrix(input.data, input.rows, input.dims);
}

interface LoadedRun {
  id: string;
  task: Task;
  corpora: Partial<Record<SplitName, Corpus>>;
  features: Partial<Record<SplitName, NeuronMatrix>> & { train: NeuronMatrix };
  neuronsPerLayer: number;
  /** Which neurons the grid holds, as its stores say: results carry it so every view labels them. */
  grid: GridLabels;
  /** Where the activations live while the run is loaded. */
  holding: 'memory' | 'files';
  /** Lets go of the row files (streamed runs). */
  release: () => void;
}

/**
 * The most activation bytes (all splits together) a run holds in the worker's memory; a larger
 * run streams its rows from files in OPFS. Either way the probe sees the same rows in the same
 * order, so the result does not depend on which (tests set the limit to compare both). 512 MiB:
 * the extraction worker's loaded model (about 2 GB at BERT-base size) shares this tab's memory.
 */
let inMemoryLimitBytes = 512 << 20;

let cancelled = false;
let loaded: LoadedRun | undefined;
/** Per-neuron mean and spread over the loaded run's training words (reverse search), computed once per run. */
let moments: { id: string; value: NeuronMoments } | undefined;

async function runMoments(run: RunRecord): Promise<{ current: LoadedRun; moments: NeuronMoments }> {
  const current = await loadRun(run);
  if (moments?.id !== run.id) moments = { id: run.id, value: neuronMoments(current.features[current.task.train.source]!, current.task.train.rows) };
  return { current, moments: moments.value };
}

async function loadRun(run: RunRecord): Promise<LoadedRun> {
  if (loaded?.id === run.id) return loaded;
  loaded?.release();
  loaded = undefined;
  moments = undefined;
  const corpora: Partial<Record<SplitName, Corpus>> = {};
  const stores: Partial<Record<SplitName, IdbActivationStore>> = {};
  for (const ref of run.settings.corpora) {
    const corpus = await getCorpus(ref.hash);
    const id = run.activationIds[ref.split];
    const store = id ? await findIdbStore(id) : undefined;
    if (!corpus || !store) throw new Error(`the ${ref.split} corpus "${ref.name}" or its activations are no longer stored in this browser; load them again to rerun`);
    corpora[ref.split] = corpus;
    stores[ref.split] = store;
  }
  if (!corpora.train || !stores.train) throw new Error('a run needs a training corpus');
  const all = Object.values(stores);
  const holding = all.reduce((n, store) => n + store.byteSize(), 0) > inMemoryLimitBytes ? 'files' : 'memory';
  await pruneRowFiles(holding === 'files' ? all.map((store) => store.meta) : []);
  const features: Partial<Record<SplitName, NeuronMatrix>> = {};
  const open: (() => void)[] = [];
  const release = () => open.forEach((close) => close());
  const files = new Map<string, NeuronMatrix>(); // one file per store: splits may share a corpus
  try {
    for (const [split, store] of Object.entries(stores) as [SplitName, IdbActivationStore][]) {
      const { rows, hidden, layers, id } = store.meta;
      if (holding === 'files') {
        if (!files.has(id)) {
          const file = await openRowFile(store);
          open.push(file.close);
          files.set(id, file.matrix);
        }
        features[split] = files.get(id);
      } else {
        const raw = [];
        for (let l = 0; l < layers; l++) raw.push(await store.readLayerRaw(l));
        features[split] = new LayeredFeatureMatrix(raw, rows, hidden);
      }
    }
  } catch (error) {
    release();
    throw error;
  }
  const meta = stores.train.meta;
  const grid: GridLabels = { ...(meta.neurons === 'mlp' ? { neurons: 'mlp' as const } : {}), ...(meta.layerNumbers ? { layerNumbers: meta.layerNumbers } : {}) };
  const task = runTask(run.settings, { train: corpora.train, dev: corpora.dev, test: corpora.test });
  loaded = { id: run.id, task, corpora, features: features as LoadedRun['features'], neuronsPerLayer: meta.hidden, grid, holding, release };
  return loaded;
}

/** |W| per class (classes × neurons), for heatmaps. */
function absoluteWeights(probe: LinearProbe): RunRecord['weights'] {
  return { classes: probe.outputs, dims: probe.dims, values: probe.weights.map(Math.abs) };
}

const api = {
  /**
   * Runs LCA for a run whose activations are stored; saves and returns the finished run.
   * The record is saved as each stage starts and with each partial result, so the views
   * can open on the heatmap as soon as the ranking exists (`onPartial`).
   */
  async runLca(run: RunRecord, onStage?: (stage: LcaStage, fraction: number) => void, onPartial?: (runId: string) => void): Promise<RunRecord> {
    cancelled = false;
    const current = await loadRun(run);
    let record: RunRecord = { ...run, status: 'running', error: undefined };
    const save = (changes: Partial<RunRecord>) => {
      record = { ...record, ...changes };
      return saveRun(record);
    };
    const result = await evaluateRun(
      run.settings,
      { model: run.settings.model, task: current.task, features: current.features, neuronsPerLayer: current.neuronsPerLayer },
      {
        shouldStop: () => cancelled,
        onOracle: (probe) => void save({ weights: absoluteWeights(probe) }),
        onStage: (stage, fraction) => {
          onStage?.(stage, fraction);
          void save({ stage });
        },
        onPartial: (partial) => void save({ result: { ...partial, ...current.grid } }).then(() => onPartial?.(run.id)),
      },
    );
    await save({ status: 'done', stage: 'done', result: { ...result, ...current.grid } });
    return record;
  },

  /** What the inspector shows for one neuron (global index: layer × neuronsPerLayer + unit). */
  async neuronDetail(run: RunRecord, neuron: number, sentenceCount = 8): Promise<NeuronDetail> {
    const current = await loadRun(run);
    const { task, features, corpora, neuronsPerLayer } = current;
    const train = features[task.train.source]!;
    const [words] = topWords(train, task.train.rows, task.train.words, [neuron]).values();

    const values = train.neuronValues(neuron);
    const sentences = strongestSentences(corpora[task.train.source]!, values, sentenceCount);
    return { neuron, layer: Math.floor(neuron / neuronsPerLayer), unit: neuron % neuronsPerLayer, topWords: words ?? [], histogram: histogram(values), sentences };
  },

  /**
   * Reverse search: the neurons responding most to `word` (mean |z| over its occurrences in the training
   * words, every layer). `live`: the word's activations from the loaded model, when the corpus lacks it.
   */
  async searchWord(run: RunRecord, word: string, top = 50, live?: Float32Array): Promise<WordSearch> {
    const { current, moments: m } = await runMoments(run);
    if (live) return { word, occurrences: 0, matched: 'live', neurons: wordResponse(live, m, top).top };
    const { task, features } = current;
    const hits = wordOccurrences(features[task.train.source]!, task.train.rows, task.train.words, word);
    if (hits.count === 0) return { word, occurrences: 0, matched: 'none', neurons: [] };
    return { word, occurrences: hits.count, matched: hits.matched, neurons: wordResponse(hits.values, m, top).top };
  },

  /** Top words (NeuroX get_top_words) of several neurons in one pass, `count` each: what a share link carries. */
  async topWordsOf(run: RunRecord, neurons: number[], count: number): Promise<Record<number, TopWord[]>> {
    const { task, features } = await loadRun(run);
    const found = topWords(features[task.train.source]!, task.train.rows, task.train.words, neurons, { numTokens: count });
    return Object.fromEntries(found);
  },

  async trainProbe(
    train: ProbeInput,
    test: ProbeInput,
    classes: number,
    options: Omit<TrainOptions, 'onProgress' | 'signal' | 'shouldStop' | 'earlyStopping'> = {},
    onProgress?: (progress: TrainProgress) => void,
  ): Promise<ProbeReport> {
    cancelled = false;
    const result = await trainLogisticProbe({ features: matrix(train), y: train.y }, classes, { ...options, onProgress, shouldStop: () => cancelled });
    const metrics = evaluateProbe(result.probe, { features: matrix(test), y: test.y });
    return { trainSeconds: result.seconds, backend: result.backend, accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
  },

  // This worker is the one writer of run records: the UI saves, stops and deletes runs through it,
  // so its own partial saves and the UI's writes happen in one order.
  saveRun,
  async recordStop(run: RunRecord, message: string, interrupted: boolean): Promise<void> {
    const latest = (await getRun(run.id).catch(() => undefined)) ?? run;
    await saveRun({ ...latest, activationIds: { ...latest.activationIds, ...run.activationIds }, status: interrupted ? 'interrupted' : 'failed', error: message });
  },
  markInterruptedRuns,
  deleteRun,

  setInMemoryLimit(bytes: number): void {
    inMemoryLimitBytes = bytes;
    loaded?.release();
    loaded = undefined;
  },
  async holding(run: RunRecord): Promise<LoadedRun['holding']> {
    return (await loadRun(run)).holding;
  },

  /** Stops the training in progress (it rejects with ProbeCancelledError). */
  cancel(): void {
    cancelled = true;
  },
} satisfies LcaApi;

Comlink.expose(api);
