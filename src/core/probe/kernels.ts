import { halfToFloat } from '../store/float16';
import { assembleModule, F32, F32_ADD, FunctionBuilder, I32, I32_ADD, I32_AND, I32_EQZ, I32_MUL, I32_SHR_U, SIMD, V128 } from './wasmAsm';

/**
 * The probe's hot loops over one flat f32 heap (offsets in floats):
 * logits Z = X·Wᵀ, gradient dW = Gᵀ·X, a fused Adam step with L1 either in the
 * gradient (λ1·sign(W), NeuroX) or as a proximal soft-threshold, and
 * float16 → float32 decoding of a block of input rows (exact, like the table in float16.ts).
 * Rows of X and W are `rowFloats` long (a multiple of 4, zero-padded); `nRows` is a
 * multiple of 4 (padding rows must be zero in G). A WebAssembly SIMD version is
 * generated at run time; a plain-JS twin serves where wasm SIMD is unavailable.
 */
export interface Kernels {
  readonly backend: 'wasm' | 'js';
  readonly heap: Float32Array;
  forward(x: number, w: number, z: number, nRows: number, classes: number, rowFloats: number): void;
  gradW(x: number, g: number, dw: number, nRows: number, classes: number, rowFloats: number): void;
  /** One Adam step on n weights (gradient + l2Coef·w + l1Grad·sign(w)), then soft-thresholding at l1Step/denominator; returns Σw². */
  adam(w: number, dw: number, m: number, v: number, n: number, p: AdamStep): number;
  /** Decodes n float16 values (n a multiple of 4) stored from float offset `src` into floats at `dst`. */
  decodeHalf(src: number, dst: number, n: number): void;
}

export interface AdamStep {
  beta1: number;
  beta2: number;
  /** lr / (1 − β1ᵗ). */
  stepSize: number;
  /** 1 / sqrt(1 − β2ᵗ). */
  invSqrtBias2: number;
  eps: number;
  /** lr · λ1: the proximal threshold before Adam's per-weight scaling (0 when L1 is in the gradient). */
  l1Step: number;
  /** λ1 when L1 is in the gradient (λ1·sign(W), sign(0) = 0 as in torch), else 0. */
  l1Grad: number;
  /** Coefficient of W added to the gradient (λ2 / ‖W‖_F for the Frobenius penalty). */
  l2Coef: number;
}

export type KernelBackend = 'auto' | 'wasm' | 'js';

let compiled: WebAssembly.Module | null | undefined;

/** The kernels' wasm binary (about 1.4 KB: under Chrome's 4 KB limit for synchronous compiles on the main thread). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([
    { name: 'forward', fn: buildForward() },
    { name: 'gradW', fn: buildGradW() },
    { name: 'adam', fn: buildAdam() },
    { name: 'decodeHalf', fn: buildDecodeHalf() },
  ]);
}

function compileSimdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = kernelModuleBytes();
    compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null; // no wasm, no SIMD, or a CSP that forbids compiling: use JS
  }
  return compiled;
}

export function wasmSimdAvailable(): boolean {
  return compileSimdModule() !== null;
}

/** Allocates a heap of `floats` f32 values and the kernels that work on it. */
export function createKernels(floats: number, backend: KernelBackend = 'auto'): Kernels {
  const module = backend === 'js' ? null : compileSimdModule();
  if (backend === 'wasm' && !module) throw new Error('WebAssembly SIMD is not available here');
  if (!module) return jsKernels(new Float32Array(floats));
  const pages = Math.ceil((floats * 4) / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages });
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const ex = inst.exports as unknown as {
    forward(x: number, w: number, z: number, n: number, c: number, rowBytes: number): void;
    gradW(x: number, g: number, dw: number, n: number, c: number, rowBytes: number): void;
    adam(w: number, dw: number, m: number, v: number, nBytes: number, ...f: number[]): number;
    decodeHalf(src: number, dst: number, dstBytes: number): void;
  };
  return {
    backend: 'wasm',
    heap: new Float32Array(memory.buffer, 0, floats),
    forward: (x, w, z, n, c, rf) => ex.forward(x * 4, w * 4, z * 4, n, c, rf * 4),
    gradW: (x, g, dw, n, c, rf) => ex.gradW(x * 4, g * 4, dw * 4, n, c, rf * 4),
    adam: (w, dw, m, v, n, p) =>
      ex.adam(w * 4, dw * 4, m * 4, v * 4, n * 4, p.beta1, p.beta2, p.stepSize, p.invSqrtBias2, p.eps, p.l1Step, p.l2Coef, p.l1Grad),
    decodeHalf: (src, dst, n) => ex.decodeHalf(src * 4, dst * 4, n * 4),
  };
}

