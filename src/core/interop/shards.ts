/**
 * Sharded extraction: which sentences a shard holds, and whether shard files fit
 * together (same model, corpus, aggregation and size; no gaps or overlaps).
 */
import type { ActivationFileMeta } from './types';

/** Sentences [from, to) of shard `shard` (0-based) of `shards`, cut so that shards hold about as many words. */
export function shardRange(sentenceLengths: readonly number[], shard: number, shards: number): [number, number] {
  if (!Number.isInteger(shards) || shards < 1 || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
    throw new Error(`shard ${shard} of ${shards}: expected 0 ≤ shard < shards`);
  }
  const total = sentenceLengths.reduce((a, b) => a + b, 0);
  const boundary = (k: number): number => {
    if (k === 0) return 0;
    if (k === shards) return sentenceLengths.length;
    let words = 0;
    let s = 0;
    while (s < sentenceLengths.length && words < (k * total) / shards) words += sentenceLengths[s++];
    return s;
  };
  return [boundary(shard), boundary(shard + 1)];
}

export interface ShardFile {
  file: string;
  meta?: ActivationFileMeta;
}

const MUST_MATCH = ['model', 'corpusHash', 'corpusSentences', 'aggregation', 'layers', 'hidden', 'neurons', 'layerNumbers'] as const;
const show = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value ?? 'outputs'));

/** The shards in sentence order, or an error saying what does not fit; returns the merged file's metadata. */
export function planMerge(shards: readonly ShardFile[]): { order: ShardFile[]; meta: ActivationFileMeta } {
  if (shards.length === 0) throw new Error('no shard files to merge');
  for (const s of shards) {
    if (!s.meta) throw new Error(`${s.file} has no Salient metadata: only files written by "salient extract" can be merged`);
  }
  const first = shards[0];
  for (const s of shards.slice(1)) {
    for (const key of MUST_MATCH) {
      if (show(s.meta![key]) !== show(first.meta![key])) {
        throw new Error(`${s.file} does not fit with ${first.file}: ${key} ${show(s.meta![key])} ≠ ${show(first.meta![key])}`);
      }
    }
  }
  const order = [...shards].sort((a, b) => a.meta!.from - b.meta!.from || a.meta!.to - b.meta!.to);
  const { corpus, corpusSentences } = first.meta!;
  let covered = 0;
  let previous: ShardFile | undefined;
  for (const s of order) {
    const { from, to } = s.meta!;
    if (from < covered) throw new Error(`shards overlap: ${previous!.file} holds sentences ${previous!.meta!.from}–${covered - 1} and ${s.file} holds ${from}–${to - 1} of ${corpus}`);
    if (from > covered) throw new Error(`gap: no shard holds sentences ${covered}–${from - 1} of ${corpus}${previous ? ` (after ${previous.file}, before ${s.file})` : ` (before ${s.file})`}`);
    covered = to;
    previous = s;
  }
  if (covered !== corpusSentences) throw new Error(`gap: no shard holds sentences ${covered}–${corpusSentences - 1} of ${corpus} (${corpusSentences} sentences; the last shard is ${previous!.file})`);
  return { order, meta: { ...first.meta!, from: 0, to: corpusSentences } };
}
