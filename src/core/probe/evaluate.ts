import { classificationMetrics, regressionMetrics, type ClassificationMetrics, type RegressionMetrics } from './metrics';
import { predictClasses, predictOutputs, type PredictOptions } from './predict';
import type { LinearProbe, ProbeData, RegressionData } from './types';

/** Accuracy, per-class recall and macro-F1 of a probe on a split (optionally with neurons zeroed). */
export function evaluateProbe(probe: LinearProbe, data: ProbeData, options: PredictOptions = {}): ClassificationMetrics {
  return classificationMetrics(data.y, predictClasses(probe, data, options), probe.outputs);
}

export function evaluateRegression(probe: LinearProbe, data: RegressionData, options: PredictOptions = {}): RegressionMetrics {
  return regressionMetrics(data.targets, predictOutputs(probe, data, options));
}
