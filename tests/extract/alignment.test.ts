import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/core/model/loadModel';
import { buildInputs } from '../../src/core/model/loadModel';
import { wordTokenizer, type WordTokenizer } from '../../src/core/model/tokenizer';
import { EWT_DEV, extract, fixtureTokenizer, isZero, maxAbsDiff, openFixtureModel, ortApi, pudFile, readCorpus, rowOf } from '../fixtures';
import type { Aggregation } from '../../src/core/options';

type HfTokenizer = ReturnType<typeof fixtureTokenizer>;

let hf: HfTokenizer;
let tokenizer: WordTokenizer;
let model: LoadedModel;

beforeAll(async () => {
  hf = fixtureTokenizer('tiny-bert-en');
  tokenizer = wordTokenizer(hf);
  model = await openFixtureModel('tiny-bert-en');
});

const sentenceIds = (words: readonly string[]): number[] => words.flatMap((w, j) => tokenizer.pieces(w, j === 0));
const encode = (text: string): number[] => hf.encode(text, { add_special_tokens: false }) as number[];

/** Token-level hidden states of one sentence ([CLS] … [SEP]), straight from the session. */
async function tokenStates(words: readonly string[]) {
  const ids = [...tokenizer.prefix, ...sentenceIds(words), ...tokenizer.suffix];
  const fetches = model.taps.map((t) => t.tensor);
  const out = await model.session.run(buildInputs(model, ortApi, [ids], ids.length), fetches);
  const spans: [number, number][] = [];
  let pos = tokenizer.prefix.length;
  for (const [j, w] of words.entries()) {
    const n = tokenizer.pieces(w, j === 0).length;
    spans.push([pos, pos + n]);
    pos += n;
  }
  return { ids, spans, layers: fetches.map((f) => out[f].data as Float32Array) };
}

describe('word pieces (bert-base-uncased WordPiece)', () => {
  it('has [CLS] … [SEP] around sentences and pads with 0', () => {
    expect(tokenizer.idsToTokens(tokenizer.prefix)).toEqual(['[CLS]']);
    expect(tokenizer.idsToTokens(tokenizer.suffix)).toEqual(['[SEP]']);
    expect(tokenizer.padId).toBe(0);
  });

  it('splits a long word into many pieces', () => {
    const ids = tokenizer.pieces('unbelievably', false);
    expect(tokenizer.idsToTokens(ids)).toEqual(['un', '##bel', '##ie', '##va', '##bly']);
    expect(tokenizer.pieces('Unbelievably', true)).toEqual(ids); // uncased; no space marker in WordPiece
    expect(tokenizer.idsToTokens(tokenizer.pieces('tokenizer', false))).toEqual(['token', '##izer']);
  });

  it('handles punctuation', () => {
    expect(tokenizer.idsToTokens(tokenizer.pieces(',', false))).toEqual([',']);
    expect(tokenizer.idsToTokens(tokenizer.pieces('...', false))).toEqual(['.', '.', '.']);
    expect(tokenizer.idsToTokens(tokenizer.pieces("n't", false))).toEqual(['n', "'", 't']);
    expect(tokenizer.idsToTokens(tokenizer.pieces('(', false))).toEqual(['(']);
    const words = ['Well', ',', 'it', "'s", '"', 'fine', '"', '--', 'really', '?!'];
    expect(sentenceIds(words)).toEqual(encode(words.join(' ')));
  });

  it.each(['fr', 'de'] as const)('gives every accented word of PUD %s pieces, matching sentence tokenization', (lang) => {
    const sentences = readCorpus(pudFile(lang)).sentences;
    let accented = 0;
    for (const { words } of sentences) {
      for (const w of words) {
        if (!/[À-ɏ]/.test(w)) continue;
        accented++;
        expect(tokenizer.pieces(w, false).length, w).toBeGreaterThanOrEqual(1);
      }
      expect(sentenceIds(words), words.join(' ')).toEqual(encode(words.join(' ')));
    }
    expect(accented).toBeGreaterThan(500);
    // Uncased BERT strips accents: "été" and "ete" tokenize alike.
    expect(tokenizer.pieces('été', false)).toEqual(tokenizer.pieces('ete', false));
  });

  it('gives every Arabic word of PUD ar pieces, matching sentence tokenization', () => {
    const sentences = readCorpus(pudFile('ar')).sentences;
    let arabic = 0;
    for (const { words } of sentences) {
      for (const w of words) {
        if (!/\p{Script=Arabic}/u.test(w)) continue;
        arabic++;
        expect(tokenizer.pieces(w, false).length, w).toBeGreaterThanOrEqual(1);
      }
      expect(sentenceIds(words), words.join(' ')).toEqual(encode(words.join(' ')));
    }
    expect(arabic).toBeGreaterThan(10_000);
  });

  it('matches sentence tokenization on EWT dev', () => {
    for (const { words } of readCorpus(EWT_DEV).sentences) expect(sentenceIds(words), words.join(' ')).toEqual(encode(words.join(' ')));
  });

  it('gives [] for words that tokenize to nothing', () => {
    for (const w of ['\u200b', '\u0000', '\u00ad', '\ufeff', ' ']) expect(tokenizer.pieces(w, false), JSON.stringify(w)).toEqual([]);
  });
});

