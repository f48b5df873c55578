/**
 * The run recipe's second half: from a run's settings and its activations to a finished
 * evaluation (settings → task → LCA). The LCA worker and the CLI both call these, so the
 * app and `salient run` name and apply every setting the same way.
 */
import type { Corpus } from '../corpus/types';
import { evaluateLca, type LcaStage } from '../evaluation/lca';
import type { SplitFeatures } from '../evaluation/probes';
import type { LcaResult } from '../evaluation/types';
import type { LinearProbe } from '../probe/types';
import { buildTask } from '../tasks/build';
import { resolveTask } from '../tasks/resolve';
import type { Task } from '../tasks/types';
import type { RunSettings } from './types';

/** What the evaluation reads from a run's settings; the CLI leaves the optional ones unset (no cap, no balancing). */
export type EvaluationSettings = Pick<RunSettings, 'task' | 'lambda1' | 'lambda2' | 'epochs' | 'seed'> &
  Partial<Pick<RunSettings, 'minLabelCount' | 'maxTrainTokens' | 'balance' | 'l1Mode' | 'seeds' | 'ranker' | 'apThreshold'>>;

export interface RunCorpora {
  train: Corpus;
  /** Without them, dev and test are a seeded split of train. */
  dev?: Corpus;
  test?: Corpus;
}

/** The task the settings name, on the run's corpora (`upos`, `Number` → `feats:Number`, `suffix:3`, …). */
export function runTask(settings: EvaluationSettings, corpora: RunCorpora): Task {
  const { spec, excludeLabels } = resolveTask(settings.task, corpora.train);
  const { seed, maxTrainTokens, minLabelCount, balance } = settings;
  return buildTask(spec, corpora, { name: settings.task, seed, maxTrainTokens, minLabelCount, balance, excludeLabels });
}

export interface EvaluateRunInput {
  /** Model id, as the result names it. */
  model: string;
  /** The task from `runTask` (built once when the caller keeps it, e.g. for the inspector). */
  task: Task;
  /** Activations of each source corpus, all layers side by side. */
  features: SplitFeatures;
  neuronsPerLayer: number;
}

export interface EvaluateRunHooks {
  onStage?: (stage: LcaStage, fraction: number) => void;
  onOracle?: (probe: LinearProbe) => void;
  onPartial?: (result: LcaResult) => void;
  shouldStop?: () => boolean;
}

export function evaluateRun(settings: EvaluationSettings, input: EvaluateRunInput, hooks: EvaluateRunHooks = {}): Promise<LcaResult> {
  const { model, task, features, neuronsPerLayer } = input;
  return evaluateLca(
    { model, task, features, layers: features.train.dims / neuronsPerLayer, neuronsPerLayer },
    {
      probe: { lambda1: settings.lambda1, lambda2: settings.lambda2, l1Mode: settings.l1Mode, epochs: settings.epochs, seed: settings.seed },
      shouldStop: hooks.shouldStop,
      seed: settings.seed,
      seeds: settings.seeds,
      ranker: settings.ranker,
      apThreshold: settings.apThreshold,
      onOracle: hooks.onOracle,
      onStage: hooks.onStage,
      onPartial: hooks.onPartial,
    },
  );
}
