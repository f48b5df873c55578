/**
 * The extraction engine: sentences of words in, every layer's per-word vectors
 * out, written to an ActivationSink (a store, or a file writer). Sentences are
 * processed in chunks (in corpus order, so each chunk is a contiguous block of
 * rows); inside a chunk, segments are sorted by length and batched with padding
 * and attention masks.
 */
import { buildInputs, type LoadedModel } from '../model/loadModel';
import type { OrtApi, OrtTensor } from '../model/ort';
import type { Tap } from '../model/taps';
import type { ActivationSink } from '../store/activationStore';
import { decodeHalf } from '../store/float16';
import { layoutRows, segmentSentences, type Segment, type SentenceLayout, type WordSpan } from './segments';
import type { Aggregation } from '../options';

export interface ExtractOptions {
  aggregation: Aggregation;
  includeSpecialTokens: boolean;
  /** Segments per forward pass. */
  batchSize?: number;
  /**
   * Padded tokens per forward pass (default 2,048 = 32 × 64): a batch of long sentences holds fewer
   * of them, so the runtime's memory (outputs of every tapped layer, attention scores) stays bounded
   * by this, not by the corpus's longest sentences. A sentence longer than this is a batch alone.
   */
  maxBatchTokens?: number;
  /** Sentences per chunk written to the store (default: `chunkSentencesFor` the tapped width). */
  chunkSentences?: number;
  signal?: { readonly aborted: boolean };
  onProgress?: (progress: ExtractProgress) => void;
  /** The rows `planLayout` gave for these sentences, when the caller has them (saves tokenizing twice). */
  layout?: SentenceLayout;
}

export interface ExtractProgress {
  sentencesDone: number;
  sentences: number;
  tokensDone: number;
  tokensPerSecond: number;
  etaSeconds: number;
}

export interface ExtractSummary {
  rows: number;
  tokens: number;
  /** Forward passes beyond one per sentence: windows for sentences longer than the model's window. */
  extraWindows: number;
  droppedWords: { sentence: number; word: number; text: string }[];
  truncatedWords: number;
  seconds: number;
  /** The arithmetic done, for GFLOP/s (see flops.ts), and the JS time on the engine's thread. */
  work: ExtractWork;
}

export interface ExtractWork {
  /** Σ batch × padded length over forward passes. */
  paddedTokens: number;
  /** Σ batch × padded length² (query–key pairs per head-summed layer). */
  attentionPairs: number;
  /** Seconds of JS on this thread (tokenizing, building inputs, scattering rows, the synchronous part of store writes). */
  jsSeconds: number;
}

export class ExtractionCancelled extends Error {
  constructor() {
    super('extraction cancelled');
  }
}

/** A set of taps of one width written to one sink (layer outputs, or MLP neurons). */
export interface TapGroup {
  taps: readonly Tap[];
  width: number;
  sink: ActivationSink;
}

export function planLayout(model: LoadedModel, sentences: readonly (readonly string[])[], includeSpecialTokens: boolean): SentenceLayout {
  return layoutRows(sentences, model.tokenizer, includeSpecialTokens);
}

/**
 * Extracts into one sink (every layer output) or into groups of taps (e.g. layer outputs and MLP neurons from the
 * same forward passes). Only one chunk of sentences is held in memory (plus the one being written).
 */
