/**
 * An activation file into an activation store, checked against its corpus:
 * sentence by sentence, every sentence must have one vector per word and the same
 * layers and width as the first; errors name the sentence. Rows are written in
 * blocks, so neither the file nor a float32 copy of it is ever held whole.
 */
import { corpusHash, type Corpus } from '../corpus';
import type { ActivationMeta, ActivationStore } from '../store/activationStore';
import { decodeHalf } from '../store/float16';
import { ActivationFileError, preview, type ActivationFileMeta, type ActivationFileReader, type SentenceActivations, type ShapeCheck } from './types';
import type { Aggregation, StorageDType } from '../options';

const BLOCK_ROWS = 4096;
/** A block's buffers stay under this, however wide the model: rows per block shrink instead. */
const BLOCK_BYTES = 64 * 2 ** 20;

export interface ImportOptions {
  /** Key of the store: the corpus hash the app or CLI uses for this corpus. */
  corpusHash: string;
  /** Model id (default: the one Salient recorded in the file, else `neurox:<file>`). */
  model?: string;
  /** How subwords were aggregated (default: as recorded, else NeuroX's `last`). */
  aggregation?: Aggregation;
  /** Stored precision (default: the file's; JSON is float32). */
  dtype?: StorageDType;
  /** The corpus is the start of the file's corpus (a capped training set): read only its sentences. */
  prefix?: boolean;
  /** With `prefix`: the whole corpus it was cut from, whose hash a file Salient wrote must carry. */
  whole?: Corpus;
  createStore(meta: ActivationMeta): Promise<ActivationStore> | ActivationStore;
  onProgress?: (sentencesDone: number, sentences: number) => void;
}

export interface ImportResult {
  store: ActivationStore;
  fileMeta?: ActivationFileMeta;
}

export async function importActivations(reader: ActivationFileReader, corpus: Corpus, options: ImportOptions): Promise<ImportResult> {
  const file = reader.file;
  const fileMeta = await reader.meta();
  checkFileMeta(fileMeta, options.prefix && options.whole ? [corpus, options.whole] : [corpus], file);
  const total = corpus.sentences.length;
  const rowOffsets = [0];
  for (const s of corpus.sentences) rowOffsets.push(rowOffsets[rowOffsets.length - 1] + s.words.length);

  let store: ActivationStore | undefined;
  let block: RowBlock | undefined;
  let done = 0;
  let stop = false;
  // Each sentence's declared shape is checked against the corpus before its values are allocated.
  const check: ShapeCheck = (shape) => {
    if (done === total) {
      if (options.prefix) {
        stop = true;
        throw new StopReading();
      }
      throw new ActivationFileError(file, `${file} has more sentences than ${corpus.name} (${total}): sentence ${shape.index} has no line in ${corpus.name}`, shape.line);
    }
    const words = corpus.sentences[done].words;
    if (shape.words !== words.length) {
      const where = `${file}${shape.line ? `:${shape.line}` : ''}: sentence ${shape.index} ("${preview(words.join(' '))}")`;
      throw new ActivationFileError(file, `${where} has ${shape.words} word vectors, but sentence ${done + 1} of ${corpus.name} has ${words.length} words`, shape.line);
    }
    if (store && (shape.layers !== store.meta.layers || shape.hidden !== store.meta.hidden)) {
      throw new ActivationFileError(file, `${shape.where} has ${shape.layers} layers × ${shape.hidden} neurons, the first sentence has ${store.meta.layers} × ${store.meta.hidden}`, shape.line);
    }
  };
  const sentences = reader.sentences(check)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<SentenceActivations>;
    try {
      next = await sentences.next();
    } catch (error) {
      if (stop && error instanceof StopReading) break;
      throw error;
    }
    if (next.done) break;
    const sentence = next.value;
    if (!store) {
      store = await options.createStore({
        model: options.model ?? fileMeta?.model ?? `neurox:${file}`,
        corpusHash: options.corpusHash,
        aggregation: options.aggregation ?? fileMeta?.aggregation ?? 'last',
        includeSpecialTokens: false,
        dtype: options.dtype ?? (sentence.values instanceof Uint16Array ? 'float16' : 'float32'),
        layers: sentence.layers,
        hidden: sentence.hidden,
        rows: rowOffsets[total],
        sentences: total,
        rowOffsets,
        droppedWords: 0,
        complete: false,
        createdAt: new Date().toISOString(),
      });
      block = new RowBlock(store, sentence.layers, sentence.hidden, rowOffsets[total]);
    }
    await block!.add(sentence, rowOffsets[done]);
    done++;
    options.onProgress?.(done, total);
  }
  if (!store || done < total) {
    const missing = corpus.sentences[done]?.words ?? [];
    throw new ActivationFileError(file, `${file} holds ${done} sentences but ${corpus.name} has ${total}: sentence ${done + 1} ("${preview(missing.join(' '))}") has no activations`);
  }
  await block!.flush();
  await store.finish();
  return { store, fileMeta };
}

