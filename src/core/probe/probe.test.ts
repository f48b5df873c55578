import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { evaluateProbe, evaluateRegression } from './evaluate';
import { ColumnSubset, Float16FeatureMatrix, Float32FeatureMatrix } from './features';
import { floatToHalf, halfToFloat } from '../store/float16';
import { createKernels, kernelModuleBytes, wasmSimdAvailable } from './kernels';
import { classificationMetrics } from './metrics';
import { maskColumns, predictClasses } from './predict';
import { trainLogisticProbe, trainRegressionProbe } from './train';
import { ProbeCancelledError } from './types';

const rng = createRng(123);
const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());

/** Classes separated along the first `informative` dims; the rest is noise. */
function blobs(n: number, dims: number, classes: number, informative: number, spread = 0.3) {
  const centres = Array.from({ length: classes }, () => Array.from({ length: informative }, () => gauss() * 3));
  const x = new Float32Array(n * dims);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let d = 0; d < dims; d++) x[i * dims + d] = d < informative ? centres[c][d] + gauss() * spread : gauss();
  }
  return { features: new Float32FeatureMatrix(x, n, dims), y };
}

describe('kernels', () => {
  it('generates a valid WebAssembly SIMD module', () => {
    expect(wasmSimdAvailable()).toBe(true);
    // small enough for a synchronous compile on a browser main thread
    expect(kernelModuleBytes().length).toBeLessThan(4096);
  });

  it('wasm and JS kernels agree on forward, gradient and Adam+prox steps', () => {
    const rows = 8, classes = 5, rf = 12;
    const layout = { w: 0, dw: 60, m: 120, v: 180, x: 240, z: 240 + rows * rf, g: 240 + rows * rf + rows * classes };
    const size = layout.g + rows * classes;
    const ks = [createKernels(size, 'wasm'), createKernels(size, 'js')];
    const init = Float32Array.from({ length: size }, () => gauss());
    for (const k of ks) k.heap.set(init);
    const step = { beta1: 0.9, beta2: 0.999, stepSize: 0.01, invSqrtBias2: 3, eps: 1e-8, l1Step: 0.05, l2Coef: 0.1, l1Grad: 0.02 };
    const ss = ks.map((k) => {
      k.heap.fill(0, layout.m, layout.x); // moments start at zero
      k.forward(layout.x, layout.w, layout.z, rows, classes, rf);
      k.gradW(layout.x, layout.g, layout.dw, rows, classes, rf);
      return k.adam(layout.w, layout.dw, layout.m, layout.v, classes * rf, step);
    });
    const [a, b] = ks.map((k) => Array.from(k.heap));
    for (let i = 0; i < size; i++) expect(a[i]).toBeCloseTo(b[i], 4);
    expect(ss[0]).toBeCloseTo(ss[1], 3);
    // the proximal step produced exact zeros, identically in both
    const zerosA = a.slice(0, 60).filter((v) => v === 0).length;
    expect(zerosA).toBeGreaterThan(0);
    expect(b.slice(0, 60).filter((v) => v === 0).length).toBe(zerosA);
  });

  it('decodes every float16 bit pattern exactly like the lookup table, in both backends', () => {
    const n = 65536;
    for (const backend of ['wasm', 'js'] as const) {
      const k = createKernels(n / 2 + n, backend);
      new Uint16Array(k.heap.buffer, k.heap.byteOffset, n).set(Uint16Array.from({ length: n }, (_, h) => h));
      k.decodeHalf(0, n / 2, n);
      const got = k.heap.subarray(n / 2, n / 2 + n);
      const mismatches = [];
      for (let h = 0; h < n; h++) if (!Object.is(got[h], halfToFloat(h)) && !(Number.isNaN(got[h]) && Number.isNaN(halfToFloat(h)))) mismatches.push(h);
      expect(mismatches, backend).toEqual([]);
    }
  });
});

