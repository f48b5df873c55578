import { createRng, permutation, type Rng } from '../util/random';
import { accuracyOf } from './metrics';
import { predictClasses } from './predict';
import { Workspace, pad4 } from './workspace';
import {
  ProbeCancelledError,
  type EpochRecord,
  type LinearProbe,
  type ProbeData,
  type RegressionData,
  type TrainOptions,
  type TrainResult,
} from './types';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
const YIELD_MS = 200;

/**
 * Multinomial logistic regression probe (NeuroX `train_logistic_regression_probe`):
 * loss = mean cross-entropy + λ1·Σ|W| + λ2·‖W‖_F, Adam, shuffled mini-batches.
 * L1 enters as in NeuroX by default (λ1·sign(W) in the gradient); `l1Mode: 'proximal'`
 * applies it instead as a soft-threshold scaled by Adam's per-weight step size, so weights
 * it silences become exactly zero rather than oscillating near it.
 */
export async function trainLogisticProbe(data: ProbeData, classes: number, options: TrainOptions = {}): Promise<TrainResult> {
  if (classes < 2) throw new Error(`a classification probe needs at least 2 classes, got ${classes}`);
  const n = data.rows ? data.rows.length : data.features.rows;
  if (data.y.length !== n) throw new Error(`${data.y.length} labels for ${n} examples`);
  for (let i = 0; i < n; i++) {
    if (data.y[i] < 0 || data.y[i] >= classes) throw new Error(`label ${data.y[i]} of example ${i} outside 0..${classes - 1}`);
  }
  return train(data.features, data.rows ?? null, n, classes, 'classification', options, (ws, start, count, order, bias, gBias) => {
    const h = ws.heap;
    let loss = 0;
    const inv = 1 / count;
    for (let j = 0; j < count; j++) {
      const zo = ws.z + j * classes;
      const go = ws.g + j * classes;
      const yi = data.y[order ? order[start + j] : start + j];
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        const zc = h[zo + c] + bias[c];
        h[go + c] = zc;
        if (zc > max) max = zc;
      }
      const zy = h[go + yi];
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(h[go + c] - max);
        h[go + c] = e;
        sum += e;
      }
      loss += Math.log(sum) - (zy - max);
      const scale = inv / sum;
      for (let c = 0; c < classes; c++) {
        const gc = h[go + c] * scale - (c === yi ? inv : 0);
        h[go + c] = gc;
        gBias[c] += gc;
      }
    }
    return loss;
  });
}

/** Linear regression probe with mean squared error (NeuroX `train_linear_regression_probe`). */
export async function trainRegressionProbe(data: RegressionData, outputs: number, options: TrainOptions = {}): Promise<TrainResult> {
  const n = data.rows ? data.rows.length : data.features.rows;
  if (data.targets.length !== n * outputs) throw new Error(`${data.targets.length} targets for ${n} examples × ${outputs} outputs`);
  if (options.earlyStopping) throw new Error('early stopping is defined on dev accuracy: classification probes only');
  return train(data.features, data.rows ?? null, n, outputs, 'regression', options, (ws, start, count, order, bias, gBias) => {
    const h = ws.heap;
    let loss = 0;
    const scale = 2 / (count * outputs);
    for (let j = 0; j < count; j++) {
      const ex = order ? order[start + j] : start + j;
      for (let c = 0; c < outputs; c++) {
        const diff = h[ws.z + j * outputs + c] + bias[c] - data.targets[ex * outputs + c];
        loss += (diff * diff) / outputs;
        const gc = diff * scale;
        h[ws.g + j * outputs + c] = gc;
        gBias[c] += gc;
      }
    }
    return loss;
  });
}

/** Fills G (pre-scaled to the batch mean) for rows 0..count-1 and accumulates the bias gradient; returns the summed loss. */
type LossGradient = (ws: Workspace, start: number, count: number, order: Int32Array | null, bias: Float64Array, gBias: Float64Array) => number;

