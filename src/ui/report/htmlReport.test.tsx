import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../core/run/types';
import { DEFAULT_SETTINGS } from '../../core/run/types';
import { htmlReport } from './htmlReport';

/** A small finished run (3 layers × 8 neurons, 2 classes) with every stage filled in. */
function run(): RunRecord {
  const ordering = Array.from({ length: 24 }, (_, i) => (i * 5) % 24);
  const score = { accuracy: 0.9, perClass: { NOUN: 0.95, 'A<b>': 0.8 } };
  return {
    id: 'r1',
    createdAt: '',
    status: 'done',
    settings: { ...DEFAULT_SETTINGS, model: 'local/tiny <model>', onnxFile: 'onnx/model.onnx', corpora: [{ split: 'train', name: 'x.conllu', hash: 'abcdef0123456789', sentences: 3, words: 30 }] },
    activationIds: {},
    result: {
      model: 'm', task: 'upos', labels: ['NOUN', 'A<b>'], layers: 3, neuronsPerLayer: 8, counts: { train: 20, dev: 5, test: 5 },
      oracle: { dev: score, test: score }, control: { test: { accuracy: 0.5 } }, selectivity: 0.4,
      ranking: { ordering, perClass: { NOUN: ordering.slice(0, 4), 'A<b>': ordering.slice(2, 5) } },
      ablation: { top: { '10': { zeroOut: 0.5, retrain: 0.8 } }, random: { '10': { zeroOut: 0.3, retrain: 0.6 } }, bottom: { '10': { zeroOut: 0.2, retrain: 0.4 } } },
      minimalSet: { size: 4, neurons: ordering.slice(0, 4), devAccuracy: 0.88 },
      layerwise: [0, 1, 2].map((layer) => ({ layer, accuracy: 0.7 })),
      layerDistribution: [1, 2, 1],
      timings: {},
    },
  };
}

describe('the HTML report', () => {
  const neurons = [0, 5].map((neuron) => ({
    neuron,
    topWords: [{ word: '<script>alert(1)</script>', score: 1 }, { word: 'cats', score: 0.5 }],
    sentences: [{ words: ['The', 'cats', 'sat'], values: [0.1, -2, 1] }],
    histogram: { min: -2, max: 1, counts: [1, 4, 2] },
  }));
  const html = htmlReport(run(), neurons, new Date('2026-01-01T00:00:00Z'));

  it('is one document with no script and no external reference', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('local/tiny &lt;model&gt;');
  });

  it('holds every chart as inline SVG, the tables and the top neurons', () => {
    expect(html).toContain('data-chart="heatmap"');
    expect(html.match(/<rect x="\d+" y="\d+" width="2" height="15"/g)).toHaveLength(24);
    for (const id of ['chart-report-layers', 'class-layer-grid', 'chart-oracle', 'chart-ablation-retrain', 'chart-ablation-zeroOut', 'chart-layerwise', 'accuracy-tables', 'report-settings', 'report-classes']) {
      expect(html, id).toContain(`data-testid="${id}"`);
    }
    expect(html.match(/data-testid="report-neuron"/g)).toHaveLength(2);
    expect(html.match(/data-chart="histogram"/g)).toHaveLength(2);
    expect(html.match(/data-testid="activation-text"/g)).toHaveLength(2);
    expect(html).toContain('A&lt;b&gt;');
  });
});
