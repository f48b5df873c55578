import { evaluateProbe } from '../probe/evaluate';
import type { LinearProbe, TrainOptions } from '../probe/types';
import { averagePrecisionOrdering, DEFAULT_AP_THRESHOLD } from '../ranking/averagePrecision';
import { neuronOrdering, topNeurons } from '../ranking/linear';
import { classMeans, probelessOrdering } from '../ranking/probeless';
import { bottomPercent, layerHistogram, randomPercent, topPercent } from '../ranking/select';
import { controlTask } from '../tasks/control';
import type { Task } from '../tasks/types';
import { agreementOf } from './agreement';
import { majorityBaseline, splitScore } from './baseline';
import { minimalSetCandidates, minimalSetPercents, searchMinimalSet } from './minimalSet';
import { localTrainer, probeData, retrainAndScore, trainOn, type ProbeSettings, type ProbeTrainer, type SplitFeatures } from './probes';
import { stabilityOf } from './stability';
import type { AblationKind, AblationScore, Agreement, LcaResult, RankerName, Stability } from './types';

export type LcaStage = 'oracle' | 'control' | 'ranking' | 'agreement' | 'stability' | 'ablation' | 'minimalSet' | 'layerwise';

/** Default number of probe seeds for the stability figures. */
export const DEFAULT_SEEDS = 3;

export interface LcaInput {
  model: string;
  task: Task;
  /** Activations (all layers concatenated, layer-major) of each source corpus. */
  features: SplitFeatures;
  layers: number;
  neuronsPerLayer: number;
}

export interface LcaOptions {
  /** Probe settings for every probe trained (NeuroX defaults otherwise). */
  probe?: ProbeSettings;
  /** Trains the probes (default: on this thread, one by one; a pool may run independent requests side by side). */
  trainer?: ProbeTrainer;
  /** Stops the local trainer's training in progress (it rejects with ProbeCancelledError). */
  shouldStop?: TrainOptions['shouldStop'];
  /** Ablation percentages (default 10, 15, 20). */
  percents?: number[];
  /** Minimal set: retrained dev accuracy within `delta` (absolute) of the oracle's. Default 0.01. */
  delta?: number;
  /** Mass fraction for per-class top neurons in `ranking.perClass` (default 0.05). */
  classMass?: number;
  /** Seed for random neurons, the control task, the oracle probe and tie-breaking hashes. */
  seed?: number;
  /** Probe seeds for the stability figures: seed, seed+1, … (default 3; 1 switches stability off). */
  seeds?: number;
  /** Which ranking chooses the ablated and minimal sets (default `probe`, NeuroX's). */
  ranker?: RankerName;
  /** The AP ranker's activation threshold (default 0.05, NeuroX's). */
  apThreshold?: number;
  /** Rank with probeless and AP too and compare (default true). */
  agreement?: boolean;
  control?: boolean;
  ablation?: boolean;
  minimalSet?: boolean;
  layerwise?: boolean;
  /** Receives the oracle probe (all neurons), e.g. for drawing weights. */
  onOracle?: (probe: LinearProbe) => void;
  /** Called when a stage starts (fraction of the run's stages done). */
  onStage?: (stage: LcaStage, fraction: number) => void;
  /** The result so far, after the ranking and after each later stage (stages not run yet are null). */
  onPartial?: (result: LcaResult) => void;
}

