/**
 * A token budget per forward pass bounds the runtime's memory by the budget rather than by the
 * corpus's longest sentences, and changes no word's vector (padding is masked).
 */
import { describe, expect, it } from 'vitest';
import { extract, EWT_DEV, maxAbsDiff, openFixtureModel, readCorpus } from '../fixtures';

describe('batches under a token budget', () => {
  it('hold the same vectors as fixed-size batches, with less padding', async () => {
    const model = await openFixtureModel();
    // The 60 longest sentences of EWT dev, where batches of 32 are widest.
    const sentences = readCorpus(EWT_DEV)
      .sentences.map((s) => s.words)
      .sort((a, b) => b.length - a.length)
      .slice(0, 60);
    const wide = await extract(model, sentences, { aggregation: 'last', maxBatchTokens: Number.MAX_SAFE_INTEGER });
    const bounded = await extract(model, sentences, { aggregation: 'last', maxBatchTokens: 256 });
    wide.layers.forEach((layer, l) => expect(maxAbsDiff(bounded.layers[l], layer)).toBeLessThan(1e-5));
    expect(bounded.summary.work.paddedTokens).toBeLessThan(wide.summary.work.paddedTokens);
    expect(bounded.summary.rows).toBe(wide.summary.rows);
  }, 120_000);
});
