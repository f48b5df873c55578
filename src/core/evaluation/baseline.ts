import type { ClassificationMetrics } from '../probe/metrics';
import { classCounts } from '../tasks/build';
import type { Task } from '../tasks/types';
import type { Baseline, ClassScore, SplitScore } from './types';

/** The training split's most frequent class (ties: the first label, labels being sorted). */
export function majorityClass(y: Int32Array, classes: number): number {
  const counts = classCounts(y, classes);
  return counts.indexOf(Math.max(...counts));
}

/** Accuracy of always predicting `cls`. */
export function constantAccuracy(y: Int32Array, cls: number): number {
  if (y.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === cls) hits++;
  return hits / y.length;
}

/** Majority-class baselines of a task (and of its control task), with a reading of the numbers. */
export function majorityBaseline(task: Task, control: Task | null, scores: { oracle: number; control: number | null }): Baseline {
  const cls = majorityClass(task.train.y, task.labels.length);
  const test = constantAccuracy(task.test.y, cls);
  const controlMajority = control ? constantAccuracy(control.test.y, majorityClass(control.train.y, control.labels.length)) : null;
  return {
    majorityClass: task.labels[cls],
    dev: constantAccuracy(task.dev.y, cls),
    test,
    control: controlMajority,
    note: readingOf({ oracle: scores.oracle, control: scores.control, majority: test, majorityClass: task.labels[cls] }),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One line for the cases a bare accuracy misleads: no better than the majority class, or negative selectivity. */
export function readingOf(s: { oracle: number; control: number | null; majority: number; majorityClass: string }): string | null {
  if (s.oracle <= s.majority) {
    return `The probe (${pct(s.oracle)}) does no better than always answering "${s.majorityClass}" (${pct(s.majority)}): these neurons show no evidence of the property beyond its label frequencies.`;
  }
  if (s.control !== null && s.control > s.oracle) {
    return `Negative selectivity: the probe fits random labels given per word type (control, ${pct(s.control)}) better than the property (${pct(s.oracle)}), so its accuracy reflects word identity more than the property; the majority class alone gets ${pct(s.majority)}.`;
  }
  return null;
}

/** Accuracy, recall per class (NeuroX), and precision/recall/F1/support and macro-F1 per label. */
export function splitScore(m: ClassificationMetrics, labels: string[]): SplitScore {
  const num = (x: number) => (Number.isNaN(x) ? null : x);
  const perClass: Record<string, number | null> = {};
  const classes: Record<string, ClassScore> = {};
  labels.forEach((l, c) => {
    perClass[l] = num(m.perClass[c]);
    classes[l] = { precision: num(m.precision[c]), recall: num(m.perClass[c]), f1: num(m.f1[c]), support: m.support[c] };
  });
  return { accuracy: m.accuracy, perClass, macroF1: num(m.macroF1), classes };
}
