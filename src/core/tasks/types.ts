import type { LabelSpec } from './labels';

export type SplitName = 'train' | 'dev' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'dev', 'test'];

/** The examples of one split, as rows of the activation matrix of their source corpus. */
export interface TaskSplit {
  /** Which input corpus the rows index (with a seeded split, all three index `train`). */
  source: SplitName;
  /** Flat word index (sentence-major) in the source corpus, or sentence index for sentence tasks. */
  rows: Int32Array;
  /** Class index into `Task.labels`, one per row. */
  y: Int32Array;
  /** Word form of each row (the sentence text for sentence tasks). */
  words: string[];
}

export interface TaskStats {
  splitBy: 'given' | 'seeded';
  classCounts: Record<SplitName, number[]>;
  /** Training examples beyond `maxTrainTokens`. */
  truncatedTrain: number;
  /** Examples whose label was in `excludeLabels`, per split. */
  excluded: Record<SplitName, number>;
  /** Examples removed because their label was rare in training (`rareLabels: 'drop'`). */
  droppedRare: Record<SplitName, number>;
  /** Labels first seen in training below `minLabelCount`, and those merged/dropped. */
  rareLabels: string[];
  /** Dev/test examples whose label never occurs in training, and how they were handled. */
  unseen: { dev: number; test: number; labels: string[]; handling: 'drop' | 'other' };
  /** Training examples removed by undersampling. */
  removedByBalance: number;
}

export interface Task {
  name: string;
  spec: LabelSpec;
  level: 'word' | 'sentence';
  /** Class names; `y` values index this list. */
  labels: string[];
  train: TaskSplit;
  dev: TaskSplit;
  test: TaskSplit;
  stats: TaskStats;
  /** Set on control tasks: the seed that drew the per-type labels. */
  controlSeed?: number;
}
