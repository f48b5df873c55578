import type { FeatureMatrix } from './features';
import type { KernelBackend } from './kernels';
import type { L1Mode } from '../options';

export type { L1Mode };

/** Examples for a classification probe: rows of a feature matrix and their classes. */
export interface ProbeData {
  features: FeatureMatrix;
  /** Rows of `features` used as examples, in order (default: every row). */
  rows?: Int32Array;
  /** Class index of each example. */
  y: Int32Array;
}

/** Examples for a regression probe: `targets` holds `outputs` values per example. */
export interface RegressionData {
  features: FeatureMatrix;
  rows?: Int32Array;
  targets: Float32Array;
}

/** A trained linear probe: logits = W·x + b, W stored outputs × dims, row-major. */
export interface LinearProbe {
  kind: 'classification' | 'regression';
  outputs: number;
  dims: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean data loss (cross-entropy or MSE) over the batches so far this epoch. */
  loss: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  devAccuracy?: number;
}

export interface TrainOptions {
  /** L1 penalty λ1·Σ|W| (bias unpenalised). Default 1e-5. */
  lambda1?: number;
  /**
   * How the L1 penalty enters training: `gradient` (default, NeuroX) adds λ1·sign(W) to the
   * gradient, so weights hover near zero but are never exactly zero; `proximal` soft-thresholds
   * after each Adam step, which gives exact zeros (a sparse probe).
   */
  l1Mode?: L1Mode;
  /** Frobenius penalty λ2·‖W‖_F (not squared, as NeuroX). Default 1e-5. */
  lambda2?: number;
  epochs?: number;
  learningRate?: number;
  batchSize?: number;
  /** Seed for initial weights and batch order. */
  seed?: number;
  /** Shuffle batches each epoch (default true). */
  shuffle?: boolean;
  /** Stop when dev accuracy has not improved for `patience` epochs; keeps the best epoch's weights. */
  earlyStopping?: { dev: ProbeData; patience?: number };
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
  shouldStop?: () => boolean;
  backend?: KernelBackend;
}


export interface TrainResult {
  probe: LinearProbe;
  history: EpochRecord[];
  stoppedEarly: boolean;
  backend: 'wasm' | 'js';
  seconds: number;
}

export class ProbeCancelledError extends Error {
  constructor() {
    super('probe training was cancelled');
    this.name = 'ProbeCancelledError';
  }
}
