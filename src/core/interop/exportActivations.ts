/**
 * Stored activations out as a NeuroX file, and extraction straight into one:
 * both hand the writer one sentence at a time, [layers × words × hidden].
 */
import { corpusHash, type Corpus } from '../corpus';
import type { ActivationMeta, ActivationSink, ActivationStore } from '../store/activationStore';
import type { ActivationFileMeta, ActivationFileWriter } from './types';

/** What a whole-corpus export records, so that importing it back keeps the model and aggregation. */
export function fileMetaFor(meta: ActivationMeta, corpus: Corpus, dtype = meta.dtype): ActivationFileMeta {
  const sentences = corpus.sentences.length;
  return {
    format: 'salient-activations',
    version: 1,
    model: meta.model,
    corpus: corpus.name,
    corpusHash: corpusHash(corpus),
    corpusSentences: sentences,
    from: 0,
    to: sentences,
    aggregation: meta.aggregation,
    dtype,
    layers: meta.layers,
    hidden: meta.hidden,
    ...(meta.neurons ? { neurons: meta.neurons } : {}),
    ...(meta.layerNumbers ? { layerNumbers: meta.layerNumbers } : {}),
  };
}

/** Writes every sentence of a store (one row per word, no special tokens) through `writer`, then closes it. */
export async function exportActivations(store: ActivationStore, sentences: readonly (readonly string[])[], writer: ActivationFileWriter): Promise<void> {
  const { meta } = store;
  if (meta.includeSpecialTokens) throw new Error('NeuroX files hold one vector per word: these activations also have rows for special tokens; extract them without');
  const rows = sentences.reduce((n, s) => n + s.length, 0);
  if (rows !== meta.rows) throw new Error(`the stored activations have ${meta.rows} rows but the corpus has ${rows} words`);
  // As stored (float16 bits stay 2 bytes a value): one copy of the activations, no float32 one.
  const layers = await Promise.all(Array.from({ length: meta.layers }, (_, l) => store.readLayerRaw(l)));
  let row = 0;
  sentences.forEach((words, index) => {
    writer.write({ index, tokens: [...words], layers: meta.layers, words: words.length, hidden: meta.hidden, values: sentenceValues(layers, row, words.length, meta.hidden) }, words);
    row += words.length;
  });
  writer.close();
}

/** Rows [row, row + words) of every layer, layer-major: NeuroX's [layers, words, hidden]. */
function sentenceValues(layers: (Uint16Array | Float32Array)[], row: number, words: number, hidden: number): Float32Array | Uint16Array {
  const size = words * hidden;
  const out = layers[0] instanceof Uint16Array ? new Uint16Array(layers.length * size) : new Float32Array(layers.length * size);
  layers.forEach((layer, l) => out.set(layer.subarray(row * hidden, row * hidden + size), l * size));
  return out;
}

/**
 * The extraction engine's sink for a file: each block of whole sentences it
 * produces is written out at once, so a shard never sits in memory.
 */
export class FileSink implements ActivationSink {
  private readonly rowOffsets: number[] = [0];
  private next = 0;

  /** `sentences` are those being extracted; the first is sentence `firstIndex` of the corpus. */
  constructor(
    private readonly writer: ActivationFileWriter,
    private readonly sentences: readonly (readonly string[])[],
    private readonly firstIndex: number,
    private readonly hidden: number,
  ) {
    for (const s of sentences) this.rowOffsets.push(this.rowOffsets[this.rowOffsets.length - 1] + s.length);
  }

  async writeRows(rowStart: number, layers: Float32Array[]): Promise<void> {
    if (rowStart !== this.rowOffsets[this.next]) throw new Error(`rows must arrive in sentence order: got row ${rowStart}, expected ${this.rowOffsets[this.next]}`);
    const rows = layers[0].length / this.hidden;
    const end = rowStart + rows;
    while (this.next < this.sentences.length && this.rowOffsets[this.next + 1] <= end) {
      const words = this.sentences[this.next];
      const local = this.rowOffsets[this.next] - rowStart;
      this.writer.write(
        { index: this.firstIndex + this.next, layers: layers.length, words: words.length, hidden: this.hidden, values: sentenceValues(layers, local, words.length, this.hidden) },
        words,
      );
      this.next++;
    }
    if (this.rowOffsets[this.next] !== end) throw new Error(`a block of ${rows} rows ends inside sentence ${this.firstIndex + this.next}`);
  }

  async finish(): Promise<void> {
    if (this.next !== this.sentences.length) throw new Error(`extraction ended after ${this.next} of ${this.sentences.length} sentences`);
    this.writer.close();
  }
}
