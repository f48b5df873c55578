/**
 * `salient run`: extract every layer of a model for train/dev/test corpora (or
 * read them from activation files: `salient merge` output, NeuroX files) and run
 * the whole LCA evaluation, writing the result JSON (the app's format).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { firstWords, type Corpus } from '../core/corpus';
import { checkResult, summarizeProperties, PROPERTY_TOP_PERCENT, type LcaResult, type PropertiesSummary } from '../core/evaluation';
import { neuroxRanking } from '../core/interop';
import type { LoadedModel } from '../core/model/loadModel';
import { hubSource, DEFAULT_HUB_HOST } from '../core/model/sources';
import { allLayers, kindsOf, neuronGrid, type LayerSelection, type NeuronChoice, type NeuronGrid, type NeuronKind } from '../core/neurons/neurons';
import type { LinearProbe } from '../core/probe';
import { LayeredFeatureMatrix } from '../core/store/layeredFeatures';
import type { Aggregation, Device } from '../core/options';
import { evaluateRun, extractGridsToStores, memoryStore, runTask, type EvaluationSettings } from '../core/run';
import { SPLITS, type SplitName } from '../core/tasks';
import { loadActivationFile } from '../node/activationFiles';
import { fsModelSource } from '../node/fsModelSource';
import { loadNodeModel, nodeOrt as ort } from '../node/ortDevice';
import { readCorpus } from '../node/readCorpus';
import { outFileFor } from './extract';
import { summaryLines } from './summary';

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
  /** Layer outputs (default), MLP neurons, or both: two analyses from one extraction, the MLP result beside `out` (`result.mlp.json`). */
  neurons?: NeuronChoice;
  layers?: LayerSelection;
  out: string;
  hubHost?: string;
  device?: Device;
  /** Activation files per corpus (NeuroX JSON/HDF5, e.g. from `salient merge`) instead of extracting. */
  activations?: Partial<Record<SplitName, string>>;
  /** Also write the ranking in NeuroX's shapes (get_neuron_ordering, get_top_neurons) here. */
  neuroxRanking?: string;
  log: (line: string) => void;
}

/** Runs the evaluation; with `neurons: both`, once per kind from one extraction (the returned result is the layer outputs'). */
export async function runLca(options: RunOptions): Promise<LcaResult> {
  const started = performance.now();
  const prepared = await prepare(options);
  const choice = options.neurons ?? 'outputs';
  const results: LcaResult[] = [];
  for (const kind of prepared) {
    if (prepared.length > 1) options.log(`${kind.kind === 'mlp' ? 'MLP neurons' : 'layer outputs'}: ${kind.layers} layers × ${kind.neuronsPerLayer}`);
    const ranking = options.neuroxRanking && outFileFor(options.neuroxRanking, kind.kind, choice);
    results.push(await evaluateTask(kind, options.task, options, outFileFor(options.out, kind.kind, choice), ranking, started));
  }
  return results[0];
}

/** Several properties on one extraction: the result file of each, and the summary across them. */
export interface PropertiesRun {
  results: { task: string; file: string; result: LcaResult }[];
  summary: PropertiesSummary & { model: string; files: Record<string, string> };
  summaryFile: string;
}

/**
 * `--task` given more than once: the corpora are read and the activations extracted once, then
 * each property gets its own probe, ranking and evaluation, written to `<out>.<task>.json` (a full
 * result in the app's schema), and `<out>.summary.json` holds the properties × layers shares, each
 * property's mean layer and the overlap of their top neurons.
 */
export async function runProperties(options: Omit<RunOptions, 'task'> & { tasks: string[]; topPercent?: number }): Promise<PropertiesRun> {
  const started = performance.now();
  const tasks = [...new Set(options.tasks)];
  if (options.neurons === 'both') throw new Error('several properties run on one kind of neuron at a time: give --neurons outputs or --neurons mlp');
  const [prepared] = await prepare(options);
  const results: PropertiesRun['results'] = [];
  for (const task of tasks) {
    const file = propertyFile(options.out, task);
    options.log(`— property ${task} (${results.length + 1} of ${tasks.length})`);
    const ranking = options.neuroxRanking && propertyFile(options.neuroxRanking, task);
    results.push({ task, file, result: await evaluateTask(prepared, task, options, file, ranking, started) });
  }
  const summary = {
    model: prepared.model,
    ...summarizeProperties(
      results.map((r) => r.result),
      options.topPercent ?? PROPERTY_TOP_PERCENT,
    ),
    files: Object.fromEntries(results.map((r) => [r.task, basename(r.file)])),
  };
  const summaryFile = propertyFile(options.out, 'summary');
  writeFileSync(summaryFile, JSON.stringify(summary, null, 1));
  options.log(`top ${summary.percent}% of each ordering, share per layer (mean layer):`);
  for (const p of summary.properties) options.log(`  ${p.task.padEnd(12)} ${p.shares.map((s) => `${(s * 100).toFixed(0).padStart(3)}%`).join(' ')}   ${p.meanLayer.toFixed(2)}`);
  for (const o of summary.overlap) options.log(`  overlap ${o.a} / ${o.b}: ${o.shared} shared, Jaccard ${o.jaccard.toFixed(3)}`);
  options.log(`wrote ${summaryFile}`);
  return { results, summary, summaryFile };
}

