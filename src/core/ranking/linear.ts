import { createRng, type Rng } from '../util/random';
import { TIE_SEED, weightTieBreak, type TieBreak } from './ties';
import { absWeights, sortedAscending, sortedDescending, type AbsWeights, type WeightsInput } from './weights';

/**
 * Weight-based neuron rankings of a trained linear probe, following NeuroX
 * `neurox/interpretation/linear_probe.py` (W is classes × neurons). Where NeuroX leaves a
 * choice to an accident (numpy's argsort among equal |W|, CPython's set order), Salient
 * decides by a documented salience score and then a seeded hash (`ties.ts`), never by index.
 */

export interface RankOptions {
  /** Seed of the hash that breaks exact ties (default 1). */
  seed?: number;
}

export interface NeuronSelection {
  /** Union over classes, ascending (a set: the order means nothing). */
  neurons: number[];
  /** Per class index, in the order they were selected. */
  perClass: number[][];
}

/**
 * NeuroX `get_top_neurons`: per class, neurons by |W| descending, the smallest prefix whose
 * cumulative |W| reaches `percentage` of the class's total (always at least the top neuron).
 */
export function topNeurons(weights: WeightsInput, percentage: number, options: RankOptions = {}): NeuronSelection {
  const w = absWeights(weights);
  const ties = weightTieBreak(w, options.seed ?? TIE_SEED);
  const perClass = classCurves(w, ties).map((curve) => Array.from(curve.order.subarray(0, prefixLength(curve, percentage))));
  return { neurons: union(perClass), perClass };
}

/**
 * NeuroX `get_bottom_neurons`: the mirror of `topNeurons` with |W| ascending — per class,
 * the smallest prefix whose cumulative |W| reaches `percentage` of the class total
 * (always at least the weakest neuron).
 */
export function bottomNeurons(weights: WeightsInput, percentage: number, options: RankOptions = {}): NeuronSelection {
  const w = absWeights(weights);
  const ties = weightTieBreak(w, options.seed ?? TIE_SEED);
  const perClass = Array.from({ length: w.classes }, (_, c) => {
    const curve = curveOf(w, c, sortedAscending(w, c, ties));
    return Array.from(curve.order.subarray(0, prefixLength(curve, percentage)));
  });
  return { neurons: union(perClass), perClass };
}

export interface NeuronOrdering {
  /** All neurons, most salient first. */
  ordering: number[];
  /** cutoffs[t]: how many neurons `topNeurons(t / stride)` selects (NeuroX's cutoffs). */
  cutoffs: number[];
}

/**
 * NeuroX `get_neuron_ordering`: neurons in the order `topNeurons(t / stride)` first selects
 * them, t = 0…stride; `cutoffs` are NeuroX's. Within a step NeuroX appends in CPython set
 * order (no ranking at all); Salient orders a step's neurons by a salience score:
 *   1. `entry`: the smallest share of a class's |W| mass that must be taken before the neuron
 *      is reached (the mass of strictly larger weights ÷ the class total), minimised over
 *      classes: the neuron a class needs first comes first;
 *   2. `share`: its largest |W| as a share of that class's total, maximised over classes;
 *   3. the seeded hash of `ties.ts`.
 * Neurons no class ever selects (zero weight in every class; NeuroX leaves them out) follow,
 * in hash order, so the ordering covers every neuron and `cutoffs` still ends at NeuroX's length.
 */
export function neuronOrdering(weights: WeightsInput, stride = 100, options: RankOptions = {}): NeuronOrdering {
  const w = absWeights(weights);
  const ties = weightTieBreak(w, options.seed ?? TIE_SEED);
  const N = w.neurons;
  const step = new Float64Array(N).fill(Infinity);
  const entry = new Float64Array(N).fill(Infinity);
  const share = new Float64Array(N);
  for (const curve of classCurves(w, ties)) {
    // The step at which each position of this class's order is first selected.
    let from = 0;
    for (let t = 0; t <= stride && from < N; t++) {
      const k = prefixLength(curve, t / stride);
      for (let i = from; i < k; i++) step[curve.order[i]] = Math.min(step[curve.order[i]], t);
      from = Math.max(from, k);
    }
    if (curve.total === 0) continue;
    let larger = 0; // mass of weights strictly above the current group of equal weights
    for (let i = 0; i < N; ) {
      const v = curve.weight(i);
      if (v === 0) break;
      let j = i;
      while (j < N && curve.weight(j) === v) j++;
      for (let k = i; k < j; k++) {
        const n = curve.order[k];
        entry[n] = Math.min(entry[n], larger / curve.total);
        share[n] = Math.max(share[n], v / curve.total);
      }
      larger += v * (j - i);
      i = j;
    }
  }
  const ordering = Array.from({ length: N }, (_, n) => n).sort(
    (a, b) => step[a] - step[b] || entry[a] - entry[b] || share[b] - share[a] || ties.compare(a, b) || 0,
  );
  const cutoffs = new Array<number>(stride + 1).fill(0);
  for (let n = 0; n < N; n++) if (step[n] !== Infinity) cutoffs[step[n]]++;
  for (let t = 1; t <= stride; t++) cutoffs[t] += cutoffs[t - 1];
  return { ordering, cutoffs };
}

