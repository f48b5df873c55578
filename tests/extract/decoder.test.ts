/**
 * Decoders (the llama and gpt2-with-past fixtures): window cap, windowing for a
 * causal model, and word alignment (last subword, per-tokenizer specials,
 * padding- and batch-invariance through position_ids and the empty past).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignWords, layoutRows, planWindows, segmentSentences } from '../../src/core/extract/segments';
import { buildInputs, loadModel, type LoadedModel } from '../../src/core/model/loadModel';
import { fsModelSource } from '../../src/node/fsModelSource';
import { EWT_DEV, extract, isZero, maxAbsDiff, MODELS, ortApi, readCorpus, rowOf } from '../fixtures';

const openArch = (name: string) => loadModel(fsModelSource(path.join(MODELS, 'arch', name)), ortApi);

describe('decoder window cap', () => {
  it('is max_position_embeddings (n_positions for GPT-2), not the tokenizer’s model_max_length', async () => {
    const llama = await openArch('llama');
    expect(llama.maxTokens).toBe(2048); // its (BERT) tokenizer_config says 128
    expect(llama.decoder).toEqual({ past: expect.any(Array), kvHeads: 2, headDim: 16 });
    expect(llama.decoder!.past).toHaveLength(6);
    const gpt2 = await openArch('gpt2-with-past');
    expect(gpt2.maxTokens).toBe(128);
    expect(gpt2.decoder!.kvHeads).toBe(4);
  });
});

describe('causal windowing', () => {
  it('assigns each word the window that gives it the most left context', () => {
    const lengths = Array(10).fill(2);
    const windows = planWindows(lengths, 8);
    expect(windows.length).toBeGreaterThan(2);
    const owner = assignWords(lengths, windows, true);
    lengths.forEach((_, j) => {
      const containing = windows.map(([from, to], w) => (j >= from && j < to ? w : -1)).filter((w) => w >= 0);
      // Windows start later and later, so the first window holding a word gives it the most left context.
      expect(owner[j]).toBe(containing[0]);
    });
    // The encoder rule would take middle words from a later window (context on both sides).
    expect(assignWords(lengths, windows)).not.toEqual(owner);
  });

  describe.each(['llama', 'gpt2-with-past'])('%s with the window forced to 16 tokens', (name) => {
    let model: LoadedModel;
    let words: string[];
    let full: Float32Array[];
    let windowed: Float32Array[];
    let windows: [number, number][];
    let owner: number[];

    beforeAll(async () => {
      model = await openArch(name);
      const pieces = (ws: string[]) => ws.reduce((n, w, j) => n + model.tokenizer.pieces(w, j === 0).length, 0);
      words = readCorpus(EWT_DEV).sentences.map((s) => s.words).find((s) => pieces(s) >= 30 && pieces(s) < 40)!;
      full = (await extract(model, [words], { aggregation: 'last' })).layers;
      const result = await extract({ ...model, maxTokens: 16 }, [words], { aggregation: 'last' });
      windowed = result.layers;
      expect(result.summary.extraWindows).toBeGreaterThan(0);
      const lengths = words.map((w, j) => model.tokenizer.pieces(w, j === 0).length);
      windows = planWindows(lengths, 16 - model.tokenizer.prefix.length - model.tokenizer.suffix.length);
      owner = assignWords(lengths, windows, true);
    });

    it('every word gets a vector; words of the first window equal the unwindowed run exactly (a causal model never sees the right)', () => {
      const H = model.hidden;
      let firstWindow = 0;
      windowed.forEach((layer, l) => {
        for (let j = 0; j < words.length; j++) {
          expect(isZero(rowOf(layer, j, H)), `layer ${l} word ${j}`).toBe(false);
          if (owner[j] === 0) firstWindow = Math.max(firstWindow, maxAbsDiff(rowOf(layer, j, H), rowOf(full[l], j, H)));
        }
      });
      expect(owner.filter((w) => w === 0).length).toBeGreaterThan(3);
      expect(firstWindow).toBeLessThan(1e-5);
    });

    it('each later word equals running its window as a sentence of its own (positions restart at 0)', async () => {
      let worst = 0;
      for (const [w, [from, to]] of windows.entries()) {
        if (w === 0) continue;
        const alone = (await extract(model, [words.slice(from, to)], { aggregation: 'last' })).layers;
        for (let j = from; j < to; j++) {
          if (owner[j] !== w) continue;
          alone.forEach((layer, l) => (worst = Math.max(worst, maxAbsDiff(rowOf(windowed[l], j, model.hidden), rowOf(layer, j - from, model.hidden)))));
        }
      }
      expect(worst).toBeLessThan(1e-4);
    });
  });
});

describe('decoder alignment', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    model = await openArch('llama');
  });

  it('specials come from the tokenizer ([CLS] … [SEP] for this fixture’s WordPiece tokenizer)', () => {
    expect(model.tokenizer.prefix).toEqual([101]);
    expect(model.tokenizer.suffix).toEqual([102]);
    const layout = layoutRows([['hello', 'world']], model.tokenizer, true);
    const { segments } = segmentSentences([['hello', 'world']], 0, layout, model.tokenizer, { maxTokens: model.maxTokens, includeSpecialTokens: true, causal: true });
    expect(segments[0].ids).toEqual([101, 7592, 2088, 102]);
  });

  it('a word split into pieces takes its last piece by default (the one that has seen the whole word); first and average stay available', async () => {
    const sentence = ['unbelievably', 'tokenization', 'works'];
    const pieces = sentence.map((w, j) => model.tokenizer.pieces(w, j === 0));
    expect(pieces[0].length).toBeGreaterThan(1);
    const ids = [...model.tokenizer.prefix, ...pieces.flat(), ...model.tokenizer.suffix];
    const out = await model.session.run(buildInputs(model, ortApi, [ids], ids.length), model.taps.map((t) => t.tensor));
    const H = model.hidden;
    const lastOfFirstWord = model.tokenizer.prefix.length + pieces[0].length - 1;
    const firstOfFirstWord = model.tokenizer.prefix.length;
    for (const aggregation of ['last', 'first', 'average'] as const) {
      const { layers } = await extract(model, [sentence], { aggregation });
      layers.forEach((layer, l) => {
        const data = out[model.taps[l].tensor].data as Float32Array;
        const token = (t: number) => data.subarray(t * H, (t + 1) * H);
        let expected: Float32Array;
        if (aggregation === 'last') expected = token(lastOfFirstWord);
        else if (aggregation === 'first') expected = token(firstOfFirstWord);
        else {
          expected = new Float32Array(H);
          for (let t = firstOfFirstWord; t <= lastOfFirstWord; t++) for (let h = 0; h < H; h++) expected[h] += token(t)[h] / pieces[0].length;
        }
        expect(maxAbsDiff(rowOf(layer, 0, H), expected), `${aggregation} layer ${l}`).toBeLessThan(1e-5);
      });
    }
  });

  it('a sentence gives the same vectors alone and padded in a batch beside longer ones (position_ids, masks, empty past)', async () => {
    const sentences = readCorpus(EWT_DEV).sentences.slice(0, 12).map((s) => s.words);
    const batched = await extract(model, sentences, { aggregation: 'last', batchSize: 12 });
    let row = 0;
    let worst = 0;
    for (const words of sentences) {
      const alone = await extract(model, [words], { aggregation: 'last' });
      alone.layers.forEach((layer, l) => {
        worst = Math.max(worst, maxAbsDiff(layer, batched.layers[l].subarray(row * model.hidden, (row + words.length) * model.hidden)));
      });
      row += words.length;
    }
    expect(worst).toBeLessThan(1e-4);
  });
});