// ---------------------------------------------------------------- wasm kernels

function hsum(f: FunctionBuilder, acc: number): void {
  f.get(acc).simd(SIMD.extractF32).op(0);
  for (let lane = 1; lane < 4; lane++) f.get(acc).simd(SIMD.extractF32).op(lane).op(F32_ADD);
}

/** `classes & ~1`, and a block run once more for the last class when `classes` is odd. */
function classPairs(f: FunctionBuilder, classes: number, c: number, block: (k: 1 | 2) => void): void {
  const pairs = f.local(I32);
  f.get(classes).i32(-2).op(I32_AND).set(pairs);
  f.forLoop(c, () => f.i32(0), pairs, 2, () => block(2));
  f.get(classes).i32(1).op(I32_AND).ifElse(() => {
    f.get(pairs).set(c);
    block(1);
  }, () => {});
}

/**
 * Z[r][c] = Σ_d X[r][d]·W[c][d], four rows × two classes at a time, so each X load feeds two
 * products and each W load four (eight accumulators fit the 16 SIMD registers of x86-64).
 * Each (row, class) sum is accumulated in the same order as one row-class pair at a time would.
 */
function buildForward(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32], []);
  const [x, w, z, nRows, classes, rowBytes] = [0, 1, 2, 3, 4, 5];
  const r = f.local(I32), c = f.local(I32), d = f.local(I32), zp = f.local(I32), zStride = f.local(I32);
  const xp = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const wp = [f.local(I32), f.local(I32)];
  const acc = [0, 1].map(() => [f.local(V128), f.local(V128), f.local(V128), f.local(V128)]);
  const wv = [f.local(V128), f.local(V128)];
  const xv = f.local(V128);
  f.get(classes).i32(4).op(I32_MUL).set(zStride);
  f.forLoop(r, () => f.i32(0), nRows, 4, () => {
    f.get(x).get(r).get(rowBytes).op(I32_MUL).op(I32_ADD).set(xp[0]);
    for (let k = 1; k < 4; k++) f.get(xp[k - 1]).get(rowBytes).op(I32_ADD).set(xp[k]);
    classPairs(f, classes, c, (n) => {
      for (let j = 0; j < n; j++) {
        f.get(w).get(c).i32(j).op(I32_ADD).get(rowBytes).op(I32_MUL).op(I32_ADD).set(wp[j]);
        for (const a of acc[j]) f.v128f32(0).set(a);
      }
      f.forLoop(d, () => f.i32(0), rowBytes, 16, () => {
        for (let j = 0; j < n; j++) f.get(wp[j]).get(d).op(I32_ADD).loadV128().set(wv[j]);
        for (let k = 0; k < 4; k++) {
          f.get(xp[k]).get(d).op(I32_ADD).loadV128().set(xv);
          for (let j = 0; j < n; j++) f.get(acc[j][k]).get(xv).get(wv[j]).simd(SIMD.mulF32).simd(SIMD.addF32).set(acc[j][k]);
        }
      });
      for (let j = 0; j < n; j++) {
        // zp = z + (r·C + c + j)·4, then one store per row
        f.get(z).get(r).get(classes).op(I32_MUL).get(c).op(I32_ADD).i32(j).op(I32_ADD).i32(4).op(I32_MUL).op(I32_ADD).set(zp);
        for (let k = 0; k < 4; k++) {
          f.get(zp);
          hsum(f, acc[j][k]);
          f.storeF32();
          f.get(zp).get(zStride).op(I32_ADD).set(zp);
        }
      }
    });
  });
  return f;
}

