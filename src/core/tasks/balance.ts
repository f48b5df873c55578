import { createRng, shuffleInPlace } from '../util/random';
import type { TaskSplit } from './types';

/**
 * Random undersampling (as NeuroX `balance_multi_class_data`): every class keeps at most
 * `perClass` examples (default: the smallest non-empty class size). Kept rows stay in order.
 */
export function undersample(split: TaskSplit, classes: number, seed: number, perClass?: number): TaskSplit {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < split.y.length; i++) byClass[split.y[i]].push(i);
  const sizes = byClass.map((c) => c.length).filter((n) => n > 0);
  const target = perClass ?? (sizes.length ? Math.min(...sizes) : 0);
  const rng = createRng(seed ^ 0x5bd1e995);
  const keep: number[] = [];
  for (const members of byClass) {
    if (members.length <= target) keep.push(...members);
    else keep.push(...shuffleInPlace(members, rng).slice(0, target));
  }
  keep.sort((a, b) => a - b);
  return {
    source: split.source,
    rows: Int32Array.from(keep, (i) => split.rows[i]),
    y: Int32Array.from(keep, (i) => split.y[i]),
    words: keep.map((i) => split.words[i]),
  };
}
