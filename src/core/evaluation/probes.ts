import { ColumnSubset, type FeatureMatrix } from '../probe/features';
import { evaluateProbe } from '../probe/evaluate';
import { trainLogisticProbe } from '../probe/train';
import type { LinearProbe, ProbeData, TrainOptions } from '../probe/types';
import type { ClassificationMetrics } from '../probe/metrics';
import type { SplitName, Task, TaskSplit } from '../tasks/types';

/** Activation matrices of the task's source corpora (a seeded split needs only `train`). */
export type SplitFeatures = Partial<Record<SplitName, FeatureMatrix>> & { train: FeatureMatrix };

/** What a probe training needs besides its data: plain values, so a request can cross to another thread. */
export type ProbeSettings = Pick<TrainOptions, 'lambda1' | 'lambda2' | 'l1Mode' | 'epochs' | 'learningRate' | 'batchSize' | 'seed'>;

/**
 * One probe to train: rows of one source corpus's features and their classes, optionally restricted
 * to some neurons (in that order). Everything that decides the result is in the request, so any
 * trainer (this thread, a pool of workers) gives the same probe for it.
 */
export interface TrainRequest {
  source: SplitName;
  rows: Int32Array;
  y: Int32Array;
  classes: number;
  neurons?: Int32Array;
  settings: ProbeSettings;
}

/** Trains probes for the evaluation. The LCA issues independent requests together, so a trainer may run them side by side. */
export interface ProbeTrainer {
  train(request: TrainRequest): Promise<LinearProbe>;
}

/** Trains each request on this thread, one after another. */
export function localTrainer(features: SplitFeatures, control: Pick<TrainOptions, 'shouldStop' | 'signal'> = {}): ProbeTrainer {
  return {
    async train({ source, rows, y, classes, neurons, settings }) {
      const matrix = features[source];
      if (!matrix) throw new Error(`no activations for the ${source} corpus`);
      const data = { features: neurons ? new ColumnSubset(matrix, neurons) : matrix, rows, y };
      return (await trainLogisticProbe(data, classes, { ...settings, ...control })).probe;
    },
  };
}

/** A task split as probe input, optionally restricted to some neurons. */
export function probeData(task: Task, split: SplitName, features: SplitFeatures, neurons?: ArrayLike<number>): ProbeData {
  const s: TaskSplit = task[split];
  const matrix = features[s.source];
  if (!matrix) throw new Error(`no activations for the ${s.source} corpus (needed by the ${split} split)`);
  return { features: neurons ? new ColumnSubset(matrix, Int32Array.from(neurons)) : matrix, rows: s.rows, y: s.y };
}

/** The request that trains on the task's train split (restricted to `neurons` when given). */
export function trainRequest(task: Task, settings: ProbeSettings, neurons?: ArrayLike<number>): TrainRequest {
  const s = task.train;
  return { source: s.source, rows: s.rows, y: s.y, classes: task.labels.length, settings, ...(neurons ? { neurons: Int32Array.from(neurons) } : {}) };
}

/** Trains on the train split (restricted to `neurons` when given). */
export function trainOn(task: Task, trainer: ProbeTrainer, settings: ProbeSettings, neurons?: ArrayLike<number>): Promise<LinearProbe> {
  return trainer.train(trainRequest(task, settings, neurons));
}

/** Trains on `neurons` and scores on `split`. */
export async function retrainAndScore(
  task: Task,
  features: SplitFeatures,
  trainer: ProbeTrainer,
  settings: ProbeSettings,
  neurons: ArrayLike<number>,
  split: SplitName,
): Promise<ClassificationMetrics> {
  const probe = await trainOn(task, trainer, settings, neurons);
  return evaluateProbe(probe, probeData(task, split, features, neurons));
}
