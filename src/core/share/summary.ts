/**
 * A run as a share link: its settings and a compact summary (labels, accuracies,
 * the top of the ranking overall and per class, layer distributions, salience per
 * neuron quantised to a byte), JSON → deflate-raw → base64url, versioned by a
 * prefix. Decoding trusts nothing: size limits before and after inflating, a
 * schema check of every field (zod), and cross-checks of indices against shapes.
 */
import { z } from 'zod';
import { resultSchema, type ResultLimits } from '../evaluation/schema';
import type { LcaResult } from '../evaluation/types';
import { runSettingsSchema } from '../run/schema';
import type { RunSettings } from '../run/types';
import { concatBytes } from '../util/bytes';

export const SHARE_VERSION = 1;
const PREFIX = `v${SHARE_VERSION}.`;
/** Links stay well under what browsers and chat apps carry; a larger one was not made by Salient. */
export const MAX_PAYLOAD_CHARS = 400_000;
const MAX_JSON_BYTES = 4_000_000;
/** How much of the ranking travels in a link. */
export const SHARED_ORDERING = 500;
export const SHARED_PER_CLASS = 50;
/**
 * Evidence in a link: the top words of the first SHARED_TOP_WORD_NEURONS neurons of the ordering,
 * SHARED_TOP_WORDS each, words cut at SHARED_WORD_CHARS characters. This bounds the addition to
 * 100 × 10 × (40 + ~8) bytes of JSON before compression; measured on real words it adds ~10 kB to a link.
 */
export const SHARED_TOP_WORD_NEURONS = 100;
export const SHARED_TOP_WORDS = 10;
export const SHARED_WORD_CHARS = 40;

export class ShareLinkError extends Error {}

const count = z.number().int().nonnegative();
const label = z.string().min(1).max(200);

/** What a link may hold: a result far larger was not made by Salient. */
const SHARE_LIMITS: ResultLimits = { text: 2000, label: 200, labels: 2000, layers: 128, neuronsPerLayer: 16_384, neurons: 100_000 };

const summarySchema = z.object({
  settings: runSettingsSchema({ text: 300 }),
  result: resultSchema(SHARE_LIMITS),
  /** Per class: top neurons per layer, from the full per-class lists. */
  perClassLayers: z.record(label, z.array(count).max(128)),
  /** max-over-classes |weight| per neuron as bytes of √(|w| / scale) × 255, or null. */
  salience: z.object({ scale: z.number().positive(), bytes: z.array(z.number().int().min(0).max(255)) }).nullable(),
  /** Total ranked neurons, so a recipient knows how much of the ordering is shown. */
  totalNeurons: count,
  /** Top words (NeuroX get_top_words: word, normalised mean |z|) of the first neurons of the ordering; absent in older links. */
  topWords: z
    .object({
      neurons: z.array(count).max(SHARED_TOP_WORD_NEURONS),
      words: z.array(z.array(z.tuple([z.string().min(1).max(SHARED_WORD_CHARS), z.number().min(0).max(1)])).max(SHARED_TOP_WORDS)).max(SHARED_TOP_WORD_NEURONS),
    })
    .nullable()
    .optional(),
  /** The version of Salient that made the link (absent in links made before it was recorded). */
  app: z.string().max(40).optional(),
});

export type SharedTopWords = Record<number, { word: string; score: number }[]>;

export type ShareSummary = z.infer<typeof summarySchema>;

/** The summary of a finished run, with salience = max over classes of |weight| (classes × neurons). */
export function summarize(
  settings: RunSettings,
  result: LcaResult,
  perClassLayers: Record<string, number[]>,
  weights?: { classes: number; dims: number; values: Float32Array },
  topWords?: SharedTopWords,
): ShareSummary {
  const perClass = Object.fromEntries(Object.entries(result.ranking.perClass).map(([l, n]) => [l, n.slice(0, SHARED_PER_CLASS)]));
  const minimalSet = result.minimalSet && { ...result.minimalSet, neurons: result.minimalSet.neurons.slice(0, SHARED_ORDERING) };
  // Per-neuron stability shares and the two other full rankings would outgrow a link; they stay in the result JSON.
  const { stability: _stability, agreement: _agreement, ...rest } = result;
  return {
    settings,
    result: { ...rest, ranking: { ordering: result.ranking.ordering.slice(0, SHARED_ORDERING), perClass }, minimalSet },
    perClassLayers,
    salience: weights ? quantizeSalience(weights) : null,
    totalNeurons: result.ranking.ordering.length,
    topWords: topWords ? packTopWords(result.ranking.ordering, topWords) : null,
  };
}

/** The top words of the first neurons of the ordering that have them, bounded as documented above. */
function packTopWords(ordering: number[], topWords: SharedTopWords): NonNullable<ShareSummary['topWords']> {
  const neurons = ordering.filter((n) => topWords[n]).slice(0, SHARED_TOP_WORD_NEURONS);
  const cut = (w: string) => (w.length > SHARED_WORD_CHARS ? `${w.slice(0, SHARED_WORD_CHARS - 1)}…` : w);
  return { neurons, words: neurons.map((n) => topWords[n].slice(0, SHARED_TOP_WORDS).map((t): [string, number] => [cut(t.word), Math.round(t.score * 1000) / 1000])) };
}

