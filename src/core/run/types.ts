/** A run: one model, one property, its settings and what came out. */
import type { LcaResult } from '../evaluation/types';
import type { SplitName } from '../tasks/types';
import { AGGREGATION, RUN_NUMBERS, type Aggregation, type RunNumber } from '../options';

export interface CorpusRef {
  split: SplitName;
  name: string;
  hash: string;
  sentences: number;
  words: number;
}

export interface RunSettings {
  /** Model id as shown (hub id, `local/<name>`, `disk/<name>`) and its ONNX file. */
  model: string;
  onnxFile: string;
  corpora: CorpusRef[];
  /** Task notation: `upos`, `feats:Number`, `suffix:3`, `regex:…`, `words:…`. */
  task: string;
  aggregation: Aggregation;
  lambda1: number;
  lambda2: number;
  epochs: number;
  seed: number;
  minLabelCount: number;
  maxTrainTokens: number;
  balance: boolean;
}

export type RunStage = 'extract' | 'oracle' | 'ranking' | 'control' | 'ablation' | 'minimalSet' | 'layerwise' | 'done';

export interface RunRecord {
  id: string;
  createdAt: string;
  settings: RunSettings;
  status: 'running' | 'done' | 'interrupted' | 'failed';
  stage?: RunStage;
  error?: string;
  result?: LcaResult;
  /** Oracle probe |weights| max over classes per neuron, and per class (classes × neurons), for heatmaps. */
  weights?: { classes: number; dims: number; values: Float32Array };
  /** Runs started together on one extraction (several properties) share this id. */
  group?: string;
  /** Activation store ids per split, so the inspector can read activations again. */
  activationIds: Partial<Record<SplitName, string>>;
}

/** Defaults from the option tables (src/core/options.ts). */
export const DEFAULT_SETTINGS: Omit<RunSettings, 'model' | 'onnxFile' | 'corpora'> = {
  task: 'upos',
  aggregation: AGGREGATION.default,
  ...(Object.fromEntries(Object.entries(RUN_NUMBERS).map(([key, spec]) => [key, spec.default])) as Record<RunNumber, number>),
  balance: false,
};
