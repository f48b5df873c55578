/**
 * Mock data for each chart (as CircuitsVis keeps beside its components): small, fixed inputs of
 * the right shapes, so a chart can be developed and tested without a model or a run. The tests in
 * charts.test.tsx render these.
 */
import { checkResult, type LcaResult } from '../../core/evaluation';

/** BarChart: two groups, two series, one missing value. */
export const mockBarChart = {
  title: 'Ablation',
  name: 't',
  groups: ['10%', '20%'],
  series: [
    { name: 'top', values: [0.8, 0.9] },
    { name: 'bottom', values: [0.4, null] },
  ],
};

/** LayerDistribution: neurons per layer overall and per class (embeddings + 2 layers). */
export const mockLayerDistribution = { counts: [1, 2, 3], perClass: { NOUN: [0, 0, 5], DET: [4, 0, 0] } };

/** Heatmap: 3 layers × 8 neurons, value = neuron index, rank 1 = the last neuron. */
export const mockHeatmap = {
  layers: 3,
  neurons: 8,
  values: Float32Array.from({ length: 3 * 8 }, (_, i) => i),
  rank: Int32Array.from({ length: 3 * 8 }, (_, i) => 23 - i),
};

/** ActivationText: a right-to-left sentence, one positive, one negative and one neutral word. */
export const mockActivationText = { words: ['كتب', 'الولد', '.'], values: [2, -2, 0] };

/** AccuracyChart: a complete result of 2 layers × 4 neurons and two classes (it passes the result schema). */
export const mockResult: LcaResult = checkResult(
  {
    model: 'mock-model',
    task: 'upos',
    labels: ['NOUN', 'VERB'],
    layers: 2,
    neuronsPerLayer: 4,
    counts: { train: 100, dev: 20, test: 20 },
    oracle: { dev: { accuracy: 0.9, perClass: { NOUN: 0.95, VERB: 0.85 } }, test: { accuracy: 0.88, perClass: { NOUN: 0.9, VERB: 0.86 } } },
    control: { test: { accuracy: 0.55 } },
    selectivity: 0.33,
    ranking: { ordering: [5, 1, 6, 0, 2, 7, 3, 4], perClass: { NOUN: [5, 1], VERB: [6] } },
    ablation: {
      top: { '10': { zeroOut: 0.7, retrain: 0.8 }, '20': { zeroOut: 0.75, retrain: 0.85 } },
      random: { '10': { zeroOut: 0.5, retrain: 0.6 }, '20': { zeroOut: 0.55, retrain: 0.65 } },
      bottom: { '10': { zeroOut: 0.3, retrain: 0.4 }, '20': { zeroOut: 0.35, retrain: 0.45 } },
    },
    minimalSet: { size: 3, neurons: [5, 1, 6], devAccuracy: 0.89 },
    layerwise: [
      { layer: 0, accuracy: 0.7 },
      { layer: 1, accuracy: 0.85 },
    ],
    layerDistribution: [1, 2],
    timings: { oracle: 1, total: 2 },
  },
  'the mock result',
);
