import type { TieBreak } from './ties';

/** Probe weights as classes × neurons; either nested arrays or a flat row-major matrix. */
export type WeightsInput = number[][] | { outputs: number; dims: number; weights: Float32Array };

export interface AbsWeights {
  classes: number;
  neurons: number;
  /** |W|, row-major classes × neurons. */
  abs: Float64Array;
}

export function absWeights(w: WeightsInput): AbsWeights {
  if (Array.isArray(w)) {
    const classes = w.length;
    const neurons = classes ? w[0].length : 0;
    const abs = new Float64Array(classes * neurons);
    w.forEach((row, c) => {
      if (row.length !== neurons) throw new Error(`weight row ${c} has ${row.length} neurons, expected ${neurons}`);
      row.forEach((v, n) => (abs[c * neurons + n] = Math.abs(v)));
    });
    return { classes, neurons, abs };
  }
  return { classes: w.outputs, neurons: w.dims, abs: Float64Array.from(w.weights, Math.abs) };
}

/** Neuron indices of one class sorted by |W| descending; equal weights by the tie break (never by index). */
export function sortedDescending(w: AbsWeights, cls: number, ties: TieBreak): Int32Array {
  const base = cls * w.neurons;
  const idx = Int32Array.from({ length: w.neurons }, (_, i) => i);
  return idx.sort((a, b) => w.abs[base + b] - w.abs[base + a] || ties.compare(a, b));
}

/** Neuron indices of one class sorted by |W| ascending; equal weights by the tie break. */
export function sortedAscending(w: AbsWeights, cls: number, ties: TieBreak): Int32Array {
  const base = cls * w.neurons;
  const idx = Int32Array.from({ length: w.neurons }, (_, i) => i);
  return idx.sort((a, b) => w.abs[base + a] - w.abs[base + b] || ties.compare(a, b));
}
