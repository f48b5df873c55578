/**
 * Ratios that hold still: the two sides of a comparison run in turn (A, B, A, B, …)
 * after one warm-up of each, so a neighbour's load on a shared machine hits both
 * alike; the figures reported are medians, and the spread goes to the log.
 */
import { log } from './shared';

export interface Side {
  name: string;
  /** One measurement; the value is a rate or a duration, as `unit` says. */
  run: (round: number) => Promise<number>;
}

export interface Alternation {
  medians: number[];
  /** Every measurement per side, in round order (warm-up excluded). */
  values: number[][];
  /** Median of the per-round ratios side 1 / side 0 (each pair run back to back). */
  pairedRatio: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Spread as "min–max (±x% around the median)". */
export function spread(values: readonly number[], digits = 0): string {
  const m = median(values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pct = m ? (Math.max(hi - m, m - lo) / m) * 100 : 0;
  return `${lo.toFixed(digits)}–${hi.toFixed(digits)} (±${pct.toFixed(0)}% around the median ${m.toFixed(digits)})`;
}

export async function alternate(sides: [Side, Side], rounds: number, unit: string, digits = 0): Promise<Alternation> {
  if (rounds < 1) throw new Error('at least one round');
  for (const side of sides) log(`warm-up ${side.name}: ${(await side.run(0)).toFixed(digits)} ${unit}`);
  const values: number[][] = sides.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (let s = 0; s < sides.length; s++) {
      const value = await sides[s].run(round);
      values[s].push(value);
      log(`round ${round} ${sides[s].name}: ${value.toFixed(digits)} ${unit}`);
    }
  }
  sides.forEach((side, s) => log(`${side.name}: ${spread(values[s], digits)} ${unit} over ${rounds} rounds`));
  const ratios = values[1].map((v, i) => v / values[0][i]);
  log(`per-round ratio ${sides[1].name}/${sides[0].name}: ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
  return { medians: values.map(median), values, pairedRatio: median(ratios) };
}

/** `--name value` from the command line, or the default. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got "${process.argv[i + 1] ?? ''}"`);
  return value;
}