/** Runs the full LCA pipeline of Durrani, Dalvi & Sajjad (2023) on one task. */
export async function evaluateLca(input: LcaInput, options: LcaOptions = {}): Promise<LcaResult> {
  const { task, features, layers, neuronsPerLayer } = input;
  const total = features.train.dims;
  if (layers * neuronsPerLayer !== total) {
    throw new Error(`${layers} layers × ${neuronsPerLayer} neurons ≠ ${total} feature dims`);
  }
  const probeOptions = options.probe ?? {};
  const trainer = options.trainer ?? localTrainer(features, { shouldStop: options.shouldStop });
  const seed = options.seed ?? 1;
  const percents = options.percents ?? [10, 15, 20];
  const timings: Record<string, number> = {};
  const seeds = Array.from({ length: Math.max(1, Math.floor(options.seeds ?? DEFAULT_SEEDS)) }, (_, i) => seed + i);
  const ranker = options.ranker ?? 'probe';
  const apThreshold = options.apThreshold ?? DEFAULT_AP_THRESHOLD;
  const wantAgreement = options.agreement !== false;
  const stages: LcaStage[] = ['oracle', 'ranking'];
  if (wantAgreement) stages.push('agreement');
  const wantControl = options.control !== false && task.level === 'word';
  if (wantControl) stages.push('control');
  if (seeds.length > 1) stages.push('stability');
  if (options.ablation !== false) stages.push('ablation');
  if (options.minimalSet !== false) stages.push('minimalSet');
  if (options.layerwise !== false) stages.push('layerwise');
  const t0 = performance.now();
  let done = 0;
  const stage = async <T>(name: LcaStage, run: () => Promise<T>): Promise<T> => {
    options.onStage?.(name, done / stages.length);
    const start = performance.now();
    const value = await run();
    timings[name] = (performance.now() - start) / 1000;
    done++;
    return value;
  };

  const oracle = await stage('oracle', async () => {
    const probe = await trainOn(task, trainer, { ...probeOptions, seed: probeOptions.seed ?? seed });
    const dev = evaluateProbe(probe, probeData(task, 'dev', features));
    const test = evaluateProbe(probe, probeData(task, 'test', features));
    options.onOracle?.(probe);
    return { probe, dev, test };
  });

  const train = probeData(task, 'train', features);
  const rankBy: Record<RankerName, () => number[]> = {
    probe: () => neuronOrdering(oracle.probe, 100, { seed }).ordering,
    probeless: () => probelessOrdering(classMeans(train.features, train.rows ?? null, train.y, task.labels.length), seed).ordering,
    ap: () => averagePrecisionOrdering(train.features, train.rows ?? null, train.y, task.labels.length, { threshold: apThreshold, seed }).ordering,
  };
  const ranking = await stage('ranking', async () => {
    const ordering = rankBy[ranker]();
    const perClassLists = topNeurons(oracle.probe, options.classMass ?? 0.05, { seed }).perClass;
    const perClass = Object.fromEntries(task.labels.map((l, c) => [l, perClassLists[c]]));
    return { ordering, perClass };
  });

  let control: LcaResult['control'] = null;
  let controlTaskUsed: Task | null = null;
  let agreement: Agreement | null = null;
  let stability: Stability | null = null;
  let ablation: LcaResult['ablation'] = null;
  let minimalSet: LcaResult['minimalSet'] = null;
  let layerwise: LcaResult['layerwise'] = null;
  const snapshot = (): LcaResult => {
    const distributed = minimalSet?.neurons ?? topNeurons(oracle.probe, options.classMass ?? 0.05).neurons;
    return {
      model: input.model,
      task: task.name,
      labels: task.labels,
      layers,
      neuronsPerLayer,
      counts: { train: task.train.y.length, dev: task.dev.y.length, test: task.test.y.length },
      unseen: { ...task.stats.unseen },
      probe: {
        l1Mode: probeOptions.l1Mode ?? 'gradient',
        lambda1: probeOptions.lambda1 ?? 1e-5,
        lambda2: probeOptions.lambda2 ?? 1e-5,
        epochs: probeOptions.epochs ?? 10,
        ranker,
      },
      oracle: { dev: splitScore(oracle.dev, task.labels), test: splitScore(oracle.test, task.labels) },
      baseline: majorityBaseline(task, controlTaskUsed, { oracle: oracle.test.accuracy, control: control?.test.accuracy ?? null }),
      control,
      selectivity: control ? oracle.test.accuracy - control.test.accuracy : null,
      ranking,
      stability,
      agreement,
      ablation,
      minimalSet,
      layerwise,
      layerDistribution: layerHistogram(distributed, layers, neuronsPerLayer),
      timings: { ...timings },
    };
  };
  options.onPartial?.(snapshot());

  if (wantAgreement) {
    agreement = await stage('agreement', async () => {
      const rankings = {} as Record<RankerName, number[]>;
      for (const name of ['probe', 'probeless', 'ap'] as const) rankings[name] = name === ranker ? ranking.ordering : rankBy[name]();
      return agreementOf(rankings, apThreshold);
    });
    options.onPartial?.(snapshot());
  }

  control = wantControl
    ? await stage('control', async () => {
        const ct = (controlTaskUsed = controlTask(task, seed));
        const probe = await trainOn(ct, trainer, { ...probeOptions, seed: probeOptions.seed ?? seed });
        return { test: { accuracy: evaluateProbe(probe, probeData(ct, 'test', features)).accuracy } };
      })
    : null;

  if (wantControl) options.onPartial?.(snapshot());

  if (seeds.length > 1) {
    stability = await stage('stability', async () => {
      const orderings = [neuronOrdering(oracle.probe, 100, { seed }).ordering];
      for (const s of seeds.slice(1)) {
        const probe = await trainOn(task, trainer, { ...probeOptions, seed: s });
        orderings.push(neuronOrdering(probe, 100, { seed }).ordering);
      }
      return stabilityOf(seeds, orderings);
    });
    options.onPartial?.(snapshot());
  }

  ablation =
    options.ablation === false
      ? null
      : await stage('ablation', async () => {
          const result = { top: {}, random: {}, bottom: {} } as Record<AblationKind, Record<string, AblationScore>>;
          const testData = probeData(task, 'test', features);
          for (const p of percents) {
            const sets: Record<AblationKind, number[]> = {
              top: topPercent(ranking.ordering, p),
              random: randomPercent(total, p, seed + p),
              bottom: bottomPercent(ranking.ordering, p),
            };
            for (const kind of ['top', 'random', 'bottom'] as const) {
              const keep = sets[kind];
              const zeroOut = evaluateProbe(oracle.probe, testData, { keepColumns: Int32Array.from(keep) }).accuracy;
              const retrain = (await retrainAndScore(task, features, trainer, probeOptions, keep, 'test')).accuracy;
              result[kind][String(p)] = { zeroOut, retrain };
            }
          }
          return result;
        });

  if (ablation) options.onPartial?.(snapshot());

  minimalSet =
    options.minimalSet === false
      ? null
      : await stage('minimalSet', async () => {
          const target = oracle.dev.accuracy - (options.delta ?? 0.01);
          const search = await searchMinimalSet(minimalSetCandidates(total, minimalSetPercents()), target, async (k) => {
            return (await retrainAndScore(task, features, trainer, probeOptions, ranking.ordering.slice(0, k), 'dev')).accuracy;
          });
          // None of the grid reaches the target: the minimal set is every neuron.
          const size = search.size ?? total;
          return { size, neurons: ranking.ordering.slice(0, size), devAccuracy: search.accuracy ?? oracle.dev.accuracy };
        });

  if (minimalSet) options.onPartial?.(snapshot());

  layerwise =
    options.layerwise === false
      ? null
      : await stage('layerwise', async () => {
          const out: { layer: number; accuracy: number }[] = [];
          for (let layer = 0; layer < layers; layer++) {
            const neurons = Array.from({ length: neuronsPerLayer }, (_, i) => layer * neuronsPerLayer + i);
            out.push({ layer, accuracy: (await retrainAndScore(task, features, trainer, probeOptions, neurons, 'test')).accuracy });
          }
          return out;
        });

  timings.total = (performance.now() - t0) / 1000;
  return snapshot();
}

/** Per-class distribution of top neurons over layers: label → count per layer. */
export function layerDistributionPerClass(result: Pick<LcaResult, 'ranking' | 'layers' | 'neuronsPerLayer'>): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(result.ranking.perClass).map(([label, neurons]) => [label, layerHistogram(neurons, result.layers, result.neuronsPerLayer)]),
  );
}
