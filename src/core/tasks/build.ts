import type { Corpus } from '../corpus/types';
import { describeLabelSpec, labeller, type LabelSpec } from './labels';
import { undersample } from './balance';
import { splitSentences } from './split';
import { SPLITS, type SplitName, type Task, type TaskSplit, type TaskStats } from './types';

export const OTHER = 'OTHER';

export interface TaskCorpora {
  train: Corpus;
  /** When dev or test is missing it is carved out of `train` by a seeded sentence split. */
  dev?: Corpus;
  test?: Corpus;
}

export interface TaskOptions {
  name?: string;
  /** Seed for the sentence split and undersampling (default 1). */
  seed?: number;
  /** Train/dev/test fractions for a seeded split (default 0.8/0.1/0.1). */
  splitFractions?: [number, number, number];
  /** Keep only the first N training examples in corpus order (the papers use 150,000). */
  maxTrainTokens?: number;
  /** Labels with fewer training examples are rare (default 1: nothing is rare). */
  minLabelCount?: number;
  /** Rare labels become `OTHER` (default) or their examples are dropped. */
  rareLabels?: 'other' | 'drop';
  /**
   * Dev/test labels never seen in training: mapped to the catch-all `OTHER` (default; NeuroX maps
   * them to its task-specific tag), so they count as errors, or dropped.
   */
  unseenLabels?: 'drop' | 'other';
  /** Labels whose examples are left out entirely, e.g. `_` for words lacking a FEATS key. */
  excludeLabels?: string[];
  /** Undersample training classes to the smallest class size (or to `perClass`). */
  balance?: boolean | { perClass: number };
}

interface RawSplit {
  source: SplitName;
  rows: number[];
  labels: string[];
  words: string[];
}

/** Turns corpora and a label spec into class-indexed train/dev/test examples. */
export function buildTask(spec: LabelSpec, corpora: TaskCorpora, options: TaskOptions = {}): Task {
  const seed = options.seed ?? 1;
  const level = spec.kind === 'sentence' ? 'sentence' : 'word';
  const exclude = new Set(options.excludeLabels ?? []);
  const raw = collectExamples(spec, corpora, options, seed, level);

  const excluded = { train: 0, dev: 0, test: 0 };
  for (const name of SPLITS) excluded[name] = filterInPlace(raw[name], (l) => !exclude.has(l));

  let truncatedTrain = 0;
  const cap = options.maxTrainTokens ?? Infinity;
  if (raw.train.rows.length > cap) {
    truncatedTrain = raw.train.rows.length - cap;
    for (const key of ['rows', 'labels', 'words'] as const) raw.train[key].length = cap;
  }

  // Rare labels are judged on training counts only, then applied to every split.
  const counts = countLabels(raw.train.labels);
  const minCount = options.minLabelCount ?? 1;
  const rare = new Set([...counts].filter(([, c]) => c < minCount).map(([l]) => l));
  const droppedRare = { train: 0, dev: 0, test: 0 };
  if (rare.size > 0) {
    for (const name of SPLITS) {
      if (options.rareLabels === 'drop') droppedRare[name] = filterInPlace(raw[name], (l) => !rare.has(l));
      else raw[name].labels = raw[name].labels.map((l) => (rare.has(l) ? OTHER : l));
    }
  }

  const known = new Set(raw.train.labels);
  const unseenHandling = options.unseenLabels ?? 'other';
  const unseenLabels = new Set<string>();
  const unseen = { dev: 0, test: 0, labels: [] as string[], handling: unseenHandling };
  for (const name of ['dev', 'test'] as const) {
    for (const l of raw[name].labels) if (!known.has(l)) unseenLabels.add(l);
    if (unseenHandling === 'drop') unseen[name] = filterInPlace(raw[name], (l) => known.has(l));
    else {
      raw[name].labels = raw[name].labels.map((l) => {
        if (known.has(l)) return l;
        unseen[name]++;
        return OTHER;
      });
    }
  }
  unseen.labels = [...unseenLabels].sort();

  const labelSet = new Set(raw.train.labels);
  if (unseenHandling === 'other' && (unseen.dev > 0 || unseen.test > 0)) labelSet.add(OTHER);
  // Alphabetical with OTHER last: stable across runs and readable in charts.
  const labels = [...labelSet].filter((l) => l !== OTHER).sort();
  if (labelSet.has(OTHER)) labels.push(OTHER);
  const index = new Map(labels.map((l, i) => [l, i]));

  const splits = {} as Record<SplitName, TaskSplit>;
  for (const name of SPLITS) splits[name] = toSplit(raw[name], index);

  let removedByBalance = 0;
  if (options.balance) {
    const perClass = typeof options.balance === 'object' ? options.balance.perClass : undefined;
    const before = splits.train.rows.length;
    splits.train = undersample(splits.train, labels.length, seed, perClass);
    removedByBalance = before - splits.train.rows.length;
  }

  const stats: TaskStats = {
    splitBy: corpora.dev && corpora.test ? 'given' : 'seeded',
    classCounts: {
      train: classCounts(splits.train.y, labels.length),
      dev: classCounts(splits.dev.y, labels.length),
      test: classCounts(splits.test.y, labels.length),
    },
    truncatedTrain,
    excluded,
    droppedRare,
    rareLabels: [...rare].sort(),
    unseen,
    removedByBalance,
  };
  return { name: options.name ?? describeLabelSpec(spec), spec, level, labels, ...splits, stats };
}

