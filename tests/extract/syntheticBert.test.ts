/**
 * The BERT-shaped model the real-size benchmarks generate: written small here
 * (2 layers × 64, the full 30,522-word vocabulary and 512 positions), it must
 * load through the same path as a real export, be named as Optimum names it,
 * and be the same bytes for the same seed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type LoadedModel } from '../../src/core/model/loadModel';
import { readOnnxGraph } from '../../src/core/model/onnxGraph';
import { bertOnnx, BERT_BASE, writeBertFolder, type BertShape } from '../../src/node/syntheticBert';
import { fsModelSource } from '../../src/node/fsModelSource';
import { extract, modelDir, ortApi } from '../fixtures';

const SMALL: BertShape = { ...BERT_BASE, layers: 2, hidden: 64, heads: 4, intermediate: 256 };
const dir = mkdtempSync(path.join(tmpdir(), 'salient-bert-'));
let model: LoadedModel;

beforeAll(async () => {
  writeBertFolder(dir, SMALL, modelDir('tiny-bert-en'));
  model = await loadModel(fsModelSource(dir), ortApi);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Module scopes of a graph's nodes with layer numbers folded (`/encoder/layer.N/attention/self`). */
function scopes(file: string): Set<string> {
  const graph = readOnnxGraph(new Uint8Array(readFileSync(file)));
  return new Set(graph.nodes.map((n) => n.name.slice(0, n.name.lastIndexOf('/')).replace(/layer\.\d+/, 'layer.N')).filter(Boolean));
}

describe('BERT-shaped model with seeded random weights', () => {
  it('loads like an Optimum export: BERT-style taps, one per layer plus embeddings, the model window', () => {
    expect(model.tapFamily).toMatch(/^BERT-style/);
    expect(model.taps.map((t) => t.scope)).toEqual(['/embeddings/LayerNorm', '/encoder/layer.0/output/LayerNorm', '/encoder/layer.1/output/LayerNorm']);
    expect(model.hidden).toBe(64);
    expect(model.maxTokens).toBe(512);
  });

  it('uses only module scopes that the real tiny-bert-en export has', () => {
    const real = scopes(path.join(modelDir('tiny-bert-en'), 'onnx/model.onnx'));
    const ours = scopes(path.join(dir, 'onnx/model.onnx'));
    expect([...ours].filter((s) => !real.has(s))).toEqual([]);
    expect(ours.size).toBeGreaterThan(10);
  });

  it('extracts finite, varied vectors for EWT words through the tiny-bert-en tokenizer', async () => {
    const sentences = [['The', 'cat', 'sat', 'on', 'the', 'mat', '.'], ['Internationalization', 'is', 'long']];
    const { layers } = await extract(model, sentences, { aggregation: 'last' });
    const last = layers[2];
    expect(last.length).toBe(10 * 64);
    expect(last.every(Number.isFinite)).toBe(true);
    // Layer-normed rows: mean ≈ 0, variance ≈ 1, and different words differ.
    const row = (r: number) => last.subarray(r * 64, (r + 1) * 64);
    const mean = row(0).reduce((a, b) => a + b, 0) / 64;
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(row(0).reduce((a, b) => a + (b - mean) ** 2, 0) / 64).toBeCloseTo(1, 2);
    expect(row(1).some((v, i) => Math.abs(v - row(0)[i]) > 1e-3)).toBe(true);
  });

  it('writes the same bytes for the same seed and different weights for another', () => {
    const bytes = (seed: number) => Buffer.concat(bertOnnx({ ...SMALL, vocab: 100, positions: 16 }, seed));
    expect(bytes(7).equals(bytes(7))).toBe(true);
    expect(bytes(7).equals(bytes(8))).toBe(false);
  });
});
