/**
 * Sharded extraction on real inputs: the first 300 sentences of EWT dev through
 * tiny-bert-en, extracted whole and in three shards (by --from/--to, mixing HDF5
 * and JSON, and by --shard i/n), merged, must equal the unsharded file exactly;
 * merge refuses gaps, overlaps and shards that do not belong together; `run
 * --activations` on the merged file needs no model and gives the run's result.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractShard, type ExtractShardOptions } from '../../src/cli/extract';
import { mergeShards } from '../../src/cli/merge';
import { runLca, type RunOptions } from '../../src/cli/run';
import { countWords } from '../../src/core/corpus';
import { planMerge, type ActivationFileMeta } from '../../src/core/interop';
import { decodeHalf } from '../../src/core/store/float16';
import { openActivationFile } from '../../src/node/activationFiles';
import { DATA, EWT_DEV, modelDir, readCorpus } from '../fixtures';
import { expectSame, readAll, tempDir } from '../interop/helpers';

const CORPUS = path.join(DATA, EWT_DEV);
const BIN = path.resolve(import.meta.dirname, '../../bin/salient.mjs');
const dir = tempDir();
const out = (name: string) => path.join(dir, name);
/** The first 300 sentences, as `--max-words` selects them: the corpus all shards split. */
const maxWords = countWords({ ...readCorpus(EWT_DEV), sentences: readCorpus(EWT_DEV).sentences.slice(0, 300) });
const silent = () => {};

function extract(options: Partial<ExtractShardOptions> & { out: string }) {
  return extractShard({ model: modelDir('tiny-bert-en'), corpus: CORPUS, maxWords, aggregation: 'last', format: 'hdf5', dtype: 'float16', device: 'cpu', log: silent, ...options });
}

async function expectSameFile(actual: string, expected: string): Promise<void> {
  const [a, b] = [await readAll(await openActivationFile(actual)), await readAll(await openActivationFile(expected))];
  expect(a.map((s) => [s.index, s.layers, s.words, s.hidden])).toEqual(b.map((s) => [s.index, s.layers, s.words, s.hidden]));
  // A JSON file holds the float16 values as decimals: compare values, not encodings.
  const floats = (v: Float32Array | Uint16Array) => (v instanceof Uint16Array ? decodeHalf(v) : v);
  a.forEach((s, i) => expectSame(floats(s.values), floats(b[i].values), `sentence ${i}`));
}

beforeAll(async () => {
  await extract({ out: out('whole.hdf5') });
  await extract({ from: 0, to: 100, out: out('a.hdf5') });
  await extract({ from: 100, to: 200, format: 'json', out: out('b.json') });
  await extract({ from: 200, to: 300, out: out('c.hdf5') });
}, 180_000);

