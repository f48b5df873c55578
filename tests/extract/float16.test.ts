import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/core/model/loadModel';
import { MemoryActivationStore, type ActivationMeta } from '../../src/core/store/activationStore';
import { decodeHalf, encodeHalf, floatToHalf, halfToFloat } from '../../src/core/store/float16';
import { EWT_DEV, extract, maxAbsDiff, openFixtureModel, readCorpus } from '../fixtures';

const MIN_NORMAL = 2 ** -14;
const MAX_HALF = 65504;

/** Independent reference: the half nearest to x (ties to even), computed in float64. */
function referenceHalf(x: number): number {
  if (Number.isNaN(x) || !Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const q = a / ulp; // exact: division by a power of two
  let r = Math.floor(q);
  const rest = q - r;
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r++;
  const v = r * ulp;
  return Math.sign(x) * (v > MAX_HALF ? Infinity : v);
}

const roundTrip = (values: number[]): number[] => [...decodeHalf(encodeHalf(Float32Array.from(values)))];

describe('float16 conversion, exact cases', () => {
  it('round-trips every one of the 65536 half values (NaNs stay NaN)', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, h) => h);
    const floats = decodeHalf(all);
    const back = encodeHalf(floats);
    let nans = 0;
    for (let h = 0; h < 65536; h++) {
      if (Number.isNaN(floats[h])) {
        nans++;
        if (!Number.isNaN(halfToFloat(back[h]))) expect.fail(`NaN half 0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
      } else if (back[h] !== h) {
        expect.fail(`half 0x${h.toString(16)} (${floats[h]}) came back as 0x${back[h].toString(16)}`);
      }
    }
    expect(nans).toBe(2 * 1023);
  });

  it('keeps 0, -0, ±Infinity and NaN', () => {
    expect([...encodeHalf(Float32Array.from([0, -0, Infinity, -Infinity]))]).toEqual([0x0000, 0x8000, 0x7c00, 0xfc00]);
    const [zero, negZero, inf, negInf, nan] = roundTrip([0, -0, Infinity, -Infinity, NaN]);
    expect(Object.is(zero, 0)).toBe(true);
    expect(Object.is(negZero, -0)).toBe(true);
    expect(inf).toBe(Infinity);
    expect(negInf).toBe(-Infinity);
    expect(nan).toBeNaN();
  });

  it('represents subnormals exactly and flushes what is below half the smallest one', () => {
    const tiny = 2 ** -24;
    expect(roundTrip([tiny, 2 * tiny, 1023 * tiny, -5 * tiny])).toEqual([tiny, 2 * tiny, 1023 * tiny, -5 * tiny]);
    expect(floatToHalf(tiny)).toBe(0x0001);
    expect(floatToHalf(1023 * tiny)).toBe(0x03ff);
    expect(floatToHalf(MIN_NORMAL)).toBe(0x0400);
    expect(roundTrip([0.75 * tiny, 0.5000001 * tiny])).toEqual([tiny, tiny]);
    expect(Object.is(roundTrip([-0.25 * tiny])[0], -0)).toBe(true);
    expect(roundTrip([1e-40, -1e-40]).map((v) => Object.is(v, 0) || Object.is(v, -0))).toEqual([true, true]); // float32 subnormals
  });

  it('rounds ties to even', () => {
    const tiny = 2 ** -24;
    const cases: [number, number][] = [
      [1 + 2 ** -11, 1], // between 1 (even) and 1 + 2^-10 (odd)
      [1 + 3 * 2 ** -11, 1 + 2 ** -9], // between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
      [-(1 + 2 ** -11), -1],
      [2049, 2048],
      [2051, 2052],
      [0.5 * tiny, 0], // between 0 (even) and the smallest subnormal
      [1.5 * tiny, 2 * tiny],
      [2.5 * tiny, 2 * tiny],
      [MIN_NORMAL - 0.5 * tiny, MIN_NORMAL], // largest subnormal (odd) vs smallest normal (even)
      [65504, 65504],
      [65519, 65504], // just below the tie
      [65520, Infinity], // tie between 65504 (odd) and 2^16 (even, overflows)
      [1e6, Infinity],
      [-1e6, -Infinity],
    ];
    for (const [input, expected] of cases) {
      expect(Math.fround(input), `${input} is a float32`).toBe(input);
      expect(roundTrip([input])[0], String(input)).toBe(expected);
      expect(referenceHalf(input), `reference for ${input}`).toBe(expected);
    }
    // Just off a tie rounds to nearest.
    expect(roundTrip([Math.fround(1 + 2 ** -11 + 2 ** -20)])[0]).toBe(1 + 2 ** -10);
  });

  it('agrees with the float64 reference on random float32 bit patterns', () => {
    const bits = new Uint32Array(200_000);
    let state = 12345;
    for (let i = 0; i < bits.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bits[i] = state;
    }
    const floats = new Float32Array(bits.buffer);
    const decoded = decodeHalf(encodeHalf(floats));
    for (let i = 0; i < floats.length; i++) {
      const want = referenceHalf(floats[i]);
      if (!Object.is(decoded[i], want) && !(Number.isNaN(want) && Number.isNaN(decoded[i]))) {
        expect.fail(`0x${bits[i].toString(16)} (${floats[i]}): got ${decoded[i]}, want ${want}`);
      }
    }
  });
});

describe('float16 on real tiny-bert-en activations', () => {
  let model: LoadedModel;
  let sentences: string[][];
  let layers: Float32Array[];
  let meta: ActivationMeta;

  beforeAll(async () => {
    model = await openFixtureModel('tiny-bert-en');
    sentences = readCorpus(EWT_DEV).sentences.slice(0, 50).map((s) => s.words);
    ({ layers, store: { meta } } = await extract(model, sentences));
  });

  it('loses at most 2^-11 relative on normal values, matching the reference rounding', () => {
    let normals = 0;
    let small = 0;
    let maxRel = 0;
    let maxAbsSmall = 0;
    let maxAbs = 0;
    let largest = 0;
    let mismatches = 0;
    for (const values of layers) {
      const back = decodeHalf(encodeHalf(values));
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        largest = Math.max(largest, Math.abs(x));
        const err = Math.abs(back[i] - x);
        maxAbs = Math.max(maxAbs, err);
        if (back[i] !== referenceHalf(x)) mismatches++;
        if (Math.abs(x) >= MIN_NORMAL) {
          normals++;
          maxRel = Math.max(maxRel, err / Math.abs(x));
        } else {
          small++;
          maxAbsSmall = Math.max(maxAbsSmall, err);
        }
      }
    }
    console.log(
      `float16 on ${layers.length} layers × ${layers[0].length / model.hidden} words × ${model.hidden}: ${normals} normal values, ${small} below 2^-14; ` +
        `max |x| ${largest.toFixed(2)}, max rel err ${maxRel.toExponential(3)} (2^-11 = ${(2 ** -11).toExponential(3)}), max abs err ${maxAbs.toExponential(3)}, max abs err below 2^-14 ${maxAbsSmall.toExponential(3)}`,
    );
    expect(mismatches).toBe(0);
    expect(normals).toBeGreaterThan(1_000_000);
    expect(largest).toBeLessThan(MAX_HALF);
    expect(maxRel).toBeLessThanOrEqual(2 ** -11);
    expect(maxAbsSmall).toBeLessThanOrEqual(2 ** -25);
  });

  it('MemoryActivationStore returns what was written (float32 exactly, float16 as rounded)', async () => {
    const rows = layers[0].length / model.hidden;
    const split = 123;
    const H = model.hidden;
    for (const dtype of ['float32', 'float16'] as const) {
      const store = new MemoryActivationStore({ ...meta, dtype, complete: false });
      // Out of order, in two blocks.
      await store.writeRows(split, layers.map((l) => l.slice(split * H)));
      await store.writeRows(0, layers.map((l) => l.slice(0, split * H)));
      await store.finish();
      expect(store.meta.complete).toBe(true);
      expect(store.byteSize()).toBe(layers.length * rows * H * (dtype === 'float16' ? 2 : 4));
      for (const [l, values] of layers.entries()) {
        const read = await store.readLayer(l);
        expect(read.length).toBe(values.length);
        const want = dtype === 'float32' ? values : decodeHalf(encodeHalf(values));
        expect(maxAbsDiff(read, want), `${dtype} layer ${l}`).toBe(0);
      }
    }
  });

  it('extracting straight into a float16 store gives the rounded float32 extraction', async () => {
    const half = await extract(model, sentences, {}, 'float16');
    expect(half.store.byteSize() * 2).toBe(layers.length * layers[0].length * 4);
    for (const [l, values] of layers.entries()) {
      expect(maxAbsDiff(await half.store.readLayer(l), decodeHalf(encodeHalf(values)))).toBe(0);
    }
  });
});
