/** A run: one model, one property, its settings and what came out. */
import type { LcaResult } from '../evaluation/types';
import type { SplitName } from '../tasks/types';
import { AGGREGATION, L1_MODE, RANKER, RUN_NUMBERS, type Aggregation, type L1Mode, type RankerName, type RunNumber } from '../options';

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
  /** L1 in the gradient (NeuroX) or proximal (sparse); runs from before it was a setting used proximal. */
  l1Mode?: L1Mode;
  seed: number;
  /** Probe seeds for stability (default 3). */
  seeds?: number;
  /** The ranking that picks ablated and minimal sets (default `probe`). */
  ranker?: RankerName;
  /** AP ranker threshold (default 0.05). */
  apThreshold?: number;
  minLabelCount: number;
  maxTrainTokens: number;
  balance: boolean;
}

export type RunStage = 'extract' | 'oracle' | 'ranking' | 'agreement' | 'control' | 'stability' | 'ablation' | 'minimalSet' | 'layerwise' | 'done';

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
  l1Mode: L1_MODE.default,
  ranker: RANKER.default,
  ...(Object.fromEntries(Object.entries(RUN_NUMBERS).map(([key, spec]) => [key, spec.default])) as Record<RunNumber, number>),
  balance: false,
};
