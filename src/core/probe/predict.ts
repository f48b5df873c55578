import type { KernelBackend } from './kernels';
import type { LinearProbe, ProbeData, RegressionData } from './types';
import { Workspace } from './workspace';

const BLOCK_ROWS = 256;

export interface PredictOptions {
  /** Evaluate with only these input columns (neurons); the others' weights count as zero. */
  keepColumns?: Int32Array;
  backend?: KernelBackend;
}

/** Raw outputs (logits or regression values) for every example, examples × outputs. */
export function predictOutputs(probe: LinearProbe, data: Omit<ProbeData, 'y'> | RegressionData, options: PredictOptions = {}): Float32Array {
  const n = data.rows ? data.rows.length : data.features.rows;
  if (data.features.dims !== probe.dims) throw new Error(`probe expects ${probe.dims} dims, features have ${data.features.dims}`);
  const ws = new Workspace(probe.dims, probe.outputs, Math.min(BLOCK_ROWS, Math.max(4, n)), false, options.backend);
  ws.setWeights(options.keepColumns ? maskColumns(probe, options.keepColumns) : probe.weights);
  const out = new Float32Array(n * probe.outputs);
  const h = ws.heap;
  for (let start = 0; start < n; start += ws.blockRows) {
    const count = Math.min(ws.blockRows, n - start);
    ws.loadRows(data.features, data.rows ?? null, null, start, count);
    ws.forward(count);
    for (let j = 0; j < count; j++) {
      for (let c = 0; c < probe.outputs; c++) {
        out[(start + j) * probe.outputs + c] = h[ws.z + j * probe.outputs + c] + probe.bias[c];
      }
    }
  }
  return out;
}

/** Most likely class of every example. */
export function predictClasses(probe: LinearProbe, data: Omit<ProbeData, 'y'>, options: PredictOptions = {}): Int32Array {
  const logits = predictOutputs(probe, data, options);
  const k = probe.outputs;
  const pred = new Int32Array(logits.length / k);
  for (let i = 0; i < pred.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
    pred[i] = best;
  }
  return pred;
}

/** A copy of the weights with every column outside `keep` set to zero (NeuroX zero-out ablation). */
export function maskColumns(probe: LinearProbe, keep: Int32Array): Float32Array {
  const keepMask = new Uint8Array(probe.dims);
  for (const c of keep) keepMask[c] = 1;
  const w = probe.weights.slice();
  for (let o = 0; o < probe.outputs; o++) {
    const base = o * probe.dims;
    for (let d = 0; d < probe.dims; d++) if (!keepMask[d]) w[base + d] = 0;
  }
  return w;
}
