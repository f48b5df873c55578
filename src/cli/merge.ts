/**
 * `salient merge`: shard files of one corpus into one file, in sentence order,
 * after checking that they fit together (same model, corpus, aggregation and
 * size; no gap, no overlap). Streams one sentence at a time.
 */
import { planMerge, type ActivationFileMeta, type ShardFile } from '../core/interop';
import { createActivationFile, openActivationFile } from '../node/activationFiles';
import type { ActivationFormat, StorageDType } from '../core/options';

export interface MergeOptions {
  shards: string[];
  out: string;
  format: ActivationFormat;
  /** Precision of the merged file (default: the first shard's). */
  dtype?: StorageDType;
  log: (line: string) => void;
}

export async function mergeShards(options: MergeOptions): Promise<ActivationFileMeta> {
  const shards: ShardFile[] = [];
  for (const file of options.shards) {
    const reader = await openActivationFile(file);
    shards.push({ file, meta: await reader.meta() });
    reader.close();
  }
  const { order, meta } = planMerge(shards);
  const dtype = options.dtype ?? meta.dtype;
  const merged = { ...meta, dtype };
  const writer = createActivationFile(options.out, options.format, { dtype, meta: merged });
  let sentences = 0;
  try {
    for (const shard of order) {
      const { from, to } = shard.meta!;
      const reader = await openActivationFile(shard.file);
      try {
        for await (const sentence of reader.sentences()) {
          if (sentence.index !== sentences) throw new Error(`${shard.file}: found sentence ${sentence.index} where sentence ${sentences} should be`);
          writer.write(sentence, sentence.tokens ?? []);
          sentences++;
        }
      } finally {
        reader.close();
      }
      if (sentences !== to) throw new Error(`${shard.file} says it holds sentences ${from}–${to - 1} but ends at ${sentences - 1}`);
      options.log(`${shard.file}: sentences ${from}–${to - 1}`);
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  options.log(`merged ${order.length} shards, ${sentences} sentences of ${meta.corpus} → ${options.out}`);
  return merged;
}
