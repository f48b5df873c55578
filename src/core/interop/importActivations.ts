/**
 * An activation file into an activation store, checked against its corpus:
 * sentence by sentence, every sentence must have one vector per word and the same
 * layers and width as the first; errors name the sentence. Rows are written in
 * blocks, so neither the file nor a float32 copy of it is ever held whole.
 */
import { corpusHash, type Corpus } from '../corpus';
import type { ActivationMeta, ActivationStore } from '../store/activationStore';
import { decodeHalf } from '../store/float16';
import { preview, type ActivationFileMeta, type ActivationFileReader, type SentenceActivations } from './types';
import type { Aggregation, StorageDType } from '../options';

const BLOCK_ROWS = 4096;

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
  checkFileMeta(fileMeta, corpus, file);
  const total = corpus.sentences.length;
  const rowOffsets = [0];
  for (const s of corpus.sentences) rowOffsets.push(rowOffsets[rowOffsets.length - 1] + s.words.length);

  let store: ActivationStore | undefined;
  let block: RowBlock | undefined;
  let done = 0;
  for await (const sentence of reader.sentences()) {
    if (done === total) {
      if (options.prefix) break;
      throw new Error(`${file} has more sentences than ${corpus.name} (${total}): sentence ${sentence.index} has no line in ${corpus.name}`);
    }
    const words = corpus.sentences[done].words;
    const where = `${file}: sentence ${sentence.index} ("${preview(words.join(' '))}")`;
    if (sentence.words !== words.length) {
      throw new Error(`${where} has ${sentence.words} word vectors, but sentence ${done + 1} of ${corpus.name} has ${words.length} words`);
    }
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
      block = new RowBlock(store, sentence.layers, sentence.hidden);
    } else if (sentence.layers !== store.meta.layers || sentence.hidden !== store.meta.hidden) {
      throw new Error(`${where} has ${sentence.layers} layers × ${sentence.hidden} neurons, the first sentence has ${store.meta.layers} × ${store.meta.hidden}`);
    }
    await block!.add(sentence, rowOffsets[done]);
    done++;
    options.onProgress?.(done, total);
  }
  if (!store || done < total) {
    const missing = corpus.sentences[done]?.words ?? [];
    throw new Error(`${file} holds ${done} sentences but ${corpus.name} has ${total}: sentence ${done + 1} ("${preview(missing.join(' '))}") has no activations`);
  }
  await block!.flush();
  await store.finish();
  return { store, fileMeta };
}

/** A file Salient wrote says which corpus it belongs to: refuse shards and other corpora early. */
function checkFileMeta(meta: ActivationFileMeta | undefined, corpus: Corpus, file: string): void {
  if (!meta) return;
  if (meta.from !== 0 || meta.to !== meta.corpusSentences) {
    throw new Error(`${file} is a shard (sentences ${meta.from}–${meta.to - 1} of ${meta.corpus}, ${meta.corpusSentences} sentences): merge the shards first (salient merge)`);
  }
  const hash = corpusHash(corpus);
  if (meta.corpusSentences === corpus.sentences.length && meta.corpusHash !== hash) {
    throw new Error(`${file} was extracted from ${meta.corpus} (words hash ${meta.corpusHash}), not from ${corpus.name} (${hash})`);
  }
}

/** Gathers sentences' rows per layer and writes them to the store a block at a time. */
class RowBlock {
  private readonly buffers: Float32Array[];
  private start = 0;
  private rows = 0;

  constructor(
    private readonly store: ActivationStore,
    layers: number,
    private readonly hidden: number,
  ) {
    this.buffers = Array.from({ length: layers }, () => new Float32Array(BLOCK_ROWS * hidden));
  }

  async add(sentence: SentenceActivations, rowStart: number): Promise<void> {
    const { words, hidden, values } = sentence;
    if (this.rows > 0 && this.rows + words > BLOCK_ROWS) await this.flush();
    if (this.rows === 0) this.start = rowStart;
    if (words > BLOCK_ROWS) {
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
