import { describe, expect, it } from 'vitest';
import type { LcaResult } from '../evaluation/types';
import { DEFAULT_SETTINGS, type RunSettings } from '../run/types';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatRoute, parseRoute, shareAddress } from './route';
import { decodeSummary, dequantizeSalience, encodeSummary, MAX_PAYLOAD_CHARS, SHARED_ORDERING, SHARED_TOP_WORD_NEURONS, SHARED_TOP_WORDS, sharedTopWords, summarize } from './summary';

const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  model: 'local/tiny-bert-en',
  onnxFile: 'onnx/model.onnx',
  corpora: [{ split: 'train', name: 'en_ewt-ud-dev.conllu', hash: 'abc123', sentences: 2001, words: 25147 }],
};

/** A result shaped like a 13 × 768 model's, with a shuffled ordering. */
function bigResult(): LcaResult {
  const total = 13 * 768;
  const ordering = Array.from({ length: total }, (_, i) => (i * 7919) % total);
  return {
    model: 'Xenova/bert-base-cased',
    task: 'upos',
    labels: ['NOUN', 'VERB', 'PUNCT'],
    layers: 13,
    neuronsPerLayer: 768,
    counts: { train: 100, dev: 20, test: 20 },
    oracle: { dev: { accuracy: 0.9, perClass: { NOUN: 0.9, VERB: 0.8, PUNCT: null } }, test: { accuracy: 0.88, perClass: { NOUN: 0.9, VERB: 0.8, PUNCT: 1 } } },
    control: { test: { accuracy: 0.5 } },
    selectivity: 0.38,
    ranking: { ordering, perClass: { NOUN: ordering.slice(0, 80), VERB: ordering.slice(5, 25), PUNCT: [3] } },
    ablation: { top: { '10': { zeroOut: 0.5, retrain: 0.8 } }, random: { '10': { zeroOut: 0.3, retrain: 0.7 } }, bottom: { '10': { zeroOut: 0.1, retrain: 0.6 } } },
    minimalSet: { size: 3, neurons: ordering.slice(0, 3), devAccuracy: 0.89 },
    layerwise: Array.from({ length: 13 }, (_, layer) => ({ layer, accuracy: 0.8 })),
    layerDistribution: Array.from({ length: 13 }, () => 1),
    timings: { total: 12 },
  };
}

const weights = (classes: number, dims: number) => ({ classes, dims, values: Float32Array.from({ length: classes * dims }, (_, i) => Math.abs(Math.sin(i))) });
const perClassLayers = { NOUN: new Array(13).fill(2), VERB: new Array(13).fill(1), PUNCT: new Array(13).fill(0) };

describe('routes', () => {
  it('round-trips every kind of route', () => {
    const routes = [
      { kind: 'home' },
      { kind: 'run', id: 'mabc-12x', view: 'heatmap' },
      { kind: 'run', id: 'mabc-12x', view: 'accuracy' },
      { kind: 'run', id: 'mabc-12x', view: 'neuron', neuron: { layer: 3, unit: 711 } },
      { kind: 'share', payload: 'v1.AbC_-9', view: 'neuron', neuron: { layer: 0, unit: 0 } },
      { kind: 'compare', a: 'a1', b: 'b2' },
      { kind: 'properties', ids: ['a1', 'b2', 'c3'] as string[] },
      { kind: 'run', id: 'mabc-12x', view: 'search' },
    ] as const;
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute({ kind: 'run', id: 'x', view: 'neuron', neuron: { layer: 2, unit: 5 } })).toBe('#/run/x/layer/2/neuron/5');
  });

  it('explains links it cannot read', () => {
    expect(parseRoute('#/nowhere')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('no page') });
    expect(parseRoute('#/run/UPPER')).toMatchObject({ kind: 'invalid' });
    expect(parseRoute('#/run/ok/layer/x/neuron/1')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('not a view') });
    expect(parseRoute('#/share/<script>')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('characters') });
    expect(parseRoute('#/compare/a')).toMatchObject({ kind: 'invalid' });
    expect(parseRoute('#/properties/a')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('2 to 12 runs') });
  });
});

describe('share addresses', () => {
  it('point at the public copy only when this one runs on localhost and a public copy is configured', () => {
    const lab = 'https://lab.example.org/salient/';
    expect(shareAddress(new URL('http://127.0.0.1:5173/#/run/x'), lab)).toEqual({ base: lab, public: true });
    expect(shareAddress(new URL('http://localhost:4173/sub/index.html?hub=h#/'), lab)).toEqual({ base: lab, public: true });
    expect(shareAddress(new URL('https://pages.example.io/salient/?hub=h#/run/x'), lab)).toEqual({ base: 'https://pages.example.io/salient/', public: false });
    expect(shareAddress(new URL('http://127.0.0.1:5173/'), '')).toEqual({ base: 'http://127.0.0.1:5173/', public: false });
  });
});

