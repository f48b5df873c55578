import { ColumnSubset, type FeatureMatrix } from '../probe/features';
import { evaluateProbe } from '../probe/evaluate';
import { trainLogisticProbe } from '../probe/train';
import type { ProbeData, TrainOptions, TrainResult } from '../probe/types';
import type { ClassificationMetrics } from '../probe/metrics';
import type { SplitName, Task, TaskSplit } from '../tasks/types';

/** Activation matrices of the task's source corpora (a seeded split needs only `train`). */
export type SplitFeatures = Partial<Record<SplitName, FeatureMatrix>> & { train: FeatureMatrix };

/** A task split as probe input, optionally restricted to some neurons. */
export function probeData(task: Task, split: SplitName, features: SplitFeatures, neurons?: number[]): ProbeData {
  const s: TaskSplit = task[split];
  const matrix = features[s.source];
  if (!matrix) throw new Error(`no activations for the ${s.source} corpus (needed by the ${split} split)`);
  return { features: neurons ? new ColumnSubset(matrix, Int32Array.from(neurons)) : matrix, rows: s.rows, y: s.y };
}

/** Trains on the train split (restricted to `neurons` when given). */
export function trainOn(task: Task, features: SplitFeatures, options: TrainOptions, neurons?: number[]): Promise<TrainResult> {
  return trainLogisticProbe(probeData(task, 'train', features, neurons), task.labels.length, options);
}

/** Trains on `neurons` and scores on `split`. */
export async function retrainAndScore(
  task: Task,
  features: SplitFeatures,
  options: TrainOptions,
  neurons: number[],
  split: SplitName,
): Promise<ClassificationMetrics> {
  const { probe } = await trainOn(task, features, options, neurons);
  return evaluateProbe(probe, probeData(task, split, features, neurons));
}
