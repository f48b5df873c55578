/**
 * Streaming a run from a row file gives the same result as holding it in memory: the whole LCA
 * recipe (probes, rankings, ablations, minimal set, layer-wise) on real activations of
 * tiny-bert-en, once from per-layer arrays and once from a file read row by row.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSubset } from '../../src/core/probe/features';
import { DEFAULT_SETTINGS, evaluateRun, runTask } from '../../src/core/run';
import { halfToFloat } from '../../src/core/store/float16';
import { LayeredFeatureMatrix } from '../../src/core/store/layeredFeatures';
import { interleaveLayers, RowFileFeatureMatrix, type ByteSource } from '../../src/core/store/rowFile';
import { extract, EWT_DEV, openFixtureModel, readCorpus } from '../fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'salient-rows-'));
const fds: number[] = [];
afterAll(() => {
  fds.forEach((fd) => closeSync(fd));
  rmSync(dir, { recursive: true, force: true });
});

/** Node's side of the ByteSource contract: a file descriptor, read at an offset. */
function fileSource(file: string): ByteSource {
  const fd = openSync(file, 'r');
  fds.push(fd);
  return { read: (into, { at }) => readSync(fd, into, 0, into.byteLength, at) };
}

/** The stored layers written as a row file, in blocks of `block` rows as the browser fills it. */
function writeRowFile(name: string, layers: readonly Uint16Array[], rows: number, hidden: number, block = 97): string {
  const file = path.join(dir, name);
  const all = new Uint16Array(rows * layers.length * hidden);
  for (let r = 0; r < rows; r += block) {
    const n = Math.min(block, rows - r);
    const part = layers.map((layer) => layer.subarray(r * hidden, (r + n) * hidden));
    interleaveLayers(part, n, hidden, all.subarray(r * layers.length * hidden));
  }
  writeFileSync(file, all);
  return file;
}

describe('row files', () => {
  const corpus = readCorpus(EWT_DEV);
  const sentences = corpus.sentences.slice(0, 120);
  const part = { ...corpus, sentences };
  let memory: LayeredFeatureMatrix;
  let streamed: RowFileFeatureMatrix;
  let hidden = 0;

  beforeAll(async () => {
    const model = await openFixtureModel();
    const { store } = await extract(model, sentences.map((s) => s.words), { aggregation: 'last' }, 'float16');
    const layers = store.layerData() as Uint16Array[];
    hidden = store.meta.hidden;
    memory = new LayeredFeatureMatrix(layers, store.meta.rows, hidden);
    streamed = new RowFileFeatureMatrix(fileSource(writeRowFile('train.rows', layers, store.meta.rows, hidden)), store.meta.rows, layers.length * hidden, 'float16');
  }, 120_000);

  it('reads the same rows and neuron values as the per-layer arrays', () => {
    const a = new Float32Array(5 * memory.dims);
    const b = new Float32Array(5 * memory.dims);
    memory.readRows(40, 5, a);
    streamed.readRows(40, 5, b);
    expect(b).toEqual(a);
    for (const neuron of [0, hidden - 1, hidden, memory.dims - 1]) expect(streamed.neuronValues(neuron)).toEqual(memory.neuronValues(neuron));
    const h1 = new Uint16Array(memory.dims);
    const h2 = new Uint16Array(memory.dims + 3);
    memory.copyHalfRow!(7, h1, 0);
    streamed.copyHalfRow!(7, h2, 3);
    expect(h2.subarray(3)).toEqual(h1);
  });

  it('copies column ranges and subsets as the decoded rows hold them', () => {
    const row = new Float32Array(memory.dims);
    memory.readRows(11, 1, row);
    const decoded = (halves: Uint16Array) => Array.from(halves, halfToFloat);
    // A range across a layer boundary, from memory and from the file.
    const [first, count] = [hidden - 5, hidden + 9];
    for (const matrix of [memory, streamed]) {
      const out = new Uint16Array(count + 2);
      matrix.copyHalfRow!(11, out, 2, first, count);
      expect(decoded(out.subarray(2))).toEqual(Array.from(row.subarray(first, first + count)));
    }
    // A layer (consecutive columns) and a scattered subset, as retraining reads them.
    for (const columns of [Int32Array.from({ length: hidden }, (_, j) => 2 * hidden + j), Int32Array.of(3, memory.dims - 1, hidden + 7, 0)]) {
      const subset = new ColumnSubset(streamed, columns);
      const out = new Uint16Array(columns.length);
      subset.copyHalfRow!(11, out, 0);
      expect(decoded(out)).toEqual(Array.from(columns, (c) => row[c]));
      const tail = new Uint16Array(2);
      subset.copyHalfRow!(11, tail, 0, 1, 2);
      expect(decoded(tail)).toEqual([row[columns[1]], row[columns[2]]]);
    }
  });

  it('gives the same LCA result as in memory, number for number', async () => {
    const settings = { ...DEFAULT_SETTINGS, task: 'upos', epochs: 3, seeds: 2 };
    const task = runTask(settings, { train: part });
    const run = (features: LayeredFeatureMatrix | RowFileFeatureMatrix) =>
      evaluateRun(settings, { model: 'tiny-bert-en', task, features: { train: features }, neuronsPerLayer: hidden });
    const [fromMemory, fromFile] = [await run(memory), await run(streamed)];
    const { timings: _a, ...expected } = fromMemory;
    const { timings: _b, ...actual } = fromFile;
    expect(actual).toEqual(expected);
    expect(fromMemory.oracle.test.accuracy).toBeGreaterThan(fromMemory.baseline!.test);
  }, 300_000);

  it('says so when the file is shorter than its rows', () => {
    const short = path.join(dir, 'short.rows');
    writeFileSync(short, new Uint8Array(10));
    const matrix = new RowFileFeatureMatrix(fileSource(short), 2, 8, 'float16');
    expect(() => matrix.readRows(0, 1, new Float32Array(8))).toThrow(/ended early: 10 of 16 bytes at byte 0/);
    expect(() => matrix.readRows(1, 2, new Float32Array(16))).toThrow(RangeError);
  });
});