export async function extractActivations(
  model: LoadedModel,
  ort: OrtApi,
  sentences: readonly (readonly string[])[],
  target: ActivationSink | readonly TapGroup[],
  options: ExtractOptions,
): Promise<ExtractSummary> {
  const groups: readonly TapGroup[] = Array.isArray(target) ? target : [{ taps: model.taps, width: model.hidden, sink: target as ActivationSink }];
  const batchSize = options.batchSize ?? 32;
  const maxBatchTokens = options.maxBatchTokens ?? 2048;
  const chunkSentences = options.chunkSentences ?? chunkSentencesFor(groups.reduce((n, g) => n + g.taps.length * g.width, 0));
  const layout = options.layout ?? planLayout(model, sentences, options.includeSpecialTokens);
  const summary: ExtractSummary = {
    rows: layout.rowOffsets[sentences.length], tokens: 0, extraWindows: 0, droppedWords: [], truncatedWords: 0, seconds: 0,
    work: { paddedTokens: 0, attentionPairs: 0, jsSeconds: 0 },
  };
  const started = now();
  const fetches = [...new Set(groups.flatMap((g) => g.taps.map((t) => t.tensor)))];
  const timed = <T>(work: () => T): T => {
    const t = now();
    try {
      return work();
    } finally {
      summary.work.jsSeconds += (now() - t) / 1000;
    }
  };
  const segment = (first: number) => timed(() => {
    const last = Math.min(sentences.length, first + chunkSentences);
    return { first, last, ...segmentSentences(sentences.slice(first, last), first, layout, model.tokenizer, { maxTokens: model.maxTokens, includeSpecialTokens: options.includeSpecialTokens, causal: model.decoder !== undefined }) };
  });
  const run = (batch: Segment[]) => {
    if (options.signal?.aborted) throw new ExtractionCancelled();
    const length = batch[batch.length - 1].ids.length;
    summary.work.paddedTokens += batch.length * length;
    summary.work.attentionPairs += batch.length * length * length;
    const feeds = timed(() => buildInputs(model, ort, batch.map((s) => s.ids), length));
    return model.session.run(feeds, fetches).then((outputs) => ({ outputs, batch, length }));
  };

  // A software pipeline, so JS work overlaps inference where the runtime runs off this thread
  // (onnxruntime-node): the next batch is submitted before this one is scattered, the next chunk
  // is tokenized while the chunk's last batch runs, and a chunk's store write (float16 encoding,
  // IndexedDB commit) is awaited only when the next chunk is ready to write — one chunk in flight.
  let pendingWrite: Promise<void> = Promise.resolve();
  let next = sentences.length ? segment(0) : undefined;
  while (next) {
    const { first, last, segments, droppedWords, truncatedWords } = next;
    summary.droppedWords.push(...droppedWords);
    summary.truncatedWords += truncatedWords;
    summary.extraWindows += segments.length - (last - first);

    const rowStart = layout.rowOffsets[first];
    const rows = layout.rowOffsets[last] - rowStart;
    const buffers = groups.map((g) => g.taps.map(() => new Float32Array(rows * g.width)));
    const ordered = [...segments].sort((a, b) => a.ids.length - b.ids.length);
    const batches: Segment[][] = [];
    for (const next of ordered) {
      // Sorted by length, so the segment joining a batch sets its padded length.
      const open = batches[batches.length - 1];
      if (open && open.length < batchSize && (open.length + 1) * next.ids.length <= maxBatchTokens) open.push(next);
      else batches.push([next]);
    }

    let inflight = batches.length ? run(batches[0]) : undefined;
    next = undefined;
    for (let b = 0; b < batches.length; b++) {
      if (b === batches.length - 1 && last < sentences.length) next = segment(last);
      const { outputs, batch, length } = await inflight!;
      if (b + 1 < batches.length) inflight = run(batches[b + 1]);
      for (const name of fetches) {
        const tensor = outputs[name];
        const data = await floatData(tensor);
        timed(() =>
          groups.forEach((g, i) =>
            g.taps.forEach((tap, l) => {
              if (tap.tensor === name) scatter(data, batch, length, g.width, rowStart, options.aggregation, buffers[i][l]);
            }),
          ),
        );
        tensor.dispose?.();
      }
      summary.tokens += batch.reduce((n, s) => n + s.ids.length, 0);
    }
    if (!next && last < sentences.length) next = segment(last);
    await pendingWrite;
    pendingWrite = timed(() => Promise.all(groups.map((g, i) => g.sink.writeRows(rowStart, buffers[i]))).then(() => {}));
    pendingWrite.catch(() => {}); // awaited below; a failure surfaces there, never as an unhandled rejection

    const elapsed = (now() - started) / 1000;
    const rate = summary.tokens / Math.max(elapsed, 1e-9);
    options.onProgress?.({
      sentencesDone: last,
      sentences: sentences.length,
      tokensDone: summary.tokens,
      tokensPerSecond: rate,
      etaSeconds: (elapsed / last) * (sentences.length - last),
    });
  }
  await pendingWrite;
  for (const g of groups) await g.sink.finish();
  summary.seconds = (now() - started) / 1000;
  return summary;
}

/**
 * Sentences per stored chunk for `width` values per word (all tapped layers): about 16M values
 * (64 MB as float32, at ~16 words a sentence), at most 256 sentences. A chunk is held as float32,
 * encoded and written while the next one fills, so at BERT-base width (9,984) 256 sentences would
 * keep over 600 MB in flight; the size depends only on the width, so a run's chunks are the same
 * on every machine.
 */
export function chunkSentencesFor(width: number): number {
  return Math.max(16, Math.min(256, Math.floor(2 ** 20 / Math.max(1, width))));
}

/** Copies each word's aggregated vector from a [batch, length, hidden] output into its row. */
function scatter(data: Float32Array, batch: Segment[], length: number, hidden: number, rowStart: number, aggregation: Aggregation, out: Float32Array): void {
  batch.forEach((segment, b) => {
    const base = b * length * hidden;
    for (const span of segment.words) {
      if (span.end <= span.start) continue; // dropped word: stays zero
      const target = (span.row - rowStart) * hidden;
      aggregate(data, base, span, hidden, aggregation, out, target);
    }
  });
}

function aggregate(data: Float32Array, base: number, span: WordSpan, hidden: number, aggregation: Aggregation, out: Float32Array, target: number): void {
  if (aggregation !== 'average') {
    const token = aggregation === 'first' ? span.start : span.end - 1;
    out.set(data.subarray(base + token * hidden, base + (token + 1) * hidden), target);
    return;
  }
  const n = span.end - span.start;
  for (let t = span.start; t < span.end; t++) {
    const from = base + t * hidden;
    for (let h = 0; h < hidden; h++) out[target + h] += data[from + h] / n;
  }
}

async function floatData(tensor: OrtTensor): Promise<Float32Array> {
  const data = tensor.getData ? await tensor.getData() : tensor.data;
  if (data instanceof Float32Array) return data;
  if (data instanceof Uint16Array) return decodeHalf(data);
  return Float32Array.from(data as ArrayLike<number>);
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
