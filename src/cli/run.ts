/**
 * `salient run`: extract every layer of a model for train/dev/test corpora (or
 * read them from activation files: `salient merge` output, NeuroX files) and run
 * the whole LCA evaluation, writing the result JSON (the app's format).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { firstWords, type Corpus } from '../core/corpus';
import { evaluateLca, type LcaResult } from '../core/evaluation';
import { extractActivations } from '../core/extract/extractor';
import { neuroxRanking } from '../core/interop';
import type { LoadedModel } from '../core/model/loadModel';
import { hubSource, DEFAULT_HUB_HOST } from '../core/model/sources';
import type { L1Mode, LinearProbe } from '../core/probe';
import type { RankerName } from '../core/evaluation/types';
import { LayeredFeatureMatrix } from '../core/store/layeredFeatures';
import { MemoryActivationStore, type Aggregation } from '../core/store/activationStore';
import { buildTask, resolveTask, SPLITS, type SplitName } from '../core/tasks';
import { loadActivationFile } from '../node/activationFiles';
import { fsModelSource } from '../node/fsModelSource';
import { loadNodeModel, nodeOrt as ort, type Device } from '../node/ortDevice';
import { readCorpus } from '../node/readCorpus';
import { summaryLines } from './summary';

export interface RunOptions {
  /** Needed unless every corpus comes with an activation file. */
  model?: string;
  corpus: string;
  dev?: string;
  test?: string;
  columns?: string[];
  labels?: string;
  task: string;
  aggregation: Aggregation;
  l1: number;
  l2: number;
  /** L1 in the gradient (NeuroX, default) or proximal (sparse). */
  l1Mode?: L1Mode;
  epochs: number;
  /** Probe seeds for the stability figures (default 3). */
  seeds?: number;
  /** The ranking that picks ablated and minimal sets (default probe). */
  ranker?: RankerName;
  /** The AP ranker's threshold (default 0.05). */
  apThreshold?: number;
  maxTrainTokens?: number;
  minLabelCount?: number;
  seed: number;
  out: string;
  hubHost?: string;
  device?: Device;
  /** Activation files per corpus (NeuroX JSON/HDF5, e.g. from `salient merge`) instead of extracting. */
  activations?: Partial<Record<SplitName, string>>;
  /** Also write the ranking in NeuroX's shapes (get_neuron_ordering, get_top_neurons) here. */
  neuroxRanking?: string;
  log: (line: string) => void;
}

