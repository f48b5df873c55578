import { beforeAll, describe, expect, it } from 'vitest';
import { assignWords, layoutRows, planWindows, segmentSentences } from '../../src/core/extract/segments';
import type { LoadedModel } from '../../src/core/model/loadModel';
import type { WordTokenizer } from '../../src/core/model/tokenizer';
import { cosine, EWT_DEV, extract, isZero, maxAbsDiff, openFixtureModel, readCorpus, rowOf } from '../fixtures';
import { createRng } from '../../src/core/util/random';

const sum = (xs: readonly number[], from = 0, to = xs.length) => xs.slice(from, to).reduce((a, b) => a + b, 0);

/** Margin (tokens on the nearer side) of word j inside window [from, to). */
function margin(lengths: readonly number[], [from, to]: readonly [number, number], j: number): number {
  return Math.min(sum(lengths, from, j), sum(lengths, j + 1, to));
}

/** Checks every invariant of a window plan and its word assignment; returns the plan. */
function checkPlan(lengths: readonly number[], window: number) {
  const windows = planWindows(lengths, window);
  const label = `lengths=${lengths.join(',')} window=${window} → ${JSON.stringify(windows)}`;
  expect(windows[0][0], label).toBe(0);
  expect(windows[windows.length - 1][1], label).toBe(lengths.length);
  windows.forEach(([from, to], w) => {
    expect(to, label).toBeGreaterThan(from);
    // Within the limit, unless the window is one word that alone exceeds it.
    if (to - from > 1) expect(sum(lengths, from, to), label).toBeLessThanOrEqual(window);
    if (w > 0) {
      const [prevFrom, prevTo] = windows[w - 1];
      expect(from, label).toBeGreaterThan(prevFrom); // always moves forward
      expect(to, label).toBeGreaterThanOrEqual(prevTo);
      expect(from, label).toBeLessThanOrEqual(prevTo); // no gap: every word covered
      // Overlaps the previous window wherever the two words at the boundary fit in one window together.
      if (prevTo - prevFrom > 1 && prevTo < lengths.length && lengths[prevTo - 1] + lengths[prevTo] <= window) expect(from, label).toBeLessThan(prevTo);
      expect(to, label).toBeGreaterThan(prevTo); // never a window inside the previous one
    }
  });
  const owner = assignWords(lengths, windows);
  owner.forEach((w, j) => {
    const [from, to] = windows[w];
    expect(j >= from && j < to, `${label}: word ${j} owned by window ${w}`).toBe(true);
    // The owner gives the word at least as much context as any other window holding it.
    windows.forEach((other, v) => {
      if (j >= other[0] && j < other[1]) expect(margin(lengths, windows[w], j), label).toBeGreaterThanOrEqual(margin(lengths, other, j));
    });
  });
  return { windows, owner };
}

describe('planWindows / assignWords', () => {
  it('keeps a sentence that fits in one window', () => {
    expect(planWindows([1, 2, 3], 6)).toEqual([[0, 3]]);
    expect(planWindows([], 6)).toEqual([[0, 0]]);
    expect(assignWords([1, 2, 3], [[0, 3]])).toEqual([0, 0, 0]);
  });

  it('cuts uniform words into half-overlapping windows', () => {
    const lengths = Array(20).fill(1);
    const { windows, owner } = checkPlan(lengths, 8);
    expect(windows).toEqual([[0, 8], [4, 12], [8, 16], [12, 20]]);
    expect(owner).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
  });

  it('gives interior words context on both sides', () => {
    for (const window of [8, 16, 30, 126]) {
      const lengths = Array(300).fill(1);
      const { windows, owner } = checkPlan(lengths, window);
      for (let j = window; j < lengths.length - window; j++) {
        expect(margin(lengths, windows[owner[j]], j), `word ${j}, window ${window}`).toBeGreaterThanOrEqual(Math.floor(window / 4) - 1);
      }
    }
  });

  it('covers a single over-long word with a window of its own', () => {
    const { windows, owner } = checkPlan([3, 50, 2], 10);
    expect(windows).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(owner).toEqual([0, 1, 2]);
    expect(checkPlan([50], 10).windows).toEqual([[0, 1]]);
    expect(checkPlan([2, 2, 50, 2, 2, 2, 2, 2, 2], 10).windows.some(([a, b]) => a === 2 && b === 3)).toBe(true);
  });

  it('holds its invariants on random sentences', () => {
    const random = createRng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 120);
      const maxPiece = 1 + Math.floor(random() * 6);
      const lengths = Array.from({ length: n }, () => 1 + Math.floor(random() * maxPiece));
      checkPlan(lengths, 4 + Math.floor(random() * 40));
    }
  });
});

