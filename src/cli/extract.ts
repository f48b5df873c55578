/**
 * `salient extract`: every layer's activations for a range of a corpus's
 * sentences, written as a NeuroX file (HDF5 or JSON lines) carrying Salient's
 * metadata, so that shards extracted on several machines can be merged. Rows go
 * from the engine to the file a block of sentences at a time.
 */
import { existsSync } from 'node:fs';
import { corpusHash, firstWords, type Corpus } from '../core/corpus';
import { extractActivations } from '../core/extract/extractor';
import { FileSink, shardRange, type ActivationFileMeta } from '../core/interop';
import { hubSource, DEFAULT_HUB_HOST } from '../core/model/sources';
import { createActivationFile } from '../node/activationFiles';
import { fsModelSource } from '../node/fsModelSource';
import { loadNodeModel, nodeOrt } from '../node/ortDevice';
import { readCorpus } from '../node/readCorpus';
import type { ActivationFormat, Aggregation, Device, StorageDType } from '../core/options';

export interface ExtractShardOptions {
  model: string;
  corpus: string;
  columns?: string[];
  /** Sentences [from, to) (0-based); default the whole corpus. */
  from?: number;
  to?: number;
  /** Shard `index` of `count`, balanced by words (instead of from/to): a Slurm array task. */
  shard?: { index: number; count: number };
  /** Only the first sentences holding this many words make up the corpus (as `run --max-train-tokens`). */
  maxWords?: number;
  aggregation: Aggregation;
  format: ActivationFormat;
  dtype: StorageDType;
  batchSize?: number;
  device?: Device;
  hubHost?: string;
  out: string;
  log: (line: string) => void;
}

export interface ExtractShardResult {
  meta: ActivationFileMeta;
  words: number;
  seconds: number;
}

export async function extractShard(options: ExtractShardOptions): Promise<ExtractShardResult> {
  const started = performance.now();
  let corpus: Corpus = readCorpus(options.corpus, { columns: options.columns, wordsOnly: true });
  if (options.maxWords) corpus = firstWords(corpus, options.maxWords);
  const total = corpus.sentences.length;
  const [from, to] = options.shard
    ? shardRange(corpus.sentences.map((s) => s.words.length), options.shard.index, options.shard.count)
    : [options.from ?? 0, options.to ?? total];
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= total)) {
    throw new Error(`sentence range ${from}–${to} is not inside ${corpus.name} (${total} sentences; --from is inclusive, --to exclusive)`);
  }
  const sentences = corpus.sentences.slice(from, to).map((s) => s.words);

  const source = existsSync(options.model) ? fsModelSource(options.model) : hubSource(options.model, { host: options.hubHost ?? DEFAULT_HUB_HOST });
  options.log(`loading ${source.origin}`);
  const model = await loadNodeModel(source, options.device ?? 'auto', options.log);
  const meta: ActivationFileMeta = {
    format: 'salient-activations',
    version: 1,
    model: model.id,
    corpus: corpus.name,
    corpusHash: corpusHash(corpus),
    corpusSentences: total,
    from,
    to,
    aggregation: options.aggregation,
    dtype: options.dtype,
    layers: model.taps.length,
    hidden: model.hidden,
  };
  options.log(`sentences ${from}–${to - 1} of ${corpus.name} (${total}); ${meta.layers} layers × ${meta.hidden} → ${options.out}`);
  const writer = createActivationFile(options.out, options.format, { dtype: options.dtype, meta });
  try {
    const summary = await extractActivations(model, nodeOrt, sentences, new FileSink(writer, sentences, from, model.hidden), {
      aggregation: options.aggregation,
      includeSpecialTokens: false,
      batchSize: options.batchSize,
      onProgress: (p) => options.log(`extract: ${p.sentencesDone}/${p.sentences} sentences, ${Math.round(p.tokensPerSecond)} tokens/s`),
    });
    if (summary.droppedWords.length) options.log(`warning: ${summary.droppedWords.length} words tokenized to nothing (zero vectors), e.g. "${summary.droppedWords[0].text}"`);
    return { meta, words: summary.rows, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    await model.session.release();
  }
}
