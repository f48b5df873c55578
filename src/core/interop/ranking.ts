/**
 * A run's ranking in the shapes NeuroX's ranking functions return, as JSON:
 * `get_neuron_ordering` → (ordering, cutoffs) and `get_top_neurons` →
 * (top_neurons, {class: top neurons}), with the class_to_idx they index.
 */
import { neuronOrdering, topNeurons } from '../ranking/linear';
import type { WeightsInput } from '../ranking/weights';

export interface NeuroxRanking {
  class_to_idx: Record<string, number>;
  search_stride: number;
  /** NeuroX's ordering: neurons most salient first (those with zero weight in every class are left out, as NeuroX does); within a step, by Salient's salience score and seeded ties. */
  ordering: number[];
  /** cutoffs[t]: the ordering's length once the top neurons at t / search_stride of the weight mass are in. */
  cutoffs: number[];
  /** Neurons no class gives any weight: not in NeuroX's ordering. */
  unranked: number[];
  percentage: number;
  top_neurons: number[];
  top_neurons_per_class: Record<string, number[]>;
  layers: number;
  neurons_per_layer: number;
}

export function neuroxRanking(
  weights: WeightsInput,
  labels: readonly string[],
  /** `seed`: the run's seed, so ties fall as in the run's own ordering. */
  options: { layers: number; neuronsPerLayer: number; percentage?: number; searchStride?: number; seed?: number },
): NeuroxRanking {
  const searchStride = options.searchStride ?? 100;
  const percentage = options.percentage ?? 0.05;
  const { ordering, cutoffs } = neuronOrdering(weights, searchStride, { seed: options.seed });
  const ranked = cutoffs[cutoffs.length - 1];
  const top = topNeurons(weights, percentage, { seed: options.seed });
  return {
    class_to_idx: Object.fromEntries(labels.map((l, i) => [l, i])),
    search_stride: searchStride,
    ordering: ordering.slice(0, ranked),
    cutoffs,
    unranked: ordering.slice(ranked),
    percentage,
    top_neurons: top.neurons,
    top_neurons_per_class: Object.fromEntries(labels.map((l, i) => [l, top.perClass[i]])),
    layers: options.layers,
    neurons_per_layer: options.neuronsPerLayer,
  };
}