/** A tokenizer stand-in: pieces are given per word; [CLS]=1 before, [SEP]=2 after. */
function fakeTokenizer(pieces: Record<string, number[]>): WordTokenizer {
  return { pieces: (w) => pieces[w] ?? [], prefix: [1], suffix: [2], padId: 0, idsToTokens: (ids) => ids.map(String) };
}

describe('segmentSentences', () => {
  it('truncates a word longer than the window to the window', () => {
    const long = Array.from({ length: 50 }, (_, i) => 100 + i);
    const tokenizer = fakeTokenizer({ a: [10], b: [11, 12], long });
    const sentences = [['a', 'long', 'b', 'a']];
    const layout = layoutRows(sentences, tokenizer, false);
    const chunk = segmentSentences(sentences, 0, layout, tokenizer, { maxTokens: 12, includeSpecialTokens: false });
    expect(chunk.truncatedWords).toBe(1);
    for (const segment of chunk.segments) {
      expect(segment.ids.length).toBeLessThanOrEqual(12);
      expect(segment.ids[0]).toBe(1);
      expect(segment.ids[segment.ids.length - 1]).toBe(2);
    }
    const spans = chunk.segments.flatMap((s) => s.words.map((span) => ({ ...span, ids: s.ids.slice(span.start, span.end) })));
    expect(spans.map((s) => s.row).sort()).toEqual([0, 1, 2, 3]);
    expect(spans.find((s) => s.row === 1)!.ids).toEqual(long.slice(0, 10));
  });

  it('rejects a window too small for any word', () => {
    const tokenizer = fakeTokenizer({ a: [10] });
    expect(() => segmentSentences([['a']], 0, layoutRows([['a']], tokenizer, false), tokenizer, { maxTokens: 2, includeSpecialTokens: false })).toThrow(/no room/);
  });
});

