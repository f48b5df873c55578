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
import { allLayers, kindsOf, neuronGrid, type LayerSelection, type NeuronChoice, type NeuronKind } from '../core/neurons/neurons';
import { outFileFor } from './extract';
import type { LinearProbe } from '../core/probe';
import { LayeredFeatureMatrix } from '../core/store/layeredFeatures';
import { MemoryActivationStore, type Aggregation } from '../core/store/activationStore';
import { buildTask, resolveTask, SPLITS, type SplitName } from '../core/tasks';
import { loadActivationFile } from '../node/activationFiles';
import { fsModelSource } from '../node/fsModelSource';
import { loadNodeModel, nodeOrt as ort, type Device } from '../node/ortDevice';
import { readCorpus } from '../node/readCorpus';

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
  /** Layer outputs (default), MLP neurons, or both: two analyses from one extraction, the MLP result beside `out` (`result.mlp.json`). */
  neurons?: NeuronChoice;
  layers?: LayerSelection;
  l1: number;
  l2: number;
  epochs: number;
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

/** One grid of features per split for one kind of neuron. */
interface KindFeatures {
  kind: NeuronKind;
  features: Partial<Record<SplitName, LayeredFeatureMatrix>>;
  shapes: { split: SplitName; layers: number; hidden: number; model: string; layerNumbers?: number[] }[];
}

/** Runs the evaluation; with `neurons: both`, once per kind (the returned result is the layer outputs'). */
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

  const choice = options.neurons ?? 'outputs';
  const kinds: KindFeatures[] = kindsOf(choice).map((kind) => ({ kind, features: {}, shapes: [] }));
  let model: LoadedModel | undefined;
  for (const split of SPLITS) {
    const corpus = corpora[split];
    if (!corpus) continue;
    const file = options.activations?.[split];
    if (file) {
      log(`reading ${split} activations from ${file}`);
      const store = await loadActivationFile(file, corpus, { prefix: split === 'train' && truncated });
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

  const task = buildTask(spec, corpora, { seed: options.seed, maxTrainTokens: options.maxTrainTokens, minLabelCount: options.minLabelCount, excludeLabels, name: options.task });
  log(`task ${task.name}: ${task.labels.length} labels; ${task.train.rows.length} train / ${task.dev.rows.length} dev / ${task.test.rows.length} test words`);
  const results: LcaResult[] = [];
  for (const { kind, features, shapes } of kinds) {
    const [first] = shapes;
    for (const other of shapes) {
      if (other.layers !== first.layers || other.hidden !== first.hidden) {
        throw new Error(`the ${other.split} activations have ${other.layers} layers × ${other.hidden}, the ${first.split} ones ${first.layers} × ${first.hidden}`);
      }
    }
    const { layers, hidden: neuronsPerLayer } = first;
    if (kinds.length > 1) log(`${kind === 'mlp' ? 'MLP neurons' : 'layer outputs'}: ${layers} layers × ${neuronsPerLayer}`);
    let oracle: LinearProbe | undefined;
    const evaluated = await evaluateLca(
      { model: first.model, task, features: { train: features.train!, dev: features.dev, test: features.test }, layers, neuronsPerLayer },
      {
        probe: { lambda1: options.l1, lambda2: options.l2, epochs: options.epochs, seed: options.seed },
        seed: options.seed,
        onOracle: (probe) => (oracle = probe),
        onStage: (stage, fraction) => log(`[${Math.round(fraction * 100)}%] ${stage}`),
      },
    );
    const numbered = first.layerNumbers && !allLayers(kind, first.layerNumbers);
    const result: LcaResult = { ...evaluated, ...(kind === 'mlp' ? { neurons: kind } : {}), ...(numbered ? { layerNumbers: first.layerNumbers } : {}) };
    result.timings.extract = extractSeconds;
    result.timings.total = (performance.now() - started) / 1000;
    const out = outFileFor(options.out, kind, choice);
    writeFileSync(out, JSON.stringify(result, null, 1));
    log(`oracle test accuracy ${result.oracle.test.accuracy.toFixed(3)}; wrote ${out}`);
    if (options.neuroxRanking && oracle) {
      const rankingFile = outFileFor(options.neuroxRanking, kind, choice);
      writeFileSync(rankingFile, JSON.stringify(neuroxRanking(oracle, task.labels, { layers, neuronsPerLayer })));
      log(`wrote the NeuroX-shaped ranking to ${rankingFile}`);
    }
    results.push(result);
  }
  return results[0];
}

async function openModel(options: RunOptions): Promise<LoadedModel> {
  if (!options.model) throw new Error('--model is needed to extract activations for corpora given without --activations');
  const source = existsSync(options.model) ? fsModelSource(options.model) : hubSource(options.model, { host: options.hubHost ?? DEFAULT_HUB_HOST });
  options.log(`loading ${source.origin}`);
  const model = await loadNodeModel(source, options.device ?? 'auto', options.log);
  const mlp = model.mlpTaps.length ? `; MLP ${model.mlpTaps.length} × ${model.mlpWidth}` : '; no MLP neurons found';
  options.log(`${model.taps.length} layers × ${model.hidden}${mlp} (${model.tapFamily}${model.decoder ? ', decoder' : ''})`);
  return model;
}

/** One forward pass per batch feeds every grid (layer outputs and MLP neurons together). */
async function extract(model: LoadedModel, corpus: Corpus, split: string, grids: ReturnType<typeof neuronGrid>[], options: RunOptions): Promise<LayeredFeatureMatrix[]> {
  const sentences = corpus.sentences.map((s) => s.words);
  const rows = sentences.reduce((n, s) => n + s.length, 0);
  const stores = grids.map(
    (grid) =>
      new MemoryActivationStore({
        model: model.id, corpusHash: split, aggregation: options.aggregation, includeSpecialTokens: false, dtype: 'float16',
        layers: grid.taps.length, hidden: grid.width, rows, sentences: sentences.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: new Date().toISOString(),
      }),
  );
  const summary = await extractActivations(model, ort, sentences, grids.map((g, i) => ({ taps: g.taps, width: g.width, sink: stores[i] })), {
    aggregation: options.aggregation,
    includeSpecialTokens: false,
    onProgress: (p) => options.log(`extract ${split}: ${p.sentencesDone}/${p.sentences} sentences, ${Math.round(p.tokensPerSecond)} tokens/s`),
  });
  if (summary.droppedWords.length) options.log(`warning: ${summary.droppedWords.length} ${split} words tokenized to nothing (zero vectors), e.g. "${summary.droppedWords[0].text}"`);
  return stores.map((store, i) => new LayeredFeatureMatrix(store.layerData(), rows, grids[i].width));
}
