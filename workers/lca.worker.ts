/**
 * The LCA worker: probe training and evaluation off the UI thread, through comlink.
 * (The app's full run pipeline builds on this; the benchmark uses `trainProbe`.)
 */
import * as Comlink from 'comlink';
import { evaluateProbe, Float16FeatureMatrix, Float32FeatureMatrix, trainLogisticProbe, type FeatureMatrix, type TrainOptions, type TrainProgress } from '../src/core/probe';

/** Examples as a dense matrix (float16 bits or float32) and their class indices. */
export interface ProbeInput {
  data: Uint16Array | Float32Array;
  rows: number;
  dims: number;
  y: Int32Array;
}

export interface ProbeReport {
  trainSeconds: number;
  backend: string;
  accuracy: number;
  macroF1: number;
}

function matrix(input: ProbeInput): FeatureMatrix {
  return input.data instanceof Uint16Array ? new Float16FeatureMatrix(input.data, input.rows, input.dims) : new Float32FeatureMatrix(input.data, input.rows, input.dims);
}

let cancelled = false;

const api = {
  async trainProbe(
    train: ProbeInput,
    test: ProbeInput,
    classes: number,
    options: Omit<TrainOptions, 'onProgress' | 'signal' | 'shouldStop' | 'earlyStopping'> = {},
    onProgress?: (progress: TrainProgress) => void,
  ): Promise<ProbeReport> {
    cancelled = false;
    const result = await trainLogisticProbe({ features: matrix(train), y: train.y }, classes, { ...options, onProgress, shouldStop: () => cancelled });
    const metrics = evaluateProbe(result.probe, { features: matrix(test), y: test.y });
    return { trainSeconds: result.seconds, backend: result.backend, accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
  },

  /** Stops the training in progress (it rejects with ProbeCancelledError). */
  cancel(): void {
    cancelled = true;
  },
};

export type LcaWorkerApi = typeof api;
Comlink.expose(api);