describe('features', () => {
  it('round-trips float16 and decodes rows through the lookup table', () => {
    for (const v of [0, 1, -2.5, 0.1, 65504, 1e-7, -3.14159]) expect(halfToFloat(floatToHalf(v))).toBeCloseTo(v, 2);
    expect(halfToFloat(floatToHalf(1e6))).toBe(Infinity);
    const raw = Float32Array.from({ length: 30 }, () => gauss());
    const f16 = new Float16FeatureMatrix(Uint16Array.from(raw, floatToHalf), 5, 6);
    const out = new Float32Array(12);
    f16.readRows(2, 2, out);
    out.forEach((v, i) => expect(v).toBeCloseTo(raw[12 + i], 2));
    expect(() => f16.readRows(4, 2, out)).toThrow(RangeError);
  });

  it('selects columns for retraining on a neuron subset', () => {
    const m = new Float32FeatureMatrix(Float32Array.from({ length: 12 }, (_, i) => i), 3, 4);
    const sub = new ColumnSubset(m, Int32Array.from([3, 0]));
    const out = new Float32Array(6);
    sub.readRows(0, 3, out);
    expect(Array.from(out)).toEqual([3, 0, 7, 4, 11, 8]);
    expect(() => new ColumnSubset(m, Int32Array.from([4]))).toThrow(/outside/);
  });
});