/**
 * NeuroX `get_neuron_ordering_granular`: for i = 0, g, 2g, … ≤ N, take the smallest step s
 * whose union holds at least i neurons and append its new neurons as one chunk. As in
 * NeuroX, neurons beyond the last multiple of g can be missing, and a step past `stride`
 * is an error (NeuroX raises IndexError); chunks are ordered as `neuronOrdering`.
 */
export function neuronOrderingGranular(weights: WeightsInput, granularity = 50, stride = 100, options: RankOptions = {}): NeuronOrdering {
  if (!(granularity >= 1)) throw new Error(`granularity must be at least 1, got ${granularity}`);
  const full = neuronOrdering(weights, stride, options);
  const N = full.ordering.length;
  const cutoffs: number[] = [];
  let sliding = 0;
  let length = 0;
  for (let i = 0; i <= N; i += granularity) {
    while (full.cutoffs[sliding] < i) {
      if (++sliding > stride) {
        throw new Error(`only ${full.cutoffs[stride]} of ${N} neurons are ever selected, fewer than ${i} (granularity ${granularity}); NeuroX raises IndexError here`);
      }
    }
    if (full.cutoffs[sliding] > length) cutoffs.push((length = full.cutoffs[sliding]));
  }
  return { ordering: full.ordering.slice(0, length), cutoffs };
}

/**
 * NeuroX `get_top_neurons_hard_threshold`: per class, neurons with |W| > max|W| / fraction
 * (ascending: a set).
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

/** NeuroX `get_fixed_number_of_bottom_neurons`: the last `count` neurons NeuroX's ordering lists. */
export function fixedBottomNeurons(weights: WeightsInput, count: number, options: RankOptions = {}): number[] {
  const { ordering, cutoffs } = neuronOrdering(weights, 100, options);
  const ranked = ordering.slice(0, cutoffs[cutoffs.length - 1]);
  return count > 0 ? ranked.slice(-count) : [];
}

/** NeuroX `get_random_neurons`, seeded: neuron i kept when its uniform draw is ≤ `probability`. */
export function randomNeurons(neurons: number, probability: number, seed = 1, draw: Rng = createRng(seed)): number[] {
  const out: number[] = [];
  for (let n = 0; n < neurons; n++) if (draw() <= probability) out.push(n);
  return out;
}

/** Per-class ordering by |W| descending (each class's own ranking; ties by the hash). */
export function classOrderings(weights: WeightsInput, options: RankOptions = {}): number[][] {
  const w = absWeights(weights);
  const ties = weightTieBreak(w, options.seed ?? TIE_SEED);
  return Array.from({ length: w.classes }, (_, c) => Array.from(sortedDescending(w, c, ties)));
}

interface ClassCurve {
  order: Int32Array;
  cumulative: Float64Array;
  total: number;
  /** |W| of the neuron at position i of `order`. */
  weight(i: number): number;
}

function classCurves(w: AbsWeights, ties: TieBreak): ClassCurve[] {
  return Array.from({ length: w.classes }, (_, c) => curveOf(w, c, sortedDescending(w, c, ties)));
}

function curveOf(w: AbsWeights, c: number, order: Int32Array): ClassCurve {
  const base = c * w.neurons;
  const cumulative = new Float64Array(w.neurons);
  let s = 0;
  order.forEach((n, i) => (cumulative[i] = s += w.abs[base + n]));
  // Total taken from the same running sum, so p = 1 stops exactly at the last non-zero weight.
  return { order, cumulative, total: s, weight: (i) => w.abs[base + order[i]] };
}

/** Index of the first cumulative sum ≥ p·total, plus one; all neurons when none reaches it. */
function prefixLength(curve: Pick<ClassCurve, 'cumulative' | 'total'>, p: number): number {
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
