import { createRng } from '../util/random';
import { absWeights, sortedDescending, type AbsWeights, type WeightsInput } from './weights';

/**
 * Weight-based neuron rankings of a trained linear probe, following NeuroX
 * `neurox/interpretation/linear_probe.py` (W is classes × neurons).
 */

export interface NeuronSelection {
  /** Union over classes, ascending. */
  neurons: number[];
  /** Per class index, in the order they were selected. */
  perClass: number[][];
}

/**
 * NeuroX `get_top_neurons`: per class, neurons by |W| descending, the smallest prefix whose
 * cumulative |W| reaches `percentage` of the class's total (always at least the top neuron).
 */
export function topNeurons(weights: WeightsInput, percentage: number): NeuronSelection {
  const w = absWeights(weights);
  const perClass = classCurves(w).map((curve) => curve.order.slice(0, prefixLength(curve, percentage)));
  return { neurons: union(perClass), perClass: perClass.map((a) => Array.from(a)) };
}

export interface NeuronOrdering {
  /** All neurons, most salient first. */
  ordering: number[];
  /** cutoffs[t]: how many neurons `topNeurons(t / stride)` has added by step t. */
  cutoffs: number[];
}

/**
 * NeuroX `get_neuron_ordering`: append the neurons newly selected by `topNeurons(t/stride)`
 * for t = 0…stride. Neurons entering at the same step are appended in ascending index
 * (CPython's set iteration order for small ints). Neurons never selected (zero weight in
 * every class) are not in NeuroX's ordering; they are appended last here so that the
 * ordering covers every neuron, and `cutoffs` still ends at NeuroX's length.
 */
export function neuronOrdering(weights: WeightsInput, stride = 100): NeuronOrdering {
  const w = absWeights(weights);
  const curves = classCurves(w);
  const seen = new Uint8Array(w.neurons);
  const ordering: number[] = [];
  const cutoffs: number[] = [];
  for (let t = 0; t <= stride; t++) {
    const fresh: number[] = [];
    for (const curve of curves) {
      const k = prefixLength(curve, t / stride);
      for (let i = 0; i < k; i++) {
        const n = curve.order[i];
        if (!seen[n]) {
          seen[n] = 1;
          fresh.push(n);
        }
      }
    }
    fresh.sort((a, b) => a - b);
    ordering.push(...fresh);
    cutoffs.push(ordering.length);
  }
  for (let n = 0; n < w.neurons; n++) if (!seen[n]) ordering.push(n);
  return { ordering, cutoffs };
}

/**
 * NeuroX `get_bottom_neurons`: the mirror of `topNeurons` with |W| ascending — per class,
 * the smallest prefix whose cumulative |W| reaches `percentage` of the class total
 * (always at least the weakest neuron). Ties: lower index first (numpy's argsort).
 */
export function bottomNeurons(weights: WeightsInput, percentage: number): NeuronSelection {
  const w = absWeights(weights);
  const perClass: number[][] = [];
  for (let c = 0; c < w.classes; c++) {
    const base = c * w.neurons;
    const order = Int32Array.from({ length: w.neurons }, (_, i) => i).sort((a, b) => w.abs[base + a] - w.abs[base + b] || a - b);
    const cumulative = new Float64Array(w.neurons);
    let s = 0;
    order.forEach((n, i) => (cumulative[i] = s += w.abs[base + n]));
    perClass.push(Array.from(order.subarray(0, prefixLength({ order, cumulative, total: s }, percentage))));
  }
  return { neurons: union(perClass), perClass };
}

/**
 * NeuroX `get_top_neurons_hard_threshold`: per class, neurons with |W| > max|W| / fraction.
 */
export function hardThresholdNeurons(weights: WeightsInput, fraction: number): NeuronSelection {
  const w = absWeights(weights);
  const perClass: number[][] = [];
  for (let c = 0; c < w.classes; c++) {
    const base = c * w.neurons;
    let max = 0;
    for (let n = 0; n < w.neurons; n++) max = Math.max(max, w.abs[base + n]);
    const picked: number[] = [];
    for (let n = 0; n < w.neurons; n++) if (w.abs[base + n] > max / fraction) picked.push(n);
    perClass.push(picked);
  }
  return { neurons: union(perClass), perClass };
}

/** NeuroX `get_random_neurons`, seeded: each neuron kept with probability `probability`. */
export function randomNeurons(neurons: number, probability: number, seed = 1): number[] {
  const rng = createRng(seed);
  const out: number[] = [];
  for (let n = 0; n < neurons; n++) if (rng() <= probability) out.push(n);
  return out;
}

/** Per-class ordering by |W| descending (each class's own ranking). */
export function classOrderings(weights: WeightsInput): number[][] {
  const w = absWeights(weights);
  return Array.from({ length: w.classes }, (_, c) => Array.from(sortedDescending(w, c)));
}

interface ClassCurve {
  order: Int32Array;
  cumulative: Float64Array;
  total: number;
}

function classCurves(w: AbsWeights): ClassCurve[] {
  return Array.from({ length: w.classes }, (_, c) => {
    const order = sortedDescending(w, c);
    const cumulative = new Float64Array(w.neurons);
    let s = 0;
    order.forEach((n, i) => (cumulative[i] = s += w.abs[c * w.neurons + n]));
    // Total taken from the same running sum, so p = 1 stops exactly at the last non-zero weight.
    return { order, cumulative, total: s };
  });
}

/** Index of the first cumulative sum ≥ p·total, plus one; all neurons when none reaches it. */
function prefixLength(curve: ClassCurve, p: number): number {
  const target = curve.total * p;
  let lo = 0;
  let hi = curve.cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (curve.cumulative[mid] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo === curve.cumulative.length ? lo : lo + 1;
}

function union(lists: ArrayLike<number>[]): number[] {
  const set = new Set<number>();
  for (const l of lists) for (let i = 0; i < l.length; i++) set.add(l[i]);
  return [...set].sort((a, b) => a - b);
}