function collectExamples(spec: LabelSpec, corpora: TaskCorpora, options: TaskOptions, seed: number, level: 'word' | 'sentence'): Record<SplitName, RawSplit> {
  const trainCorpus = corpora.train;
  const all = trainCorpus.sentences.map((_, i) => i);
  let parts: Record<SplitName, number[]> = { train: all, dev: [], test: [] };
  if (!corpora.dev || !corpora.test) {
    const f = options.splitFractions ?? [0.8, 0.1, 0.1];
    const fractions: [number, number, number] = [f[0], corpora.dev ? 0 : f[1], corpora.test ? 0 : f[2]];
    parts = splitSentences(trainCorpus.sentences.length, fractions, seed);
  }
  const result = {} as Record<SplitName, RawSplit>;
  for (const name of SPLITS) {
    const given = name !== 'train' ? corpora[name] : undefined;
    result[name] = given
      ? examplesOf(spec, given, name, given.sentences.map((_, i) => i), level)
      : examplesOf(spec, trainCorpus, 'train', parts[name], level);
  }
  return result;
}

function examplesOf(spec: LabelSpec, corpus: Corpus, source: SplitName, sentenceIds: number[], level: 'word' | 'sentence'): RawSplit {
  const label = labeller(spec, corpus);
  const offsets = new Int32Array(corpus.sentences.length + 1);
  corpus.sentences.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.words.length));
  const out: RawSplit = { source, rows: [], labels: [], words: [] };
  for (const si of sentenceIds) {
    const s = corpus.sentences[si];
    const labels = label(s);
    if (level === 'sentence') {
      out.rows.push(si);
      out.labels.push(labels[0]);
      out.words.push(s.words.join(' '));
      continue;
    }
    for (let w = 0; w < s.words.length; w++) {
      out.rows.push(offsets[si] + w);
      out.labels.push(labels[w]);
      out.words.push(s.words[w]);
    }
  }
  return out;
}

/** Keeps examples whose label passes; returns how many were removed. */
function filterInPlace(split: RawSplit, keep: (label: string) => boolean): number {
  let j = 0;
  const n = split.labels.length;
  for (let i = 0; i < n; i++) {
    if (!keep(split.labels[i])) continue;
    split.rows[j] = split.rows[i];
    split.labels[j] = split.labels[i];
    split.words[j] = split.words[i];
    j++;
  }
  split.rows.length = split.labels.length = split.words.length = j;
  return n - j;
}

function countLabels(labels: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

function toSplit(raw: RawSplit, index: Map<string, number>): TaskSplit {
  const y = new Int32Array(raw.labels.length);
  raw.labels.forEach((l, i) => (y[i] = index.get(l)!));
  return { source: raw.source, rows: Int32Array.from(raw.rows), y, words: raw.words };
}

export function classCounts(y: Int32Array, classes: number): number[] {
  const c = new Array<number>(classes).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
}
