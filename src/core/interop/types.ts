/**
 * NeuroX activation files (neurox/data/writer.py): one record per sentence, every
 * layer's vector for each word. JSON lines hold
 * `{"linex_index": i, "features": [{"token": w, "layers": [{"index": l, "values": […]}]}]}`;
 * HDF5 holds a dataset per sentence named "i", shaped [layers, words, hidden], plus
 * `sentence_to_index` (a JSON map from the sentence text to "i").
 */
import { z } from 'zod';
import { AGGREGATION, optionSchema, STORAGE_DTYPE, type ActivationFormat, type Aggregation, type StorageDType } from '../options';

/** One sentence of an activation file. */
export interface SentenceActivations {
  /** The sentence's index as the file names it (`linex_index`, the HDF5 dataset name). */
  index: number;
  /** Word forms as the file gives them (JSON `token`s; HDF5: its `sentence_to_index` key split at spaces). */
  tokens?: string[];
  layers: number;
  words: number;
  hidden: number;
  /** [layers × words × hidden], NeuroX's HDF5 layout: float32 values, or float16 bits. */
  values: Float32Array | Uint16Array;
}

/**
 * What Salient records in the files it writes (an HDF5 root attribute `salient`, a
 * `salient` key on the first JSON line; NeuroX ignores both), so that shards can be
 * checked before they are merged and a run can check its corpus.
 */
export interface ActivationFileMeta {
  format: 'salient-activations';
  version: 1;
  model: string;
  /** Name of the corpus file and the hash of its words (`corpusHash`, words only). */
  corpus: string;
  corpusHash: string;
  /** Sentences in the whole corpus; this file holds [from, to). */
  corpusSentences: number;
  from: number;
  to: number;
  aggregation: Aggregation;
  dtype: StorageDType;
  layers: number;
  hidden: number;
}

/**
 * What an activation file may declare. Files come from strangers: every declared shape is
 * checked against these caps (and, on import, against the corpus) before anything is allocated.
 * BERT-large has 25 × 1,024 and the largest common encoders 49 × 4,096, far inside them.
 */
export const ACTIVATION_LIMITS = {
  maxLayers: 128,
  maxHidden: 16_384,
  /** Bytes of one sentence's values as float32 (layers × words × hidden × 4). */
  maxSentenceBytes: 2 ** 31,
  /** Characters of one JSON line (a sentence): longer lines are refused before they are parsed. */
  maxJsonLine: 256 * 2 ** 20,
} as const;

/** A bad activation file: names the file and, where there is one, the line (JSON) or the sentence. */
export class ActivationFileError extends Error {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, message: string, line?: number) {
    super(message);
    this.name = 'ActivationFileError';
    this.file = file;
    this.line = line;
  }
}

/** One sentence's declared shape, before its values are read. */
export interface SentenceShape {
  index: number;
  layers: number;
  words: number;
  hidden: number;
  /** `file: sentence i ("…")` or `file:line: sentence i`, for messages. */
  where: string;
  line?: number;
}

/** Called with each sentence's shape before its values are allocated; throws to refuse it. */
export type ShapeCheck = (shape: SentenceShape) => void;

/** Refuses shapes past ACTIVATION_LIMITS (before any allocation). */
export function checkShapeLimits(file: string, shape: SentenceShape): void {
  const { layers, words, hidden, where, line } = shape;
  const fail = (detail: string): never => {
    throw new ActivationFileError(file, `${where} ${detail}`, line);
  };
  for (const [name, n] of [['layers', layers], ['words', words], ['hidden', hidden]] as const) {
    if (!Number.isSafeInteger(n) || n < 1) fail(`declares ${n} ${name} (expected a positive whole number)`);
  }
  if (layers > ACTIVATION_LIMITS.maxLayers) fail(`declares ${layers} layers; Salient reads at most ${ACTIVATION_LIMITS.maxLayers}`);
  if (hidden > ACTIVATION_LIMITS.maxHidden) fail(`declares ${hidden} neurons per layer; Salient reads at most ${ACTIVATION_LIMITS.maxHidden.toLocaleString('en-US')}`);
  const bytes = layers * words * hidden * 4;
  if (bytes > ACTIVATION_LIMITS.maxSentenceBytes) fail(`declares ${layers} × ${words} × ${hidden} values (${(bytes / 2 ** 30).toFixed(1)} GB as float32); one sentence may hold at most 2 GB`);
}

/** Reads an activation file one sentence at a time, in NeuroX's `load_activations` order. */
export interface ActivationFileReader {
  /** File name, for messages. */
  readonly file: string;
  /** Salient's metadata, when Salient wrote the file (validated: a file is untrusted). */
  meta(): Promise<ActivationFileMeta | undefined>;
  /** Each sentence's shape passes ACTIVATION_LIMITS and then `check` before its values are allocated. */
  sentences(check?: ShapeCheck): AsyncIterable<SentenceActivations>;
  close(): void;
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Salient's metadata as a schema: a stranger's file may put anything there. */
const activationFileMetaSchema = z
  .object({
    format: z.literal('salient-activations'),
    version: z.literal(1),
    model: z.string().min(1).max(500),
    corpus: z.string().max(1000),
    corpusHash: z.string().min(1).max(200),
    corpusSentences: count,
    from: count,
    to: count,
    aggregation: optionSchema(AGGREGATION),
    dtype: optionSchema(STORAGE_DTYPE),
    layers: z.number().int().min(1).max(ACTIVATION_LIMITS.maxLayers),
    hidden: z.number().int().min(1).max(ACTIVATION_LIMITS.maxHidden),
  })
  .refine((m) => m.from <= m.to && m.to <= m.corpusSentences, { message: 'needs from ≤ to ≤ corpusSentences' });

/** Parses Salient's metadata (a JSON string or value), naming the file and the first bad field. */
export function parseFileMeta(raw: unknown, file: string): ActivationFileMeta {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ActivationFileError(file, `${file}: its "salient" metadata is not valid JSON`);
    }
  }
  const parsed = activationFileMetaSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ActivationFileError(file, `${file}: its "salient" metadata is not valid (${issue.path.join('.') || 'record'}: ${issue.message})`);
  }
  return parsed.data as ActivationFileMeta;
}

/** Where a writer's bytes go: appended in order; `patch` overwrites bytes already written (HDF5's superblock). */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  patch(offset: number, bytes: Uint8Array): void;
}

export interface ActivationFileWriter {
  /** Appends a sentence; `words` are its word forms (the JSON tokens and the `sentence_to_index` key). */
  write(sentence: SentenceActivations, words: readonly string[]): void;
  close(): void;
}

/** The format a file name implies: `.hdf5`/`.h5` or `.json`/`.jsonl`. */
export function formatOfFile(name: string): ActivationFormat | undefined {
  if (/\.(hdf5|h5)$/i.test(name)) return 'hdf5';
  if (/\.jsonl?$/i.test(name)) return 'json';
  return undefined;
}

/** A sentence shortened for error messages. */
export function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