/**
 * dW[c][d] = Σ_r G[r][c]·X[r][d], two classes × four rows at a time (each X load feeds both
 * classes); the first block of rows overwrites, later ones accumulate, in the same order as
 * one class at a time.
 */
function buildGradW(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32], []);
  const [x, g, dw, nRows, classes, rowBytes] = [0, 1, 2, 3, 4, 5];
  const c = f.local(I32), r = f.local(I32), d = f.local(I32), gp = f.local(I32), zStride = f.local(I32);
  const dwp = [f.local(I32), f.local(I32)];
  const xp = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const gv = [0, 1].map(() => [f.local(V128), f.local(V128), f.local(V128), f.local(V128)]);
  const xv = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.get(classes).i32(4).op(I32_MUL).set(zStride);
  const weighted = (j: number) => {
    for (let k = 0; k < 4; k++) {
      f.get(xv[k]).get(gv[j][k]).simd(SIMD.mulF32);
      if (k > 0) f.simd(SIMD.addF32);
    }
  };
  classPairs(f, classes, c, (n) => {
    for (let j = 0; j < n; j++) f.get(dw).get(c).i32(j).op(I32_ADD).get(rowBytes).op(I32_MUL).op(I32_ADD).set(dwp[j]);
    f.forLoop(r, () => f.i32(0), nRows, 4, () => {
      f.get(x).get(r).get(rowBytes).op(I32_MUL).op(I32_ADD).set(xp[0]);
      for (let k = 1; k < 4; k++) f.get(xp[k - 1]).get(rowBytes).op(I32_ADD).set(xp[k]);
      for (let j = 0; j < n; j++) {
        f.get(g).get(r).get(classes).op(I32_MUL).get(c).op(I32_ADD).i32(j).op(I32_ADD).i32(4).op(I32_MUL).op(I32_ADD).set(gp);
        for (let k = 0; k < 4; k++) {
          f.get(gp).loadF32().simd(SIMD.splatF32).set(gv[j][k]);
          f.get(gp).get(zStride).op(I32_ADD).set(gp);
        }
      }
      const loadX = () => {
        for (let k = 0; k < 4; k++) f.get(xp[k]).get(d).op(I32_ADD).loadV128().set(xv[k]);
      };
      f.get(r).op(I32_EQZ).ifElse(
        () =>
          f.forLoop(d, () => f.i32(0), rowBytes, 16, () => {
            loadX();
            for (let j = 0; j < n; j++) {
              f.get(dwp[j]).get(d).op(I32_ADD);
              weighted(j);
              f.storeV128();
            }
          }),
        () =>
          f.forLoop(d, () => f.i32(0), rowBytes, 16, () => {
            loadX();
            for (let j = 0; j < n; j++) {
              f.get(dwp[j]).get(d).op(I32_ADD);
              f.get(dwp[j]).get(d).op(I32_ADD).loadV128();
              weighted(j);
              f.simd(SIMD.addF32).storeV128();
            }
          }),
      );
    });
  });
  return f;
}