describe('share summaries', () => {
  it('say which version of Salient made them, and links from before that still open', async () => {
    const summary = summarize(settings, bigResult(), perClassLayers);
    expect((await decodeSummary(await encodeSummary({ ...summary, app: '0.1.0' }))).app).toBe('0.1.0');
    expect((await decodeSummary(await encodeSummary(summary))).app).toBeUndefined();
  });

  it('round-trip through a link of a few kilobytes, even for 13 × 768 neurons', async () => {
    const result = bigResult();
    const summary = summarize(settings, result, perClassLayers, weights(3, 13 * 768));
    const payload = await encodeSummary(summary);
    expect(payload.startsWith('v1.')).toBe(true);
    expect(payload.length).toBeLessThan(40_000);
    const decoded = await decodeSummary(payload);
    expect(decoded.settings).toEqual(settings);
    expect(decoded.result.oracle).toEqual(result.oracle);
    expect(decoded.result.ablation).toEqual(result.ablation);
    expect(decoded.result.ranking.ordering).toEqual(result.ranking.ordering.slice(0, SHARED_ORDERING));
    expect(decoded.result.ranking.perClass.NOUN).toHaveLength(50);
    expect(decoded.totalNeurons).toBe(13 * 768);
    // Salience survives within the quantisation step (√-scaled bytes).
    const salience = dequantizeSalience(decoded.salience!);
    const w = weights(3, 13 * 768);
    const maxOf = (i: number) => Math.max(w.values[i], w.values[13 * 768 + i], w.values[2 * 13 * 768 + i]);
    for (const i of [0, 17, 5000, 9983]) expect(Math.abs(salience[i] - maxOf(i))).toBeLessThan(0.01);
  });

  it('carries the top words of the top 100 neurons, 10 each, in a link under 64 kB', async () => {
    // Real words (EWT dev), scores in [0, 1]: the link's size with the evidence in it.
    const ewt = readFileSync(path.resolve(import.meta.dirname, '../../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu'), 'utf8');
    const vocabulary = [...new Set(ewt.split('\n').filter((l) => /^\d+\t/.test(l)).map((l) => l.split('\t')[1]))];
    const result = bigResult();
    const words: Record<number, { word: string; score: number }[]> = {};
    result.ranking.ordering.slice(0, 300).forEach((n, i) => {
      words[n] = Array.from({ length: 20 }, (_, j) => ({ word: vocabulary[(i * 131 + j * 977) % vocabulary.length], score: 1 / (1 + j) - (i % 7) * 1e-4 }));
    });
    words[result.ranking.ordering[0]][0].word = 'x'.repeat(80);
    const payload = await encodeSummary(summarize(settings, result, perClassLayers, weights(3, 13 * 768), words));
    expect(payload.length).toBeLessThan(64_000);
    const decoded = await decodeSummary(payload);
    const carried = sharedTopWords(decoded);
    expect(Object.keys(carried)).toHaveLength(SHARED_TOP_WORD_NEURONS);
    const second = result.ranking.ordering[1];
    expect(carried[second].map((w) => w.word)).toEqual(words[second].slice(0, SHARED_TOP_WORDS).map((w) => w.word));
    expect(carried[second][3].score).toBeCloseTo(words[second][3].score, 3);
    expect(carried[result.ranking.ordering[0]][0].word).toHaveLength(40);
    // Top words for a neuron that is not there are refused.
    const summary = summarize(settings, result, perClassLayers, undefined, words);
    summary.topWords!.neurons[0] = 13 * 768;
    await expect(decodeSummary(await encodeSummary(summary))).rejects.toThrow(/top words/);
  });

  it('rejects damaged, truncated, foreign and oversized links with a reason', async () => {
    const payload = await encodeSummary(summarize(settings, bigResult(), perClassLayers));
    await expect(decodeSummary(payload.slice(0, payload.length >> 1))).rejects.toThrow(/damaged|truncated/);
    await expect(decodeSummary(payload.replace('v1.', 'v2.'))).rejects.toThrow(/version 2, made by a newer Salient.*up-to-date copy/);
    await expect(decodeSummary(payload.replace('v1.', 'v0.'))).rejects.toThrow(/version 0, which no Salient makes/);
    await expect(decodeSummary('hello')).rejects.toThrow(/version mark/);
    await expect(decodeSummary(`v1.${'A'.repeat(MAX_PAYLOAD_CHARS)}`)).rejects.toThrow(/too long/);
    await expect(decodeSummary('v1.ab+c/')).rejects.toThrow(/characters/);
  });

  it('checks every field and index against the declared shape', async () => {
    const tamper = async (edit: (s: ReturnType<typeof summarize>) => void) => {
      const summary = summarize(settings, bigResult(), perClassLayers);
      edit(summary);
      return decodeSummary(await encodeSummary(summary));
    };
    await expect(tamper((s) => (s.result.ranking.ordering[0] = 13 * 768))).rejects.toThrow(/neuron index/);
    await expect(tamper((s) => (s.result.oracle.test.accuracy = 7))).rejects.toThrow(/oracle\.test\.accuracy/);
    await expect(tamper((s) => (s.result.ranking.perClass['ADJ'] = [1]))).rejects.toThrow(/class/);
    await expect(tamper((s) => (s.result.layerDistribution = [1, 2]))).rejects.toThrow(/layer distribution/);
    await expect(tamper((s) => ((s.settings as { aggregation: string }).aggregation = '<b>x</b>'))).rejects.toThrow(/aggregation/);
  });

  it('refuses a link that inflates to far more than a summary (a zip bomb)', async () => {
    const zeros = new Uint8Array(20_000_000);
    const stream = new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const payload = 'v1.' + Buffer.from(bytes).toString('base64url');
    await expect(decodeSummary(payload)).rejects.toThrow(/more data/);
  });
});