/** `result.json` + `suffix:3` → `result.suffix-3.json`. */
export function propertyFile(out: string, task: string): string {
  const ext = extname(out) || '.json';
  const slug = task.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'property';
  return join(dirname(out), `${basename(out, extname(out))}.${slug}${ext}`);
}

/** One kind of neuron's activations for every split, ready for probes. */
interface Prepared {
  kind: NeuronKind;
  /** Model layer numbers when a selection (absent: every layer). */
  layerNumbers?: number[];
  corpora: { train: Corpus; dev?: Corpus; test?: Corpus };
  features: { train: LayeredFeatureMatrix; dev?: LayeredFeatureMatrix; test?: LayeredFeatureMatrix };
  model: string;
  layers: number;
  neuronsPerLayer: number;
  extractSeconds: number;
}

/** Reads the corpora and extracts (or reads) the activations every property shares: one set per kind of neuron. */
async function prepare(options: Omit<RunOptions, 'task'>): Promise<Prepared[]> {
  const { log } = options;
  const started = performance.now();
  // Every input is read and checked before anything is extracted: a bad test file fails in a second, not after the run.
  for (const file of Object.values(options.activations ?? {})) if (file && !existsSync(file)) throw new Error(`activation file not found: ${file}`);
  const corpora = {
    train: readCorpus(options.corpus, options),
    dev: options.dev ? readCorpus(options.dev, options) : undefined,
    test: options.test ? readCorpus(options.test, options) : undefined,
  };
  const capped = options.maxTrainTokens ? firstWords(corpora.train, options.maxTrainTokens) : corpora.train;
  const truncated = capped !== corpora.train;
  const wholeTrain = corpora.train;
  corpora.train = capped;

  const kinds = kindsOf(options.neurons ?? 'outputs').map((kind) => ({
    kind,
    features: {} as Partial<Record<SplitName, LayeredFeatureMatrix>>,
    shapes: [] as { split: SplitName; layers: number; hidden: number; model: string; layerNumbers?: number[] }[],
  }));
  let model: LoadedModel | undefined;
  for (const split of SPLITS) {
    const corpus = corpora[split];
    if (!corpus) continue;
    const file = options.activations?.[split];
    if (file) {
      log(`reading ${split} activations from ${file}`);
      const store = await loadActivationFile(file, corpus, { prefix: split === 'train' && truncated, whole: wholeTrain });
      const { meta } = store;
      const kind = meta.neurons ?? 'outputs';
      if (kinds.length !== 1 || (options.neurons && kinds[0].kind !== kind)) {
        throw new Error(`${file} holds ${kind === 'mlp' ? 'MLP neurons' : 'layer outputs'}; with --activations, --neurons must name that one kind`);
      }
      kinds[0].kind = kind;
      kinds[0].features[split] = new LayeredFeatureMatrix(store.layerData(), meta.rows, meta.hidden);
      kinds[0].shapes.push({ split, layers: meta.layers, hidden: meta.hidden, model: meta.model, layerNumbers: meta.layerNumbers });
      continue;
    }
    model ??= await openModel(options);
    const grids = kinds.map((k) => neuronGrid(model!, k.kind, options.layers));
    const matrices = await extract(model, corpus, split, grids, options);
    kinds.forEach((k, i) => {
      k.features[split] = matrices[i];
      k.shapes.push({ split, layers: grids[i].taps.length, hidden: grids[i].width, model: model!.id, layerNumbers: grids[i].layerNumbers });
    });
  }
  await model?.session.release();
  const extractSeconds = (performance.now() - started) / 1000;
  return kinds.map(({ kind, features, shapes }) => {
    const [first] = shapes;
    for (const other of shapes) {
      if (other.layers !== first.layers || other.hidden !== first.hidden) {
        throw new Error(`the ${other.split} activations have ${other.layers} layers × ${other.hidden}, the ${first.split} ones ${first.layers} × ${first.hidden}`);
      }
    }
    const numbered = first.layerNumbers && !allLayers(kind, first.layerNumbers);
    return {
      kind,
      ...(numbered ? { layerNumbers: first.layerNumbers } : {}),
      corpora,
      features: { train: features.train!, dev: features.dev, test: features.test },
      model: first.model,
      layers: first.layers,
      neuronsPerLayer: first.hidden,
      extractSeconds,
    };
  });
}