async function train(
  features: ProbeData['features'],
  rows: Int32Array | null,
  n: number,
  outputs: number,
  kind: LinearProbe['kind'],
  options: TrainOptions,
  lossGradient: LossGradient,
): Promise<TrainResult> {
  const t0 = now();
  const lambda1 = options.lambda1 ?? 1e-5;
  const lambda2 = options.lambda2 ?? 1e-5;
  const proximal = (options.l1Mode ?? 'gradient') === 'proximal';
  const epochs = options.epochs ?? 10;
  const lr = options.learningRate ?? 1e-3;
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 1;
  const dims = features.dims;
  if (n === 0) throw new Error('no training examples');

  const ws = new Workspace(dims, outputs, batchSize, true, options.backend);
  const h = ws.heap;
  const rng = createRng(seed);
  const bias = initialise(ws, rng);
  const mBias = new Float64Array(outputs);
  const vBias = new Float64Array(outputs);
  const gBias = new Float64Array(outputs);
  let norm = Math.sqrt(sumSquares(h, ws.w, outputs * ws.rowFloats));

  const batches = Math.ceil(n / batchSize);
  const history: EpochRecord[] = [];
  const stop = () => options.signal?.aborted || options.shouldStop?.();
  const patience = options.earlyStopping?.patience ?? 2;
  let best: { accuracy: number; weights: Float32Array; bias: Float64Array } | null = null;
  let sinceBest = 0;
  let stoppedEarly = false;
  let step = 0;
  let lastYield = now();

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = options.shuffle === false ? null : permutation(n, rng);
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      if (stop()) throw new ProbeCancelledError();
      const start = b * batchSize;
      const count = Math.min(batchSize, n - start);
      ws.loadRows(features, rows, order, start, count);
      ws.forward(count);
      gBias.fill(0);
      lossSum += lossGradient(ws, start, count, order, bias, gBias) / count;
      h.fill(0, ws.g + count * outputs, ws.g + pad4(count) * outputs); // padding rows carry no gradient
      ws.kernels.gradW(ws.x, ws.g, ws.dw, pad4(count), outputs, ws.rowFloats);

      step++;
      const bc1 = 1 - BETA1 ** step;
      const invSqrtBias2 = 1 / Math.sqrt(1 - BETA2 ** step);
      const ss = ws.kernels.adam(ws.w, ws.dw, ws.m, ws.v, outputs * ws.rowFloats, {
        beta1: BETA1,
        beta2: BETA2,
        stepSize: lr / bc1,
        invSqrtBias2,
        eps: EPS,
        l1Step: proximal ? lr * lambda1 : 0,
        l1Grad: proximal ? 0 : lambda1,
        l2Coef: norm > 0 ? lambda2 / norm : 0,
      });
      norm = Math.sqrt(ss);
      for (let c = 0; c < outputs; c++) {
        mBias[c] = BETA1 * mBias[c] + (1 - BETA1) * gBias[c];
        vBias[c] = BETA2 * vBias[c] + (1 - BETA2) * gBias[c] * gBias[c];
        bias[c] -= ((lr / bc1) * mBias[c]) / (Math.sqrt(vBias[c]) * invSqrtBias2 + EPS);
      }

      if (now() - lastYield > YIELD_MS) {
        options.onProgress?.({ epoch, epochs, batch: b + 1, batches, loss: lossSum / (b + 1) });
        await yieldToEventLoop();
        lastYield = now();
      }
    }
    const record: EpochRecord = { epoch, loss: lossSum / batches };
    options.onProgress?.({ epoch, epochs, batch: batches, batches, loss: record.loss });
    history.push(record);

    if (options.earlyStopping) {
      const current = snapshot(ws, bias, kind);
      const dev = options.earlyStopping.dev;
      record.devAccuracy = accuracyOf(dev.y, predictClasses(current, dev, { backend: ws.kernels.backend }));
      if (!best || record.devAccuracy > best.accuracy) {
        best = { accuracy: record.devAccuracy, weights: current.weights, bias: Float64Array.from(bias) };
        sinceBest = 0;
      } else if (++sinceBest >= patience) {
        stoppedEarly = epoch < epochs;
        break;
      }
    }
  }

  const probe = best
    ? { kind, outputs, dims, weights: best.weights, bias: Float32Array.from(best.bias) }
    : snapshot(ws, bias, kind);
  return { probe, history, stoppedEarly, backend: ws.kernels.backend, seconds: (now() - t0) / 1000 };
}

/** PyTorch nn.Linear initialisation: W and b uniform in ±1/√dims. */
function initialise(ws: Workspace, rng: Rng): Float64Array {
  const bound = 1 / Math.sqrt(ws.dims);
  const w = new Float32Array(ws.outputs * ws.dims);
  for (let i = 0; i < w.length; i++) w[i] = (rng() * 2 - 1) * bound;
  ws.setWeights(w);
  const bias = new Float64Array(ws.outputs);
  for (let c = 0; c < ws.outputs; c++) bias[c] = (rng() * 2 - 1) * bound;
  return bias;
}

function snapshot(ws: Workspace, bias: Float64Array, kind: LinearProbe['kind']): LinearProbe {
  return { kind, outputs: ws.outputs, dims: ws.dims, weights: ws.getWeights(), bias: Float32Array.from(bias) };
}

function sumSquares(h: Float32Array, from: number, n: number): number {
  let s = 0;
  for (let i = from; i < from + n; i++) s += h[i] * h[i];
  return s;
}

const now = () => performance.now();

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