/** A link's top words by neuron (empty for links without them). */
export function sharedTopWords(summary: ShareSummary): SharedTopWords {
  const out: SharedTopWords = {};
  summary.topWords?.neurons.forEach((n, i) => (out[n] = summary.topWords!.words[i].map(([word, score]) => ({ word, score }))));
  return out;
}

function quantizeSalience({ classes, dims, values }: { classes: number; dims: number; values: Float32Array }): ShareSummary['salience'] {
  const max = new Float32Array(dims);
  for (let c = 0; c < classes; c++) for (let i = 0; i < dims; i++) max[i] = Math.max(max[i], Math.abs(values[c * dims + i]));
  const scale = max.reduce((m, v) => Math.max(m, v), 0) || 1;
  return { scale, bytes: Array.from(max, (v) => Math.round(Math.sqrt(v / scale) * 255)) };
}

/** Back to |weight| per neuron (within the quantisation step). */
export function dequantizeSalience(salience: NonNullable<ShareSummary['salience']>): Float32Array {
  return Float32Array.from(salience.bytes, (b) => (b / 255) ** 2 * salience.scale);
}

export async function encodeSummary(summary: ShareSummary): Promise<string> {
  const bytes = await pipe(new TextEncoder().encode(JSON.stringify(summary)), new CompressionStream('deflate-raw'), Infinity);
  return PREFIX + toBase64Url(bytes);
}

export async function decodeSummary(payload: string): Promise<ShareSummary> {
  if (payload.length > MAX_PAYLOAD_CHARS) throw new ShareLinkError(`This share link is too long (${payload.length.toLocaleString('en-US')} characters; Salient makes them under ${MAX_PAYLOAD_CHARS.toLocaleString('en-US')}).`);
  if (!payload.startsWith('v') || !payload.includes('.')) throw new ShareLinkError('This share link has no version mark; it was not made by Salient or was cut short.');
  const version = payload.slice(1, payload.indexOf('.'));
  if (version !== String(SHARE_VERSION)) {
    // Formats are only ever added, and every copy reads all older ones: a link opens on the same or a newer Salient.
    const newer = /^\d{1,6}$/.test(version) && Number(version) > SHARE_VERSION;
    throw new ShareLinkError(
      newer
        ? `This share link is version ${version}, made by a newer Salient; this copy reads versions up to ${SHARE_VERSION}. Open it on an up-to-date copy of Salient.`
        : `This share link is version ${version.slice(0, 10)}, which no Salient makes (this copy reads versions up to ${SHARE_VERSION}).`,
    );
  }
  const body = payload.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new ShareLinkError('This share link is damaged: it holds characters a share link never has.');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(body), new DecompressionStream('deflate-raw'), MAX_JSON_BYTES));
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError('This share link is damaged or truncated: its summary does not decompress. Ask for the link again.');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ShareLinkError('This share link is damaged: its summary is not valid JSON.');
  }
  const parsed = summarySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShareLinkError(`This share link's summary is invalid at ${issue.path.join('.') || 'the top level'}: ${issue.message}.`);
  }
  checkShapes(parsed.data);
  return parsed.data;
}

/** Indices and lengths must agree with the declared shape; fields are otherwise only typed. */
function checkShapes(s: ShareSummary): void {
  const { layers, neuronsPerLayer, labels, ranking, layerDistribution, minimalSet } = s.result;
  const total = layers * neuronsPerLayer;
  const fail = (what: string) => {
    throw new ShareLinkError(`This share link's summary is inconsistent: ${what}.`);
  };
  if (s.totalNeurons !== total) fail(`it ranks ${s.totalNeurons} neurons but declares ${layers} × ${neuronsPerLayer}`);
  if (s.result.layerNumbers && s.result.layerNumbers.length !== layers) fail(`it numbers ${s.result.layerNumbers.length} layers but declares ${layers}`);
  const lists = [ranking.ordering, ...Object.values(ranking.perClass), minimalSet?.neurons ?? []];
  if (lists.some((list) => list.some((n) => n >= total))) fail(`a neuron index is not below ${total}`);
  if (layerDistribution.length !== layers || Object.values(s.perClassLayers).some((h) => h.length !== layers)) fail(`a layer distribution does not have ${layers} entries`);
  const known = new Set(labels);
  if ([...Object.keys(ranking.perClass), ...Object.keys(s.perClassLayers)].some((l) => !known.has(l))) fail('a class is not among its labels');
  if (s.salience && s.salience.bytes.length !== total) fail(`salience has ${s.salience.bytes.length} values for ${total} neurons`);
  if (s.topWords && s.topWords.words.length !== s.topWords.neurons.length) fail(`top words are given for ${s.topWords.words.length} of ${s.topWords.neurons.length} neurons`);
  if (s.topWords?.neurons.some((n) => n >= total)) fail(`a neuron with top words is not below ${total}`);
}

/** Streams bytes through a (de)compressor, refusing output over `limit` bytes. */
async function pipe(input: Uint8Array, transform: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const reader = new Blob([input as BlobPart]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new ShareLinkError('This share link unpacks to more data than any Salient summary holds; it was not made by Salient.');
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
