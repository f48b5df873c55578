/**
 * `salient run`: extract every layer of a model for train/dev/test corpora and
 * run the whole LCA evaluation, writing the result JSON (the app's format).
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import type { Corpus } from '../core/corpus';
import { evaluateLca, type LcaResult } from '../core/evaluation';
import { extractActivations } from '../core/extract/extractor';
import { loadModel, type LoadedModel } from '../core/model/loadModel';
import type { OrtApi } from '../core/model/ort';
import { hubSource, DEFAULT_HUB_HOST } from '../core/model/sources';
import { LayeredFeatureMatrix } from '../core/store/layeredFeatures';
import { MemoryActivationStore, type Aggregation } from '../core/store/activationStore';
import { buildTask, resolveTask } from '../core/tasks';
import { fsModelSource } from '../node/fsModelSource';
import { readCorpus } from '../node/readCorpus';

export interface RunOptions {
  model: string;
  corpus: string;
  dev?: string;
  test?: string;
  columns?: string[];
  labels?: string;
  task: string;
  aggregation: Aggregation;
  l1: number;
  l2: number;
  epochs: number;
  maxTrainTokens?: number;
  minLabelCount?: number;
  seed: number;
  out: string;
  hubHost?: string;
  log: (line: string) => void;
}

const ort = ortNode as unknown as OrtApi;

export async function runLca(options: RunOptions): Promise<LcaResult> {
  const { log } = options;
  const started = performance.now();
  const corpora = {
    train: readCorpus(options.corpus, options),
    dev: options.dev ? readCorpus(options.dev, options) : undefined,
    test: options.test ? readCorpus(options.test, options) : undefined,
  };
  const { spec, excludeLabels } = resolveTask(options.task, corpora.train);
  if (options.maxTrainTokens) corpora.train = firstWords(corpora.train, options.maxTrainTokens);

  const source = existsSync(options.model) ? fsModelSource(options.model) : hubSource(options.model, { host: options.hubHost ?? DEFAULT_HUB_HOST });
  log(`loading ${source.origin}`);
  const model = await loadModel(source, ort, { sessionOptions: { executionProviders: ['cpu'] } });
  log(`${model.taps.length} layers × ${model.hidden} (${model.tapFamily})`);

  const features = {
    train: await extract(model, corpora.train, 'train', options),
    dev: corpora.dev && (await extract(model, corpora.dev, 'dev', options)),
    test: corpora.test && (await extract(model, corpora.test, 'test', options)),
  };
  const extractSeconds = (performance.now() - started) / 1000;
  await model.session.release();

  const task = buildTask(spec, corpora, { seed: options.seed, maxTrainTokens: options.maxTrainTokens, minLabelCount: options.minLabelCount, excludeLabels, name: options.task });
  log(`task ${task.name}: ${task.labels.length} labels; ${task.train.rows.length} train / ${task.dev.rows.length} dev / ${task.test.rows.length} test words`);
  const result = await evaluateLca(
    { model: model.id, task, features: { train: features.train, dev: features.dev, test: features.test }, layers: model.taps.length, neuronsPerLayer: model.hidden },
    {
      probe: { lambda1: options.l1, lambda2: options.l2, epochs: options.epochs, seed: options.seed },
      seed: options.seed,
      onStage: (stage, fraction) => log(`[${Math.round(fraction * 100)}%] ${stage}`),
    },
  );
  result.timings.extract = extractSeconds;
  result.timings.total = (performance.now() - started) / 1000;
  writeFileSync(options.out, JSON.stringify(result, null, 1));
  log(`oracle test accuracy ${result.oracle.test.accuracy.toFixed(3)}; wrote ${options.out}`);
  return result;
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

/** The first sentences holding `limit` words: the cap on training tokens, applied before extraction. */
function firstWords(corpus: Corpus, limit: number): Corpus {
  let words = 0;
  let n = 0;
  while (n < corpus.sentences.length && words < limit) words += corpus.sentences[n++].words.length;
  return { ...corpus, sentences: corpus.sentences.slice(0, n) };
}
