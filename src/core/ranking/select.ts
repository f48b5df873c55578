import { createRng, shuffleInPlace } from '../util/random';

/** Number of neurons in `percent`% of `total` (at least one). */
export function countForPercent(total: number, percent: number): number {
  return Math.max(1, Math.min(total, Math.round((total * percent) / 100)));
}

/** The first `percent`% of an ordering (most salient). */
export function topPercent(ordering: number[], percent: number): number[] {
  return ordering.slice(0, countForPercent(ordering.length, percent));
}

/** The last `percent`% of an ordering (least salient). */
export function bottomPercent(ordering: number[], percent: number): number[] {
  return ordering.slice(ordering.length - countForPercent(ordering.length, percent));
}

/** A seeded random `percent`% of all neurons, ascending. */
export function randomPercent(total: number, percent: number, seed = 1): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  return shuffleInPlace(all, createRng(seed))
    .slice(0, countForPercent(total, percent))
    .sort((a, b) => a - b);
}

/** Layer of a neuron in a concatenation of equally sized layers. */
export function layerOf(neuron: number, neuronsPerLayer: number): number {
  return Math.floor(neuron / neuronsPerLayer);
}

/** How many of `neurons` fall in each of `layers` layers. */
export function layerHistogram(neurons: ArrayLike<number>, layers: number, neuronsPerLayer: number): number[] {
  const h = new Array<number>(layers).fill(0);
  for (let i = 0; i < neurons.length; i++) h[layerOf(neurons[i], neuronsPerLayer)]++;
  return h;
}
