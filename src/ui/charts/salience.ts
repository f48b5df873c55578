/**
 * How the salience heatmap paints its cells: which neuron each cell shows (index order or
 * sorted within each layer) and its colour (top k% by rank on a neutral ground, or |weight|).
 * Pure functions over typed arrays: a 25 × 1,024 map is recoloured in well under a frame.
 */
import { interpolateInferno, rgb } from 'd3';
import { countForPercent } from '../../core/ranking/select';
import { SALIENCE_PALETTE } from './colors';

/** Cells outside the top k%: a light neutral grey, so the salient ones carry all the ink. */
export const NEUTRAL = '#e6eaef';
const NEUTRAL_RGB = (() => {
  const { r, g, b } = rgb(NEUTRAL);
  return [r, g, b] as const;
})();

/** Rank t ∈ [0, 1] (0 = the most salient) → dark purple … orange (inferno's middle, never as light as the ground). */
export function rankColor(t: number): string {
  return interpolateInferno(0.12 + 0.68 * Math.max(0, Math.min(1, t)));
}
const RANK_PALETTE = Array.from({ length: 256 }, (_, i) => {
  const { r, g, b } = rgb(rankColor(i / 255));
  return [r, g, b] as const;
});

/** Rank of each global neuron in the ordering (0 = most salient), −1 where the ordering does not reach it. */
export function rankOf(ordering: ArrayLike<number>, total: number): Int32Array {
  const r = new Int32Array(total).fill(-1);
  for (let i = 0; i < ordering.length; i++) r[ordering[i]] = i;
  return r;
}

/** Neurons in the top `percent`% of `total`. */
export const topCount = countForPercent;

/** The neuron shown in each cell (layer-major): identity, or each layer sorted by `key` ascending (ties by unit). */
export function cellLayout(layers: number, neurons: number, key?: (neuron: number) => number): Int32Array {
  const cells = Int32Array.from({ length: layers * neurons }, (_, i) => i);
  if (!key) return cells;
  const keys = Float64Array.from(cells, key);
  for (let l = 0; l < layers; l++) cells.subarray(l * neurons, (l + 1) * neurons).sort((a, b) => keys[a] - keys[b] || a - b);
  return cells;
}

/** RGBA per cell: the top `k` ranks coloured by rank, every other neuron neutral. */
export function topRankPixels(cells: Int32Array, rank: Int32Array, k: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cells.length * 4);
  for (let i = 0; i < cells.length; i++) {
    const r = rank[cells[i]];
    const [red, green, blue] = r >= 0 && r < k ? RANK_PALETTE[Math.round((r / Math.max(1, k - 1)) * 255)] : NEUTRAL_RGB;
    out[i * 4] = red;
    out[i * 4 + 1] = green;
    out[i * 4 + 2] = blue;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** RGBA per cell: √(value / max) on viridis (√ spreads the many small weights apart). */
export function valuePixels(cells: Int32Array, values: Float32Array, max: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cells.length * 4);
  for (let i = 0; i < cells.length; i++) {
    const [red, green, blue] = SALIENCE_PALETTE[Math.round(Math.max(0, Math.min(1, Math.sqrt(values[cells[i]] / max))) * 255)];
    out[i * 4] = red;
    out[i * 4 + 1] = green;
    out[i * 4 + 2] = blue;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function maxOf(values: Float32Array): number {
  let m = 1e-12;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** What the legend beside a heatmap shows: a colour ramp with ticks, and optionally a swatch for "everything else". */
export interface LegendSpec {
  title: string;
  /** t ∈ [0, 1] along the ramp → colour. */
  color(t: number): string;
  ticks: { t: number; label: string }[];
  other?: { color: string; label: string };
}