/** Adam (PyTorch form) with added L2 and L1-gradient terms, then w ← sign(w)·max(|w| − lr·λ1/denom, 0). */
function buildAdam(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32], [F32]);
  const [w, dw, m, v, nBytes] = [0, 1, 2, 3, 4];
  const [beta1, beta2, stepSize, invSqrtBias2, eps, l1Step, l2Coef, l1Grad] = [5, 6, 7, 8, 9, 10, 11, 12];
  const i = f.local(I32);
  const splat = (p: number) => {
    const l = f.local(V128);
    f.get(p).simd(SIMD.splatF32).set(l);
    return l;
  };
  const vb1 = splat(beta1), vb2 = splat(beta2), vStep = splat(stepSize), vInv = splat(invSqrtBias2);
  const vEps = splat(eps), vL1 = splat(l1Step), vL2 = splat(l2Coef), vL1g = splat(l1Grad);
  const v1b1 = f.local(V128), v1b2 = f.local(V128), sign = f.local(V128), ss = f.local(V128);
  const wv = f.local(V128), gv = f.local(V128), mv = f.local(V128), vv = f.local(V128), den = f.local(V128);
  f.v128f32(1).get(vb1).simd(SIMD.subF32).set(v1b1);
  f.v128f32(1).get(vb2).simd(SIMD.subF32).set(v1b2);
  f.v128i32(0x80000000 | 0).set(sign);
  f.v128f32(0).set(ss);
  const at = (base: number) => f.get(base).get(i).op(I32_ADD);
  f.forLoop(i, () => f.i32(0), nBytes, 16, () => {
    at(w).loadV128().set(wv);
    at(dw).loadV128().get(vL2).get(wv).simd(SIMD.mulF32).simd(SIMD.addF32);
    // + l1Grad·sign(w): l1Grad with w's sign bit, masked to 0 where w = 0
    f.get(wv).get(vL1g).get(sign).simd(SIMD.bitselect);
    f.get(wv).v128f32(0).simd(SIMD.neF32).simd(SIMD.and);
    f.simd(SIMD.addF32).set(gv);
    at(m);
    f.get(vb1);
    at(m).loadV128().simd(SIMD.mulF32).get(v1b1).get(gv).simd(SIMD.mulF32).simd(SIMD.addF32).tee(mv).storeV128();
    at(v);
    f.get(vb2);
    at(v).loadV128().simd(SIMD.mulF32).get(v1b2).get(gv).simd(SIMD.mulF32).get(gv).simd(SIMD.mulF32).simd(SIMD.addF32).tee(vv).storeV128();
    f.get(vv).simd(SIMD.sqrtF32).get(vInv).simd(SIMD.mulF32).get(vEps).simd(SIMD.addF32).set(den);
    f.get(wv).get(vStep).get(mv).simd(SIMD.mulF32).get(den).simd(SIMD.divF32).simd(SIMD.subF32).set(wv);
    // magnitude max(|w| − l1/den, 0), sign of w
    f.get(wv);
    f.get(wv).simd(SIMD.absF32).get(vL1).get(den).simd(SIMD.divF32).simd(SIMD.subF32).v128f32(0).simd(SIMD.maxF32);
    f.get(sign).simd(SIMD.bitselect).set(wv);
    at(w).get(wv).storeV128();
    f.get(ss).get(wv).get(wv).simd(SIMD.mulF32).simd(SIMD.addF32).set(ss);
  });
  hsum(f, ss);
  return f;
}

/**
 * float16 bits → float32, four at a time: sign to bit 31; exponent and mantissa shifted into
 * place with the exponent rebiased (+112), once more for Inf/NaN (exponent 31 → 255);
 * subnormals (exponent 0) as mantissa · 2⁻²⁴ through an integer conversion, so no
 * float32 subnormal ever reaches the arithmetic (x86 handles those slowly).
 */