describe('salient extract + merge', () => {
  it('records the corpus, the range and the model in every shard', async () => {
    const meta = await (await openActivationFile(out('b.json'))).meta();
    expect(meta).toMatchObject({ model: 'local/tiny-bert-en', corpus: 'en_ewt-ud-dev.conllu', corpusSentences: 300, from: 100, to: 200, aggregation: 'last', dtype: 'float16', layers: 5, hidden: 256 });
  });

  it('merges shards given in any order into exactly the unsharded extraction', async () => {
    const merged = await mergeShards({ shards: [out('c.hdf5'), out('a.hdf5'), out('b.json')], out: out('merged.hdf5'), format: 'hdf5', log: silent });
    expect(merged).toEqual(await (await openActivationFile(out('whole.hdf5'))).meta());
    await expectSameFile(out('merged.hdf5'), out('whole.hdf5'));
  });

  it('cuts --shard i/n by words, and those shards merge to the same file', async () => {
    const shards = [];
    for (let i = 0; i < 3; i++) shards.push((await extract({ shard: { index: i, count: 3 }, out: out(`shard-${i}.hdf5`) })).meta);
    expect(shards.map((m) => [m.from, m.to])).toEqual([[0, shards[0].to], [shards[0].to, shards[1].to], [shards[1].to, 300]]);
    await mergeShards({ shards: shards.map((_, i) => out(`shard-${i}.hdf5`)), out: out('merged-n.json'), format: 'json', log: silent });
    await expectSameFile(out('merged-n.json'), out('whole.hdf5'));
  });

  it('refuses a gap, naming the missing sentences, and leaves no output behind', async () => {
    await expect(mergeShards({ shards: [out('a.hdf5'), out('c.hdf5')], out: out('gap.hdf5'), format: 'hdf5', log: silent })).rejects.toThrow(
      `gap: no shard holds sentences 100–199 of en_ewt-ud-dev.conllu (after ${out('a.hdf5')}, before ${out('c.hdf5')})`,
    );
    await expect(mergeShards({ shards: [out('a.hdf5'), out('b.json')], out: out('gap.hdf5'), format: 'hdf5', log: silent })).rejects.toThrow(
      'gap: no shard holds sentences 200–299 of en_ewt-ud-dev.conllu (300 sentences;',
    );
    expect(existsSync(out('gap.hdf5')) || existsSync(out('gap.hdf5.partial'))).toBe(false);
    const run = spawnSync(process.execPath, [BIN, 'merge', '--out', out('gap.hdf5'), out('c.hdf5'), out('b.json')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('gap: no shard holds sentences 0–99');
  });
});

describe('planMerge', () => {
  const meta = (from: number, to: number, extra: Partial<ActivationFileMeta> = {}): ActivationFileMeta => ({
    format: 'salient-activations', version: 1, model: 'm', corpus: 'c.word', corpusHash: 'h', corpusSentences: 30, from, to, aggregation: 'last', dtype: 'float16', layers: 5, hidden: 256, ...extra,
  });

  it('refuses overlaps and shards of another model, corpus or aggregation', () => {
    expect(() => planMerge([{ file: 'x', meta: meta(0, 20) }, { file: 'y', meta: meta(10, 30) }])).toThrow('shards overlap: x holds sentences 0–19 and y holds 10–29 of c.word');
    expect(() => planMerge([{ file: 'x', meta: meta(0, 10) }, { file: 'y', meta: meta(10, 30, { model: 'n' }) }])).toThrow('y does not fit with x: model n ≠ m');
    expect(() => planMerge([{ file: 'x', meta: meta(0, 10) }, { file: 'y', meta: meta(10, 30, { corpusHash: 'g' }) }])).toThrow('corpusHash g ≠ h');
    expect(() => planMerge([{ file: 'x', meta: meta(0, 10) }, { file: 'y', meta: meta(10, 30, { aggregation: 'first' }) }])).toThrow('aggregation first ≠ last');
    expect(() => planMerge([{ file: 'neurox.hdf5' }])).toThrow('neurox.hdf5 has no Salient metadata');
    expect(planMerge([{ file: 'y', meta: meta(10, 30) }, { file: 'x', meta: meta(0, 10) }]).order.map((s) => s.file)).toEqual(['x', 'y']);
  });
});

describe('salient run --activations', () => {
  it('needs no model and gives the same result as extracting in the run', async () => {
    const options: RunOptions = {
      corpus: CORPUS, task: 'upos', aggregation: 'last', lambda1: 1e-5, lambda2: 1e-5, epochs: 2, seed: 1, maxTrainTokens: maxWords,
      out: out('run-files.json'), log: silent,
    };
    const fromFile = await runLca({ ...options, activations: { train: out('merged.hdf5') }, neuroxRanking: out('ranking.json') });
    const extracted = await runLca({ ...options, model: modelDir('tiny-bert-en'), device: 'cpu', out: out('run-model.json') });
    expect(fromFile.model).toBe('local/tiny-bert-en');
    expect(fromFile.oracle).toEqual(extracted.oracle);
    expect(fromFile.ranking).toEqual(extracted.ranking);
  }, 120_000);
});