export async function runLca(options: RunOptions): Promise<LcaResult> {
  const { log } = options;
  const started = performance.now();
  const corpora = {
    train: readCorpus(options.corpus, options),
    dev: options.dev ? readCorpus(options.dev, options) : undefined,
    test: options.test ? readCorpus(options.test, options) : undefined,
  };
  const { spec, excludeLabels } = resolveTask(options.task, corpora.train);
  const capped = options.maxTrainTokens ? firstWords(corpora.train, options.maxTrainTokens) : corpora.train;
  const truncated = capped !== corpora.train;
  corpora.train = capped;

  const features: Partial<Record<SplitName, LayeredFeatureMatrix>> = {};
  const shapes: { split: SplitName; layers: number; hidden: number; model: string }[] = [];
  let model: LoadedModel | undefined;
  for (const split of SPLITS) {
    const corpus = corpora[split];
    if (!corpus) continue;
    const file = options.activations?.[split];
    if (file) {
      log(`reading ${split} activations from ${file}`);
      const store = await loadActivationFile(file, corpus, { prefix: split === 'train' && truncated });
      const { meta } = store;
      features[split] = new LayeredFeatureMatrix(store.layerData(), meta.rows, meta.hidden);
      shapes.push({ split, layers: meta.layers, hidden: meta.hidden, model: meta.model });
      continue;
    }
    model ??= await openModel(options);
    features[split] = await extract(model, corpus, split, options);
    shapes.push({ split, layers: model.taps.length, hidden: model.hidden, model: model.id });
  }
  await model?.session.release();
  const extractSeconds = (performance.now() - started) / 1000;
  const [first] = shapes;
  for (const other of shapes) {
    if (other.layers !== first.layers || other.hidden !== first.hidden) {
      throw new Error(`the ${other.split} activations have ${other.layers} layers × ${other.hidden}, the ${first.split} ones ${first.layers} × ${first.hidden}`);
    }
  }
  const { layers, hidden: neuronsPerLayer } = first;

  const task = buildTask(spec, corpora, { seed: options.seed, maxTrainTokens: options.maxTrainTokens, minLabelCount: options.minLabelCount, excludeLabels, name: options.task });
  log(`task ${task.name}: ${task.labels.length} labels; ${task.train.rows.length} train / ${task.dev.rows.length} dev / ${task.test.rows.length} test words`);
  const { unseen } = task.stats;
  if (unseen.dev + unseen.test > 0) log(`${unseen.dev} dev and ${unseen.test} test words carry labels never seen in training (${unseen.labels.join(', ')}): mapped to ${unseen.handling === 'other' ? 'OTHER' : 'nothing (dropped)'}`);
  let oracle: LinearProbe | undefined;
  const result = await evaluateLca(
    { model: first.model, task, features: { train: features.train!, dev: features.dev, test: features.test }, layers, neuronsPerLayer },
    {
      probe: { lambda1: options.l1, lambda2: options.l2, l1Mode: options.l1Mode, epochs: options.epochs, seed: options.seed },
      seed: options.seed,
      seeds: options.seeds,
      ranker: options.ranker,
      apThreshold: options.apThreshold,
      onOracle: (probe) => (oracle = probe),
      onStage: (stage, fraction) => log(`[${Math.round(fraction * 100)}%] ${stage}`),
    },
  );
  result.timings.extract = extractSeconds;
  result.timings.total = (performance.now() - started) / 1000;
  writeFileSync(options.out, JSON.stringify(result, null, 1));
  for (const line of summaryLines(result)) log(line);
  log(`wrote ${options.out}`);
  if (options.neuroxRanking && oracle) {
    writeFileSync(options.neuroxRanking, JSON.stringify(neuroxRanking(oracle, task.labels, { layers, neuronsPerLayer, seed: options.seed })));
    log(`wrote the NeuroX-shaped ranking to ${options.neuroxRanking}`);
  }
  return result;
}

async function openModel(options: RunOptions): Promise<LoadedModel> {
  if (!options.model) throw new Error('--model is needed to extract activations for corpora given without --activations');
  const source = existsSync(options.model) ? fsModelSource(options.model) : hubSource(options.model, { host: options.hubHost ?? DEFAULT_HUB_HOST });
  options.log(`loading ${source.origin}`);
  const model = await loadNodeModel(source, options.device ?? 'auto', options.log);
  options.log(`${model.taps.length} layers × ${model.hidden} (${model.tapFamily})`);
  return model;
}

async function extract(model: LoadedModel, corpus: Corpus, split: string, options: RunOptions): Promise<LayeredFeatureMatrix> {
  const sentences = corpus.sentences.map((s) => s.words);
  const rows = sentences.reduce((n, s) => n + s.length, 0);
  const store = new MemoryActivationStore({
    model: model.id, corpusHash: split, aggregation: options.aggregation, includeSpecialTokens: false, dtype: 'float16',
    layers: model.taps.length, hidden: model.hidden, rows, sentences: sentences.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: new Date().toISOString(),
  });
  const summary = await extractActivations(model, ort, sentences, store, {
    aggregation: options.aggregation,
    includeSpecialTokens: false,
    onProgress: (p) => options.log(`extract ${split}: ${p.sentencesDone}/${p.sentences} sentences, ${Math.round(p.tokensPerSecond)} tokens/s`),
  });
  if (summary.droppedWords.length) options.log(`warning: ${summary.droppedWords.length} ${split} words tokenized to nothing (zero vectors), e.g. "${summary.droppedWords[0].text}"`);
  return new LayeredFeatureMatrix(store.layerData(), rows, model.hidden);
}