function buildDecodeHalf(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32], []);
  const [src, dst, dstBytes] = [0, 1, 2];
  const i = f.local(I32);
  const h = f.local(V128), em = f.local(V128), bits = f.local(V128);
  f.forLoop(i, () => f.i32(0), dstBytes, 16, () => {
    f.get(src).get(i).i32(1).op(I32_SHR_U).op(I32_ADD).load16x4U().set(h);
    f.get(h).v128i32(0x7fff).simd(SIMD.and).set(em);
    // normal: (em << 13) + (112 << 23), and + (112 << 23) again where em ≥ 0x7c00
    f.get(em).i32(13).simd(SIMD.shlI32).v128i32(112 << 23).simd(SIMD.addI32);
    f.get(em).v128i32(0x7c00).simd(SIMD.geI32).v128i32(112 << 23).simd(SIMD.and).simd(SIMD.addI32).set(bits);
    // subnormal or zero where em < 0x400: f32(em) · 2⁻²⁴
    f.get(em).simd(SIMD.convertI32F32).v128f32(2 ** -24).simd(SIMD.mulF32);
    f.get(bits);
    f.get(em).v128i32(0x400).simd(SIMD.ltI32);
    f.simd(SIMD.bitselect);
    // sign
    f.get(h).v128i32(0x8000).simd(SIMD.and).i32(16).simd(SIMD.shlI32).simd(SIMD.or).set(bits);
    f.get(dst).get(i).op(I32_ADD).get(bits).storeV128();
  });
  return f;
}

// ---------------------------------------------------------------- JS twin

function jsKernels(heap: Float32Array): Kernels {
  return {
    backend: 'js',
    heap,
    // Four rows per pass, like the wasm kernels: each W (or dW) element loaded once feeds four rows.
    forward(x, w, z, nRows, classes, rf) {
      for (let r = 0; r < nRows; r += 4) {
        const x0 = x + r * rf, x1 = x0 + rf, x2 = x1 + rf, x3 = x2 + rf;
        for (let c = 0; c < classes; c++) {
          const wo = w + c * rf;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          for (let d = 0; d < rf; d++) {
            const wv = heap[wo + d];
            a0 += heap[x0 + d] * wv;
            a1 += heap[x1 + d] * wv;
            a2 += heap[x2 + d] * wv;
            a3 += heap[x3 + d] * wv;
          }
          const zo = z + r * classes + c;
          heap[zo] = a0;
          heap[zo + classes] = a1;
          heap[zo + 2 * classes] = a2;
          heap[zo + 3 * classes] = a3;
        }
      }
    },
    gradW(x, g, dw, nRows, classes, rf) {
      for (let c = 0; c < classes; c++) {
        const o = dw + c * rf;
        heap.fill(0, o, o + rf);
        for (let r = 0; r < nRows; r += 4) {
          const go = g + r * classes + c;
          const g0 = heap[go], g1 = heap[go + classes], g2 = heap[go + 2 * classes], g3 = heap[go + 3 * classes];
          const x0 = x + r * rf, x1 = x0 + rf, x2 = x1 + rf, x3 = x2 + rf;
          for (let d = 0; d < rf; d++) {
            heap[o + d] += g0 * heap[x0 + d] + g1 * heap[x1 + d] + g2 * heap[x2 + d] + g3 * heap[x3 + d];
          }
        }
      }
    },
    adam(w, dw, m, v, n, p) {
      let ss = 0;
      for (let i = 0; i < n; i++) {
        let wi = heap[w + i];
        const gi = heap[dw + i] + p.l2Coef * wi + (wi > 0 ? p.l1Grad : wi < 0 ? -p.l1Grad : 0);
        const mi = (heap[m + i] = p.beta1 * heap[m + i] + (1 - p.beta1) * gi);
        const vi = (heap[v + i] = p.beta2 * heap[v + i] + (1 - p.beta2) * gi * gi);
        const den = Math.sqrt(vi) * p.invSqrtBias2 + p.eps;
        wi -= (p.stepSize * mi) / den;
        const mag = Math.abs(wi) - p.l1Step / den;
        wi = mag > 0 ? (wi > 0 ? mag : -mag) : 0;
        heap[w + i] = wi;
        ss += wi * wi;
      }
      return ss;
    },
    decodeHalf(src, dst, n) {
      const halves = new Uint16Array(heap.buffer, heap.byteOffset + src * 4, n);
      for (let i = 0; i < n; i++) heap[dst + i] = halfToFloat(halves[i]);
    },
  };
}