describe('extraction of words with no pieces', () => {
  it('leaves them an all-zero row in every layer and lists them in droppedWords', async () => {
    const words = ['The', '\u200b', 'cat', 'sat', '\u0000', '.'];
    const kept = ['The', 'cat', 'sat', '.'];
    const sentences = [kept, words, ['\u200b']];
    const { summary, layers } = await extract(model, sentences, { batchSize: 1 });
    expect(summary.rows).toBe(4 + 6 + 1);
    expect(summary.droppedWords).toEqual([
      { sentence: 1, word: 1, text: '\u200b' },
      { sentence: 1, word: 4, text: '\u0000' },
      { sentence: 2, word: 0, text: '\u200b' },
    ]);
    const H = model.hidden;
    for (const layer of layers) {
      for (const row of [5, 8, 10]) expect(isZero(rowOf(layer, row, H)), `row ${row}`).toBe(true);
      // The other words get exactly the vectors of the sentence without the empty words (same token ids).
      [[4, 0], [6, 1], [7, 2], [9, 3]].forEach(([row, ref]) => {
        expect(isZero(rowOf(layer, row, H))).toBe(false);
        expect(maxAbsDiff(rowOf(layer, row, H), rowOf(layer, ref, H))).toBe(0);
      });
    }
  });
});

describe('aggregation over a word’s pieces', () => {
  const words = ['Unbelievably', ',', 'the', 'tokenizer', 'handled', 'photosynthesis', 'too', '.'];
  let tokens: Awaited<ReturnType<typeof tokenStates>>;
  const byAggregation = new Map<Aggregation, Float32Array[]>();

  beforeAll(async () => {
    tokens = await tokenStates(words);
    for (const aggregation of ['first', 'last', 'average'] as const) {
      byAggregation.set(aggregation, (await extract(model, [words], { aggregation })).layers);
    }
  });

  it('has multi-piece words to aggregate', () => {
    const lengths = tokens.spans.map(([a, b]) => b - a);
    expect(lengths[0]).toBe(5);
    expect(lengths.filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('first / last take the first / last piece exactly; average is the mean', () => {
    const H = model.hidden;
    tokens.layers.forEach((states, l) => {
      tokens.spans.forEach(([start, end], j) => {
        expect(maxAbsDiff(rowOf(byAggregation.get('first')![l], j, H), rowOf(states, start, H))).toBe(0);
        expect(maxAbsDiff(rowOf(byAggregation.get('last')![l], j, H), rowOf(states, end - 1, H))).toBe(0);
        const mean = new Float64Array(H);
        for (let t = start; t < end; t++) for (let h = 0; h < H; h++) mean[h] += states[t * H + h] / (end - start);
        expect(maxAbsDiff(rowOf(byAggregation.get('average')![l], j, H), mean)).toBeLessThan(1e-5);
        if (end - start > 1) {
          expect(maxAbsDiff(rowOf(byAggregation.get('first')![l], j, H), rowOf(byAggregation.get('last')![l], j, H))).toBeGreaterThan(1e-3);
        }
      });
    });
  });

  it('special-token rows hold the [CLS] and [SEP] vectors', async () => {
    const { layers, summary } = await extract(model, [words], { includeSpecialTokens: true });
    const H = model.hidden;
    expect(summary.rows).toBe(words.length + 2);
    tokens.layers.forEach((states, l) => {
      expect(maxAbsDiff(rowOf(layers[l], 0, H), rowOf(states, 0, H))).toBe(0);
      expect(maxAbsDiff(rowOf(layers[l], words.length + 1, H), rowOf(states, tokens.ids.length - 1, H))).toBe(0);
      expect(maxAbsDiff(rowOf(layers[l], 1, H), rowOf(states, 1, H))).toBe(0);
    });
  });
});

describe('batching', () => {
  it('sorting and padding segments keeps every row in corpus order', async () => {
    const sentences = readCorpus(EWT_DEV).sentences.slice(0, 24).map((s) => s.words);
    const batched = await extract(model, sentences, { batchSize: 8, chunkSentences: 10 });
    let row = 0;
    let maxDiff = 0;
    for (const words of sentences) {
      const alone = await extract(model, [words], { batchSize: 1 });
      alone.layers.forEach((layer, l) => {
        maxDiff = Math.max(maxDiff, maxAbsDiff(layer, batched.layers[l].subarray(row * model.hidden, (row + words.length) * model.hidden)));
      });
      row += words.length;
    }
    expect(row).toBe(batched.summary.rows);
    console.log(`batched (padded) vs one-sentence extraction: max abs diff ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
