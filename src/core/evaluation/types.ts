import type { NeuronKind } from '../neurons/neurons';
/** Per-class accuracy by label; null where the split has no gold token of that class. */
export type PerClassAccuracy = Record<string, number | null>;

export interface SplitScore {
  accuracy: number;
  perClass: PerClassAccuracy;
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
  /** Which neurons the grid holds: MLP neurons, or layer outputs (absent: outputs, as before MLP neurons existed). */
  neurons?: NeuronKind;
  /** Model layer number of each grid row when a selection was analysed (absent: row l is layer l). */
  layerNumbers?: number[];
  counts: { train: number; dev: number; test: number };
  oracle: { dev: SplitScore; test: SplitScore };
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
  /** How many minimal-set neurons (or top neurons when the search is skipped) lie in each layer. */
  layerDistribution: number[];
  /** Seconds per stage, plus `total`. */
  timings: Record<string, number>;
}
