/**
 * `salient run`: extract every layer of a model for train/dev/test corpora (or
 * read them from activation files: `salient merge` output, NeuroX files) and run
 * the whole LCA evaluation, writing the result JSON (the app's format).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { firstWords, type Corpus } from '../core/corpus';
import type { LcaResult } from '../core/evaluation';
import { neuroxRanking } from '../core/interop';
import type { LoadedModel } from '../core/model/loadModel';
import { hubSource, DEFAULT_HUB_HOST } from '../core/model/sources';
import type { LinearProbe } from '../core/probe';
import { LayeredFeatureMatrix } from '../core/store/layeredFeatures';
import { SPLITS, type SplitName } from '../core/tasks';
import { loadActivationFile } from '../node/activationFiles';
import { fsModelSource } from '../node/fsModelSource';
import { loadNodeModel, nodeOrt as ort } from '../node/ortDevice';
import { readCorpus } from '../node/readCorpus';
import type { Aggregation, Device } from '../core/options';
import { evaluateRun, extractToStore, memoryStore, runTask, type EvaluationSettings } from '../core/run';

/** The run's settings (named as in the app's RunSettings) and where its inputs and outputs are. */
export interface RunOptions extends EvaluationSettings {
  /** Needed unless every corpus comes with an activation file. */
  model?: string;
  corpus: string;
  dev?: string;
  test?: string;
  columns?: string[];
  labels?: string;
  aggregation: Aggregation;
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
  const capped = options.maxTrainTokens ? firstWords(corpora.train, options.maxTrainTokens) : corpora.train;
  const truncated = capped !== corpora.train;
  corpora.train = capped;
  // Built before extracting, so a task the corpus does not have fails at once.
  const task = runTask(options, corpora);

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

  log(`task ${task.name}: ${task.labels.length} labels; ${task.train.rows.length} train / ${task.dev.rows.length} dev / ${task.test.rows.length} test words`);
  let oracle: LinearProbe | undefined;
  const result = await evaluateRun(
    options,
    { model: first.model, task, features: { train: features.train!, dev: features.dev, test: features.test }, neuronsPerLayer },
    {
      onOracle: (probe) => (oracle = probe),
      onStage: (stage, fraction) => log(`[${Math.round(fraction * 100)}%] ${stage}`),
    },
  );
  result.timings.extract = extractSeconds;
  result.timings.total = (performance.now() - started) / 1000;
  writeFileSync(options.out, JSON.stringify(result, null, 1));
  log(`oracle test accuracy ${result.oracle.test.accuracy.toFixed(3)}; wrote ${options.out}`);
  if (options.neuroxRanking && oracle) {
    writeFileSync(options.neuroxRanking, JSON.stringify(neuroxRanking(oracle, task.labels, { layers, neuronsPerLayer })));
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
  const key = { model: model.id, corpusHash: split, aggregation: options.aggregation, includeSpecialTokens: false, dtype: 'float16' } as const;
  const { store, summary } = await extractToStore(model, ort, sentences, key, memoryStore, {
    onProgress: (p) => options.log(`extract ${split}: ${p.sentencesDone}/${p.sentences} sentences, ${Math.round(p.tokensPerSecond)} tokens/s`),
  });
  if (summary.droppedWords.length) options.log(`warning: ${summary.droppedWords.length} ${split} words tokenized to nothing (zero vectors), e.g. "${summary.droppedWords[0].text}"`);
  return new LayeredFeatureMatrix(store.layerData(), store.meta.rows, model.hidden);
}