/** Ends reading early (a prefix corpus has all its sentences). */
class StopReading extends Error {}

/**
 * A file Salient wrote says which corpus it belongs to: refuse shards and other corpora early.
 * The hash must always match one of `corpora` (a prefix, or the whole corpus it was cut from):
 * the metadata names the run's model, so a file must not borrow another corpus's.
 */
function checkFileMeta(meta: ActivationFileMeta | undefined, corpora: Corpus[], file: string): void {
  if (!meta) return;
  if (meta.from !== 0 || meta.to !== meta.corpusSentences) {
    throw new ActivationFileError(file, `${file} is a shard (sentences ${meta.from}–${meta.to - 1} of ${meta.corpus}, ${meta.corpusSentences} sentences): merge the shards first (salient merge)`);
  }
  const corpus = corpora[0];
  const hash = corpusHash(corpus);
  const fits = (c: Corpus) => meta.corpusSentences === c.sentences.length && meta.corpusHash === (c === corpus ? hash : corpusHash(c));
  if (!corpora.some(fits)) {
    throw new ActivationFileError(file, `${file} was extracted from ${meta.corpus} (${meta.corpusSentences} sentences, words hash ${meta.corpusHash}), not from ${corpus.name} (${corpus.sentences.length} sentences, ${hash})`);
  }
}

/** Gathers sentences' rows per layer and writes them to the store a block at a time. */
class RowBlock {
  private readonly buffers: Float32Array[];
  private start = 0;
  private rows = 0;

  private readonly capacity: number;

  constructor(
    private readonly store: ActivationStore,
    layers: number,
    private readonly hidden: number,
    totalRows: number,
  ) {
    // Never more rows than the corpus has, nor more bytes than BLOCK_BYTES: a file declaring a wide model allocates no more than it holds.
    this.capacity = Math.max(1, Math.min(BLOCK_ROWS, totalRows, Math.floor(BLOCK_BYTES / (layers * hidden * 4))));
    this.buffers = Array.from({ length: layers }, () => new Float32Array(this.capacity * hidden));
  }

  async add(sentence: SentenceActivations, rowStart: number): Promise<void> {
    const { words, hidden, values } = sentence;
    if (this.rows > 0 && this.rows + words > this.capacity) await this.flush();
    if (this.rows === 0) this.start = rowStart;
    if (words > this.capacity) {
      // A sentence longer than a block goes alone, in its own buffers.
      await this.store.writeRows(rowStart, this.buffers.map((_, l) => layerRows(values, l, words, hidden)));
      return;
    }
    this.buffers.forEach((buffer, l) => {
      const target = buffer.subarray(this.rows * hidden, (this.rows + words) * hidden);
      const source = values.subarray(l * words * hidden, (l + 1) * words * hidden);
      if (source instanceof Uint16Array) decodeHalf(source, target);
      else target.set(source);
    });
    this.rows += words;
  }

  async flush(): Promise<void> {
    if (this.rows === 0) return;
    await this.store.writeRows(this.start, this.buffers.map((b) => b.subarray(0, this.rows * this.hidden)));
    this.rows = 0;
  }
}

function layerRows(values: Float32Array | Uint16Array, layer: number, words: number, hidden: number): Float32Array {
  const source = values.subarray(layer * words * hidden, (layer + 1) * words * hidden);
  return source instanceof Uint16Array ? decodeHalf(source) : source.slice();
}
