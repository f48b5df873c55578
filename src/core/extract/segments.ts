/**
 * Turns sentences of words into model inputs ("segments"): subword ids with
 * the model's special tokens, and for each word the token span it covers.
 * Sentences longer than the model's window are cut into overlapping windows at
 * word boundaries; each word takes its vector from the window where it has the
 * most context on both sides, so every word gets one and none is truncated.
 */
import type { WordTokenizer } from '../model/tokenizer';

export interface WordSpan {
  /** Row in the activation matrix. */
  row: number;
  /** Token positions [start, end) inside the segment; start === end for a dropped word. */
  start: number;
  end: number;
}

export interface Segment {
  sentence: number;
  ids: number[];
  words: WordSpan[];
}

export interface SentenceLayout {
  /** First row of each sentence, plus the total at the end (length = sentences + 1). */
  rowOffsets: Uint32Array;
  /** Rows holding special-token vectors (when included), as [row, sentence] pairs. */
  specialRows: number;
}

export interface SegmentOptions {
  /** Longest input the model takes, special tokens included. */
  maxTokens: number;
  /** Add rows for the special tokens ([CLS] before, [SEP] after each sentence). */
  includeSpecialTokens: boolean;
  /** A causal decoder: a word sees only its left, so it takes its vector from the window giving it the most left context. */
  causal?: boolean;
}

export interface SegmentedChunk {
  segments: Segment[];
  /** Words that tokenized to nothing (they keep a zero vector). */
  droppedWords: { sentence: number; word: number; text: string }[];
  /** Words longer than a whole window: only their first pieces are used. */
  truncatedWords: number;
}

/** Row layout: words in order, with the special-token rows around each sentence if asked. */
export function layoutRows(sentences: readonly (readonly string[])[], tokenizer: WordTokenizer, includeSpecialTokens: boolean): SentenceLayout {
  const extra = includeSpecialTokens ? tokenizer.prefix.length + tokenizer.suffix.length : 0;
  const rowOffsets = new Uint32Array(sentences.length + 1);
  for (let s = 0; s < sentences.length; s++) rowOffsets[s + 1] = rowOffsets[s] + sentences[s].length + extra;
  return { rowOffsets, specialRows: extra * sentences.length };
}

export function segmentSentences(
  sentences: readonly (readonly string[])[],
  firstSentence: number,
  layout: SentenceLayout,
  tokenizer: WordTokenizer,
  options: SegmentOptions,
): SegmentedChunk {
  const { prefix, suffix } = tokenizer;
  const window = options.maxTokens - prefix.length - suffix.length;
  if (window < 1) throw new Error(`model window of ${options.maxTokens} tokens leaves no room for words`);
  const chunk: SegmentedChunk = { segments: [], droppedWords: [], truncatedWords: 0 };

  sentences.forEach((words, i) => {
    const sentence = firstSentence + i;
    const specialsBefore = options.includeSpecialTokens ? prefix.length : 0;
    const firstWordRow = layout.rowOffsets[sentence] + specialsBefore;
    const pieces = words.map((w, j) => {
      let ids = tokenizer.pieces(w, j === 0);
      if (ids.length === 0) chunk.droppedWords.push({ sentence, word: j, text: w });
      if (ids.length > window) {
        chunk.truncatedWords++;
        ids = ids.slice(0, window);
      }
      return ids;
    });
    const windows = planWindows(pieces.map((p) => p.length), window);
    const owner = assignWords(pieces.map((p) => p.length), windows, options.causal);

    windows.forEach(([from, to], w) => {
      const ids: number[] = [...prefix];
      const spans: WordSpan[] = [];
      if (options.includeSpecialTokens && w === 0) prefix.forEach((_, k) => spans.push({ row: layout.rowOffsets[sentence] + k, start: k, end: k + 1 }));
      for (let j = from; j < to; j++) {
        const start = ids.length;
        ids.push(...pieces[j]);
        if (owner[j] === w) spans.push({ row: firstWordRow + j, start, end: ids.length });
      }
      const suffixStart = ids.length;
      ids.push(...suffix);
      if (options.includeSpecialTokens && w === windows.length - 1) {
        const firstSuffixRow = firstWordRow + words.length;
        suffix.forEach((_, k) => spans.push({ row: firstSuffixRow + k, start: suffixStart + k, end: suffixStart + k + 1 }));
      }
      chunk.segments.push({ sentence, ids, words: spans });
    });
  });
  return chunk;
}

/**
 * Word ranges [from, to) of windows of at most `window` tokens. Consecutive
 * windows overlap by about half a window, so every word has context on both sides.
 */
export function planWindows(lengths: readonly number[], window: number): [number, number][] {
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total <= window) return [[0, lengths.length]];
  const windows: [number, number][] = [];
  let from = 0;
  for (;;) {
    let to = from;
    let tokens = 0;
    while (to < lengths.length && (to === from || tokens + lengths[to] <= window)) tokens += lengths[to++];
    const previousEnd = windows.length ? windows[windows.length - 1][1] : 0;
    if (to <= previousEnd) {
      from++; // inside the previous window (a long word blocked it): it would add nothing
      continue;
    }
    windows.push([from, to]);
    if (to >= lengths.length) return windows;
    // Next window starts about half a window later, always moving forward and still overlapping.
    let next = from;
    let advanced = 0;
    while (next < to - 1 && advanced < window / 2) advanced += lengths[next++];
    from = Math.max(next, from + 1);
  }
}

/**
 * For each word, the window in which it is farthest from either edge (in
 * tokens); for a causal model, farthest from the left edge (its right context
 * does not reach it).
 */
export function assignWords(lengths: readonly number[], windows: readonly [number, number][], causal = false): number[] {
  const offsets = [0];
  for (const n of lengths) offsets.push(offsets[offsets.length - 1] + n);
  const owner = new Array<number>(lengths.length).fill(-1);
  const best = new Array<number>(lengths.length).fill(-Infinity);
  windows.forEach(([from, to], w) => {
    for (let j = from; j < to; j++) {
      const left = offsets[j] - offsets[from];
      const margin = causal ? left : Math.min(left, offsets[to] - offsets[j + 1]);
      if (margin > best[j]) {
        best[j] = margin;
        owner[j] = w;
      }
    }
  });
  return owner;
}