describe('windowed extraction on tiny-bert-en', () => {
  let model: LoadedModel;
  let sentences: string[][];
  let longSentence: string[];
  const pieceCount = (words: readonly string[]) => words.reduce((n, w, j) => n + model.tokenizer.pieces(w, j === 0).length, 0);

  beforeAll(async () => {
    model = await openFixtureModel('tiny-bert-en');
    sentences = readCorpus(EWT_DEV).sentences.map((s) => s.words);
    longSentence = [];
    for (const words of sentences) {
      if (longSentence.length >= 300) break;
      longSentence.push(...words);
    }
    longSentence = longSentence.slice(0, 300);
  });

  it('the sentence boundary: exactly the window fits, one token more is windowed', () => {
    const words = sentences.find((s) => pieceCount(s) >= 20)!;
    const tokens = pieceCount(words);
    const layout = layoutRows([words], model.tokenizer, false);
    const segment = (maxTokens: number) => segmentSentences([words], 0, layout, model.tokenizer, { maxTokens, includeSpecialTokens: false }).segments;
    expect(segment(tokens + 2)).toHaveLength(1);
    expect(segment(tokens + 2)[0].ids).toHaveLength(tokens + 2);
    expect(segment(tokens + 1).length).toBeGreaterThan(1);
  });

  it('segments a 300-word sentence into windows that fit, each word once with its own pieces', () => {
    expect(model.maxTokens).toBe(128);
    const tokens = pieceCount(longSentence);
    expect(tokens).toBeGreaterThan(300);
    const layout = layoutRows([longSentence], model.tokenizer, true);
    const chunk = segmentSentences([longSentence], 0, layout, model.tokenizer, { maxTokens: model.maxTokens, includeSpecialTokens: true });
    expect(chunk.segments.length).toBeGreaterThanOrEqual(Math.ceil(tokens / 126));
    const seen = new Map<number, number[]>();
    for (const segment of chunk.segments) {
      expect(segment.ids.length).toBeLessThanOrEqual(128);
      expect(segment.ids[0]).toBe(model.tokenizer.prefix[0]);
      expect(segment.ids[segment.ids.length - 1]).toBe(model.tokenizer.suffix[0]);
      for (const span of segment.words) {
        expect(seen.has(span.row), `row ${span.row} twice`).toBe(false);
        seen.set(span.row, segment.ids.slice(span.start, span.end));
      }
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([...Array(302).keys()]);
    expect(seen.get(0)).toEqual(model.tokenizer.prefix);
    expect(seen.get(301)).toEqual(model.tokenizer.suffix);
    longSentence.forEach((w, j) => expect(seen.get(j + 1)).toEqual(model.tokenizer.pieces(w, j === 0)));
  });

  it('extracts a non-zero vector for every one of 300 words in every layer', async () => {
    const { summary, layers } = await extract(model, [longSentence]);
    expect(summary.rows).toBe(300);
    expect(summary.extraWindows).toBeGreaterThan(0);
    expect(summary.truncatedWords).toBe(0);
    expect(summary.droppedWords).toEqual([]);
    expect(summary.tokens).toBeGreaterThan(pieceCount(longSentence));
    for (const [l, layer] of layers.entries()) {
      for (let row = 0; row < 300; row++) expect(isZero(rowOf(layer, row, model.hidden)), `layer ${l} row ${row}`).toBe(false);
    }
    const special = await extract(model, [longSentence], { includeSpecialTokens: true });
    expect(special.summary.rows).toBe(302);
    for (const layer of special.layers) {
      for (let row = 0; row < 302; row++) expect(isZero(rowOf(layer, row, model.hidden))).toBe(false);
      // Word rows are the same whether or not special-token rows are stored.
      expect(maxAbsDiff(layer.subarray(model.hidden, 301 * model.hidden), layers[special.layers.indexOf(layer)])).toBe(0);
    }
  });

  describe('a short sentence with the window forced to 24 tokens', () => {
    const MAX = 24;
    let words: string[];
    let small: LoadedModel;
    let reference: Float32Array[];
    let windowed: Float32Array[];
    let windows: [number, number][];
    let owner: number[];
    let extraWindows: number;

    beforeAll(async () => {
      words = sentences.find((s) => pieceCount(s) >= 30 && pieceCount(s) < 38)!;
      small = { ...model, maxTokens: MAX };
      reference = (await extract(model, [words])).layers;
      const result = await extract(small, [words]);
      windowed = result.layers;
      extraWindows = result.summary.extraWindows;
      const lengths = words.map((w, j) => model.tokenizer.pieces(w, j === 0).length);
      windows = planWindows(lengths, MAX - 2);
      owner = assignWords(lengths, windows);
    });

    it('is windowed, and every word gets a vector', () => {
      expect(windows.length).toBeGreaterThan(1);
      expect(extraWindows).toBe(windows.length - 1);
      for (const layer of windowed) for (let j = 0; j < words.length; j++) expect(isZero(rowOf(layer, j, model.hidden))).toBe(false);
    });

    it('each word equals running its window as a sentence of its own', async () => {
      let maxDiff = 0;
      for (const [w, [from, to]] of windows.entries()) {
        const alone = (await extract(model, [words.slice(from, to)])).layers;
        for (let j = from; j < to; j++) {
          if (owner[j] !== w) continue;
          alone.forEach((layer, l) => {
            maxDiff = Math.max(maxDiff, maxAbsDiff(rowOf(windowed[l], j, model.hidden), rowOf(layer, j - from, model.hidden)));
          });
        }
      }
      console.log(`windowed vs window-as-sentence: max abs diff ${maxDiff.toExponential(2)}`);
      expect(maxDiff).toBeLessThan(1e-5);
    });

    it('stays close to the unwindowed vectors', () => {
      const H = model.hidden;
      const report: string[] = [];
      let identified = 0;
      let compared = 0;
      windowed.forEach((layer, l) => {
        let firstWindowDiff = 0;
        let allDiff = 0;
        let minCosFirst = 1;
        let minCos = 1;
        let meanCos = 0;
        for (let j = 0; j < words.length; j++) {
          const diff = maxAbsDiff(rowOf(layer, j, H), rowOf(reference[l], j, H));
          const cos = cosine(rowOf(layer, j, H), rowOf(reference[l], j, H));
          allDiff = Math.max(allDiff, diff);
          minCos = Math.min(minCos, cos);
          meanCos += cos / words.length;
          if (owner[j] === 0) {
            firstWindowDiff = Math.max(firstWindowDiff, diff);
            minCosFirst = Math.min(minCosFirst, cos);
            // Same tokens at the same positions: the embedding layer is identical.
            if (l === 0) expect(diff).toBe(0);
          }
          // The windowed vector is nearest (cosine) to its own unwindowed vector, not another word's.
          let best = -1;
          for (let k = 0; k < words.length; k++) if (best < 0 || cosine(rowOf(layer, j, H), rowOf(reference[l], k, H)) > cosine(rowOf(layer, j, H), rowOf(reference[l], best, H))) best = k;
          identified += best === j ? 1 : 0;
          compared++;
        }
        report.push(`layer ${l}: max|Δ| first window ${firstWindowDiff.toFixed(3)}, all ${allDiff.toFixed(3)}; cos min first window ${minCosFirst.toFixed(3)}, min ${minCos.toFixed(3)}, mean ${meanCos.toFixed(3)}`);
        expect(minCosFirst).toBeGreaterThan(0.95);
        expect(minCos).toBeGreaterThan(0.7);
        expect(meanCos).toBeGreaterThan(0.9);
      });
      report.push(`nearest-neighbour identification ${identified}/${compared}`);
      console.log(`${words.length} words, ${pieceCount(words)} tokens, windows ${JSON.stringify(windows)}\n${report.join('\n')}`);
      expect(identified / compared).toBeGreaterThan(0.8);
    });
  });
});
