/** Per-class accuracy by label; null where the split has no gold token of that class. */
export type PerClassAccuracy = Record<string, number | null>;

/** Precision, recall and F1 of one class (null where undefined: never predicted, or absent). */
export interface ClassScore {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Gold examples of the class in the split. */
  support: number;
}

export interface SplitScore {
  accuracy: number;
  /** Recall per class (NeuroX's per-class "accuracy"). */
  perClass: PerClassAccuracy;
  /** Mean F1 over classes present in gold or predictions (absent on runs before it was recorded). */
  macroF1?: number | null;
  /** Precision, recall, F1 and support per label. */
  classes?: Record<string, ClassScore>;
}

/** The accuracy a probe must beat: always predicting the training split's most frequent label. */
export interface Baseline {
  majorityClass: string;
  dev: number;
  test: number;
  /** The same for the control task's labels (its majority class on test); null without a control task. */
  control: number | null;
  /** One line reading a negative selectivity (or a task no better than its majority class); null otherwise. */
  note: string | null;
}

/** Rankers that order every neuron of a run (the RANKER table in src/core/options.ts). */
export type { RankerName } from '../options';
import type { RankerName } from '../options';

/** How much the probe's ranking depends on the probe's seed. */
export interface Stability {
  seeds: number[];
  /** Mean and least pairwise Jaccard overlap of the seeds' top `percent`% neurons. */
  jaccard: { percent: number; mean: number; min: number }[];
  /** The top share used for `inTop` (10). */
  topPercent: number;
  /** Per neuron: the share of seeds in whose top `topPercent`% it is (0…1). */
  inTop: number[];
}

/** Three rankings of the same run and their pairwise top-k overlaps. */
export interface Agreement {
  /** Every neuron, most salient first, per ranker (`probe` equals `ranking.ordering` when it is the chosen ranker). */
  rankings: Record<RankerName, number[]>;
  /** AP ranker's activation threshold (|x| below it counts as 0). */
  apThreshold: number;
  overlap: { percent: number; a: RankerName; b: RankerName; shared: number; size: number; jaccard: number }[];
}

/** How the probes of a run were trained (what ran, for the record). */
export interface ProbeRecord {
  l1Mode: 'gradient' | 'proximal';
  lambda1: number;
  lambda2: number;
  epochs: number;
  /** Which ranker ordered `ranking.ordering` (and so chose the ablated and minimal sets). */
  ranker: RankerName;
}

export type AblationKind = 'top' | 'random' | 'bottom';

export interface AblationScore {
  /** Test accuracy of the oracle probe with every other neuron's weights zeroed. */
  zeroOut: number;
  /** Test accuracy of a probe retrained on the kept neurons only. */
  retrain: number;
}

/** The result of a full Linguistic Correlation Analysis run (serialisable as JSON). */
export interface LcaResult {
  model: string;
  task: string;
  labels: string[];
  layers: number;
  neuronsPerLayer: number;
  counts: { train: number; dev: number; test: number };
  /** Dev/test examples whose label never occurs in training: mapped to the catch-all `OTHER` (as NeuroX maps them to its task tag) or dropped. */
  unseen?: { dev: number; test: number; labels: string[]; handling: 'drop' | 'other' };
  probe?: ProbeRecord;
  oracle: { dev: SplitScore; test: SplitScore };
  baseline?: Baseline;
  /** Hewitt & Liang control task; null when skipped (or for sentence-level tasks). */
  control: { test: { accuracy: number } } | null;
  /** Oracle test accuracy − control test accuracy. */
  selectivity: number | null;
  ranking: {
    /** Every neuron, most salient first (NeuroX `get_neuron_ordering`). */
    ordering: number[];
    /** Per label: that class's top neurons (NeuroX `get_top_neurons` at `classMass`). */
    perClass: Record<string, number[]>;
  };
  /** ablation[kind][percent] for percent in 10/15/20 (by default). */
  ablation: Record<AblationKind, Record<string, AblationScore>> | null;
  minimalSet: { size: number; neurons: number[]; devAccuracy: number } | null;
  layerwise: { layer: number; accuracy: number }[] | null;
  /** Rankings over probe seeds; null when one seed was asked for. */
  stability?: Stability | null;
  /** Probe, probeless and AP rankings side by side; null when skipped. */
  agreement?: Agreement | null;
  /** How many minimal-set neurons (or top neurons when the search is skipped) lie in each layer. */
  layerDistribution: number[];
  /** Seconds per stage, plus `total`. */
  timings: Record<string, number>;
}