/** One property on prepared activations: probe, ranking, evaluation; writes `out`. */
async function evaluateTask(prepared: Prepared, taskName: string, options: Omit<RunOptions, 'task'>, out: string, rankingFile: string | undefined, started: number): Promise<LcaResult> {
  const { log } = options;
  const { corpora, features, layers, neuronsPerLayer } = prepared;
  const task = runTask({ ...options, task: taskName }, corpora);
  log(`task ${task.name}: ${task.labels.length} labels; ${task.train.rows.length} train / ${task.dev.rows.length} dev / ${task.test.rows.length} test words`);
  const { unseen } = task.stats;
  if (unseen.dev + unseen.test > 0) log(`${unseen.dev} dev and ${unseen.test} test words carry labels never seen in training (${unseen.labels.join(', ')}): mapped to ${unseen.handling === 'other' ? 'OTHER' : 'nothing (dropped)'}`);
  let oracle: LinearProbe | undefined;
  const evaluated = await evaluateRun(
    { ...options, task: taskName },
    { model: prepared.model, task, features, neuronsPerLayer },
    {
      onOracle: (probe) => (oracle = probe),
      onStage: (stage, fraction) => log(`[${Math.round(fraction * 100)}%] ${stage}`),
    },
  );
  // Which neurons the grid holds travels with the result, so every view and file labels them.
  const result: LcaResult = { ...evaluated, ...(prepared.kind === 'mlp' ? { neurons: 'mlp' as const } : {}), ...(prepared.layerNumbers ? { layerNumbers: prepared.layerNumbers } : {}) };
  result.timings.extract = prepared.extractSeconds;
  result.timings.total = (performance.now() - started) / 1000;
  writeFileSync(out, JSON.stringify(checkResult(result, 'the result'), null, 1));
  for (const line of summaryLines(result)) log(line);
  log(`wrote ${out}`);
  if (rankingFile && oracle) {
    writeFileSync(rankingFile, JSON.stringify(neuroxRanking(oracle, task.labels, { layers, neuronsPerLayer, seed: options.seed })));
    log(`wrote the NeuroX-shaped ranking to ${rankingFile}`);
  }
  return result;
}

async function openModel(options: Omit<RunOptions, 'task'>): Promise<LoadedModel> {
  if (!options.model) throw new Error('--model is needed to extract activations for corpora given without --activations');
  const source = existsSync(options.model) ? fsModelSource(options.model) : hubSource(options.model, { host: options.hubHost ?? DEFAULT_HUB_HOST });
  options.log(`loading ${source.origin}`);
  const model = await loadNodeModel(source, options.device ?? 'auto', options.log);
  const mlp = model.mlpTaps.length ? `; MLP ${model.mlpTaps.length} × ${model.mlpWidth}` : '; no MLP neurons found';
  options.log(`${model.taps.length} layers × ${model.hidden}${mlp} (${model.tapFamily}${model.decoder ? ', decoder' : ''})`);
  return model;
}

/** One forward pass per batch feeds every grid (layer outputs and MLP neurons together). */
async function extract(model: LoadedModel, corpus: Corpus, split: string, grids: NeuronGrid[], options: Omit<RunOptions, 'task'>): Promise<LayeredFeatureMatrix[]> {
  const sentences = corpus.sentences.map((s) => s.words);
  const key = { model: model.id, corpusHash: split, aggregation: options.aggregation, includeSpecialTokens: false, dtype: 'float16' } as const;
  const { stores, summary } = await extractGridsToStores(model, ort, sentences, key, grids, memoryStore, {
    onProgress: (p) => options.log(`extract ${split}: ${p.sentencesDone}/${p.sentences} sentences, ${Math.round(p.tokensPerSecond)} tokens/s`),
  });
  if (summary.droppedWords.length) options.log(`warning: ${summary.droppedWords.length} ${split} words tokenized to nothing (zero vectors), e.g. "${summary.droppedWords[0].text}"`);
  return stores.map((store, i) => new LayeredFeatureMatrix(store.layerData(), store.meta.rows, grids[i].width));
}