describe('trainLogisticProbe', () => {
  it('learns separable data to 100% with both backends, deterministically', async () => {
    const data = blobs(600, 23, 4, 6);
    for (const backend of ['wasm', 'js'] as const) {
      const r = await trainLogisticProbe(data, 4, { backend, epochs: 10, learningRate: 0.01, seed: 3 });
      expect(r.backend).toBe(backend);
      expect(evaluateProbe(r.probe, data).accuracy).toBe(1);
      expect(r.history).toHaveLength(10);
      expect(r.history[9].loss).toBeLessThan(r.history[0].loss);
    }
    const a = await trainLogisticProbe(data, 4, { epochs: 2, seed: 9 });
    const b = await trainLogisticProbe(data, 4, { epochs: 2, seed: 9 });
    expect(Array.from(a.probe.weights)).toEqual(Array.from(b.probe.weights));
  });

  it('trains on float16 storage through a row subset', async () => {
    const data = blobs(400, 16, 3, 4);
    const raw = new Float32Array(400 * 16);
    data.features.readRows(0, 400, raw);
    const f16 = new Float16FeatureMatrix(Uint16Array.from(raw, floatToHalf), 400, 16);
    const rows = Int32Array.from({ length: 200 }, (_, i) => i * 2);
    const y = Int32Array.from(rows, (r) => data.y[r]);
    const r = await trainLogisticProbe({ features: f16, rows, y }, 3, { epochs: 10, learningRate: 0.01 });
    expect(evaluateProbe(r.probe, { features: f16, rows, y }).accuracy).toBe(1);
    // Decoding in blocks (SIMD) follows exactly the trajectory of decoding row by row (the float32 path).
    const f32 = new Float32FeatureMatrix(Float32Array.from(f16.data, halfToFloat), 400, 16);
    const same = await trainLogisticProbe({ features: f32, rows, y }, 3, { epochs: 10, learningRate: 0.01 });
    expect(same.probe.weights).toEqual(r.probe.weights);
  });

  it('drives uninformative weights exactly to zero with a strong proximal L1 penalty', async () => {
    const data = blobs(800, 40, 3, 4);
    const weak = await trainLogisticProbe(data, 3, { epochs: 10, l1Mode: 'proximal' });
    const strong = await trainLogisticProbe(data, 3, { epochs: 10, lambda1: 0.05, l1Mode: 'proximal' });
    const zeros = (w: Float32Array, from: number) => {
      let z = 0;
      for (let c = 0; c < 3; c++) for (let d = from; d < 40; d++) if (w[c * 40 + d] === 0) z++;
      return z;
    };
    expect(zeros(weak.probe.weights, 4)).toBeLessThan(10);
    expect(zeros(strong.probe.weights, 4)).toBeGreaterThan(0.9 * 3 * 36);
    // informative neurons survive and the probe still works
    expect(zeros(strong.probe.weights, 0) - zeros(strong.probe.weights, 4)).toBeLessThan(12);
    expect(evaluateProbe(strong.probe, data).accuracy).toBeGreaterThan(0.95);
  });

  it('reports progress and can be cancelled', async () => {
    const data = blobs(200, 8, 2, 2);
    const seen: number[] = [];
    await trainLogisticProbe(data, 2, { epochs: 3, onProgress: (p) => seen.push(p.epoch) });
    expect(seen.filter((e, i) => seen.indexOf(e) === i)).toEqual([1, 2, 3]);
    let calls = 0;
    await expect(trainLogisticProbe(data, 2, { shouldStop: () => ++calls > 5 })).rejects.toBeInstanceOf(ProbeCancelledError);
    const ctl = new AbortController();
    ctl.abort();
    await expect(trainLogisticProbe(data, 2, { signal: ctl.signal })).rejects.toBeInstanceOf(ProbeCancelledError);
  });

  it('stops early when dev accuracy stalls and keeps the best epoch', async () => {
    const data = blobs(400, 10, 2, 3);
    const r = await trainLogisticProbe(data, 2, { epochs: 30, earlyStopping: { dev: data, patience: 2 } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBeLessThan(30);
    const best = Math.max(...r.history.map((h) => h.devAccuracy ?? 0));
    expect(evaluateProbe(r.probe, data).accuracy).toBe(best);
  });

  it('rejects bad labels', async () => {
    const data = blobs(10, 4, 2, 2);
    await expect(trainLogisticProbe({ ...data, y: new Int32Array(10).fill(5) }, 2)).rejects.toThrow(/outside 0..1/);
    await expect(trainLogisticProbe({ ...data, y: new Int32Array(3) }, 2)).rejects.toThrow(/3 labels for 10/);
  });
});

describe('zero-out ablation', () => {
  it('evaluates with only kept neurons', async () => {
    const data = blobs(600, 30, 3, 3);
    const r = await trainLogisticProbe(data, 3, { epochs: 5 });
    const informative = Int32Array.from([0, 1, 2]);
    const noise = Int32Array.from({ length: 27 }, (_, i) => i + 3);
    expect(evaluateProbe(r.probe, data, { keepColumns: informative }).accuracy).toBeGreaterThan(0.97);
    expect(evaluateProbe(r.probe, data, { keepColumns: noise }).accuracy).toBeLessThan(0.6);
    const masked = maskColumns(r.probe, informative);
    expect(masked[3]).toBe(0);
    expect(masked[0]).toBe(r.probe.weights[0]);
    expect(Array.from(predictClasses(r.probe, data))).toEqual(Array.from(predictClasses(r.probe, data, { keepColumns: Int32Array.from({ length: 30 }, (_, i) => i) })));
  });
});

describe('trainRegressionProbe', () => {
  it('fits a linear property of the activations', async () => {
    const n = 1000, dims = 12;
    const x = Float32Array.from({ length: n * dims }, () => gauss());
    const targets = new Float32Array(n);
    for (let i = 0; i < n; i++) targets[i] = 2 * x[i * dims] - x[i * dims + 5] + 0.5;
    const data = { features: new Float32FeatureMatrix(x, n, dims), targets };
    const r = await trainRegressionProbe(data, 1, { epochs: 30, learningRate: 0.01 });
    const m = evaluateRegression(r.probe, data);
    expect(m.r2).toBeGreaterThan(0.99);
    expect(r.probe.weights[0]).toBeCloseTo(2, 1);
  });
});

describe('classificationMetrics', () => {
  it('computes accuracy, per-class recall and macro-F1', () => {
    const gold = Int32Array.from([0, 0, 1, 1, 2]);
    const pred = Int32Array.from([0, 1, 1, 1, 0]);
    const m = classificationMetrics(gold, pred, 4);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.perClass.slice(0, 3)).toEqual([0.5, 1, 0]);
    expect(m.perClass[3]).toBeNaN();
    // F1: class0 2·1/(2+2)=0.5, class1 2·2/(2+3)=0.8, class2 0 → mean 0.4333
    expect(m.macroF1).toBeCloseTo(1.3 / 3);
  });
});

// Last in the file: blobs() draws from one shared generator, so earlier tests keep their data.
describe('L1 modes', () => {
  it('puts L1 in the gradient by default, as NeuroX: small weights, no exact zeros', async () => {
    const data = blobs(800, 40, 3, 4);
    for (const backend of ['wasm', 'js'] as const) {
      const none = await trainLogisticProbe(data, 3, { epochs: 10, lambda1: 0, backend });
      const strong = await trainLogisticProbe(data, 3, { epochs: 10, lambda1: 0.05, backend });
      const mass = (w: Float32Array) => {
        let s = 0;
        for (let c = 0; c < 3; c++) for (let d = 4; d < 40; d++) s += Math.abs(w[c * 40 + d]);
        return s;
      };
      expect(strong.probe.weights.filter((v) => v === 0).length).toBe(0);
      expect(mass(strong.probe.weights)).toBeLessThan(0.5 * mass(none.probe.weights));
      expect(evaluateProbe(strong.probe, data).accuracy).toBeGreaterThan(0.95);
    }
  });

});
