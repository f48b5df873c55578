/**
 * `--neurons outputs|mlp|both` and `--layers` in `salient extract` and `salient
 * run`, on the llama decoder fixture and the first 200 sentences of EWT dev.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractShard, outFileFor } from '../../src/cli/extract';
import { mergeShards } from '../../src/cli/merge';
import { runLca } from '../../src/cli/run';
import { countWords } from '../../src/core/corpus';
import type { LcaResult } from '../../src/core/evaluation';
import { openActivationFile } from '../../src/node/activationFiles';
import { DATA, EWT_DEV, MODELS, readCorpus } from '../fixtures';
import { expectSame, readAll, tempDir } from '../interop/helpers';

const CORPUS = path.join(DATA, EWT_DEV);
const LLAMA = path.join(MODELS, 'arch/llama');
const BIN = path.resolve(import.meta.dirname, '../../bin/salient.mjs');
const dir = tempDir();
const out = (name: string) => path.join(dir, name);
const maxWords = countWords({ ...readCorpus(EWT_DEV), sentences: readCorpus(EWT_DEV).sentences.slice(0, 200) });
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('salient extract --neurons', () => {
  beforeAll(() => {
    const both = cli('extract', '--model', LLAMA, '--corpus', CORPUS, '--max-words', String(maxWords), '--neurons', 'both', '--dtype', 'float32', '--device', 'cpu', '--out', out('both.hdf5'));
    expect(both.status, both.stderr).toBe(0);
  }, 120_000);

  it('both: layer outputs in --out, MLP neurons beside it, each labelled in its metadata', async () => {
    expect(outFileFor(out('both.hdf5'), 'mlp', 'both')).toBe(out('both.mlp.hdf5'));
    const outputs = await openActivationFile(out('both.hdf5'));
    const mlp = await openActivationFile(out('both.mlp.hdf5'));
    expect(await outputs.meta()).toMatchObject({ layers: 4, hidden: 64, to: 200 });
    expect((await outputs.meta())!.neurons).toBeUndefined();
    expect(await mlp.meta()).toMatchObject({ layers: 3, hidden: 128, neurons: 'mlp', to: 200 });
    outputs.close();
    mlp.close();
  });

  it('mlp alone gives the same MLP values as both, and a layer selection the same layers', async () => {
    await extractShard({ model: LLAMA, corpus: CORPUS, maxWords, aggregation: 'last', neurons: 'mlp', format: 'hdf5', dtype: 'float32', device: 'cpu', out: out('mlp.hdf5'), log: () => {} });
    const [alone, fromBoth] = [await readAll(await openActivationFile(out('mlp.hdf5'))), await readAll(await openActivationFile(out('both.mlp.hdf5')))];
    alone.forEach((s, i) => expectSame(s.values as Float32Array, fromBoth[i].values as Float32Array, `sentence ${i}`));

    const picked = cli('extract', '--model', LLAMA, '--corpus', CORPUS, '--max-words', String(maxWords), '--neurons', 'mlp', '--layers', '2-3', '--dtype', 'float32', '--device', 'cpu', '--out', out('mlp-2-3.json'));
    expect(picked.status, picked.stderr).toBe(0);
    const reader = await openActivationFile(out('mlp-2-3.json'));
    expect(await reader.meta()).toMatchObject({ neurons: 'mlp', layers: 2, layerNumbers: [2, 3] });
    const selected = await readAll(reader);
    // Layers 2 and 3 of the selection are MLP layers 2 and 3 (file rows 1 and 2) of the full extraction.
    const s = alone[5];
    const per = s.words * s.hidden;
    expectSame(selected[5].values as Float32Array, (s.values as Float32Array).subarray(per, 3 * per), 'sentence 5, MLP layers 2–3');
  });

  it('merge refuses to join layer outputs and MLP neurons', async () => {
    await expect(mergeShards({ shards: [out('both.hdf5'), out('mlp.hdf5')], out: out('mixed.hdf5'), format: 'hdf5', log: () => {} })).rejects.toThrow(/does not fit/);
  });

  it('a bad --neurons or --layers is a usage error', () => {
    expect(cli('extract', '--model', LLAMA, '--corpus', CORPUS, '--neurons', 'ffn', '--out', out('x.hdf5')).stderr).toContain('--neurons must be outputs, mlp or both');
    expect(cli('extract', '--model', LLAMA, '--corpus', CORPUS, '--layers', 'odd', '--out', out('x.hdf5')).stderr).toContain('is not a layer selection');
  });
});

describe('salient run --neurons both', () => {
  let outputs: LcaResult;
  let mlp: LcaResult;
  beforeAll(async () => {
    await runLca({
      model: LLAMA, corpus: CORPUS, task: 'upos', aggregation: 'last', neurons: 'both', lambda1: 1e-5, lambda2: 1e-5, epochs: 2, seed: 1, maxTrainTokens: maxWords,
      device: 'cpu', out: out('result.json'), log: () => {},
    });
    outputs = JSON.parse(readFileSync(out('result.json'), 'utf8'));
    mlp = JSON.parse(readFileSync(out('result.mlp.json'), 'utf8'));
  }, 180_000);

  it('writes one result per kind, the MLP one labelled as MLP neurons', () => {
    expect([outputs.layers, outputs.neuronsPerLayer, outputs.neurons]).toEqual([4, 64, undefined]);
    expect([mlp.layers, mlp.neuronsPerLayer, mlp.neurons]).toEqual([3, 128, 'mlp']);
    expect(mlp.ranking.ordering).toHaveLength(3 * 128);
    expect(mlp.counts).toEqual(outputs.counts);
  });

  it('salient run --neurons mlp from the command line gives the MLP result of both', () => {
    const run = cli('run', '--model', LLAMA, '--corpus', CORPUS, '--task', 'upos', '--neurons', 'mlp', '--epochs', '2', '--max-train-tokens', String(maxWords), '--device', 'cpu', '--out', out('mlp-only.json'));
    expect(run.status, run.stderr).toBe(0);
    const alone: LcaResult = JSON.parse(readFileSync(out('mlp-only.json'), 'utf8'));
    expect(alone.neurons).toBe('mlp');
    expect(alone.oracle).toEqual(mlp.oracle);
    expect(alone.ranking).toEqual(mlp.ranking);
  }, 180_000);
});
