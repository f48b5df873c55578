/**
 * NeuroX activation files (neurox/data/writer.py): one record per sentence, every
 * layer's vector for each word. JSON lines hold
 * `{"linex_index": i, "features": [{"token": w, "layers": [{"index": l, "values": […]}]}]}`;
 * HDF5 holds a dataset per sentence named "i", shaped [layers, words, hidden], plus
 * `sentence_to_index` (a JSON map from the sentence text to "i").
 */
import type { ActivationFormat, Aggregation, StorageDType } from '../options';

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

/** Reads an activation file one sentence at a time, in NeuroX's `load_activations` order. */
export interface ActivationFileReader {
  /** File name, for messages. */
  readonly file: string;
  /** Salient's metadata, when Salient wrote the file. */
  meta(): Promise<ActivationFileMeta | undefined>;
  sentences(): AsyncIterable<SentenceActivations>;
  close(): void;
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
