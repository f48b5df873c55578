/**
 * The CLI end to end on real inputs: tiny-bert-en, UPOS on EWT (train capped at 20,000
 * words, dev, test). Asserts relations, not a real BERT's numbers: the fixture is small.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLca } from '../../src/cli/run';
import type { LcaResult } from '../../src/core/evaluation';
import { DATA, modelDir } from '../fixtures';

const ewt = (split: string) => path.join(DATA, `ud-english-ewt/en_ewt-ud-${split}.conllu`);
const BIN = path.resolve(import.meta.dirname, '../../bin/salient.mjs');

describe('salient run', () => {
  let result: LcaResult;
  let written: LcaResult;
  const log: string[] = [];

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'salient-cli-')), 'result.json');
    result = await runLca({
      model: modelDir('tiny-bert-en'),
      corpus: ewt('train'),
      dev: ewt('dev'),
      test: ewt('test'),
      task: 'UPOS',
      aggregation: 'last',
      lambda1: 1e-5,
      lambda2: 1e-5,
      epochs: 10,
      maxTrainTokens: 20_000,
      seed: 1,
      out,
      log: (line) => log.push(line),
    });
    written = JSON.parse(readFileSync(out, 'utf8'));
  }, 1_200_000);

  it('writes the documented result schema', () => {
    for (const key of ['model', 'task', 'labels', 'layers', 'neuronsPerLayer', 'counts', 'unseen', 'probe', 'oracle', 'baseline', 'control', 'selectivity', 'ranking', 'stability', 'agreement', 'ablation', 'minimalSet', 'layerwise', 'layerDistribution', 'timings']) {
      expect(written).toHaveProperty(key);
    }
    expect(written.layers).toBe(5);
    expect(written.neuronsPerLayer).toBe(256);
    expect(written.counts).toEqual({ train: 20_000, dev: 25_147, test: 25_094 });
    expect(written.labels).toHaveLength(17);
    expect(written.ranking.ordering).toHaveLength(5 * 256);
    expect(new Set(written.ranking.ordering).size).toBe(5 * 256);
    expect(written.layerDistribution.reduce((a, b) => a + b, 0)).toBe(written.minimalSet!.size);
    expect(written.oracle.test.accuracy).toBe(result.oracle.test.accuracy);
    expect(log.some((line) => line.includes('extract train'))).toBe(true);
  });

  it('learns UPOS well above the majority class, and above its control task', () => {
    const testLabels = readFileSync(ewt('test'), 'utf8')
      .split('\n')
      .filter((l) => /^\d+\t/.test(l))
      .map((l) => l.split('\t')[3]);
    const counts = new Map<string, number>();
    for (const label of testLabels) counts.set(label, (counts.get(label) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / testLabels.length;
    expect(result.baseline!.majorityClass).toBe('NOUN');
    expect(result.baseline!.test).toBeCloseTo(counts.get('NOUN')! / testLabels.length, 12);
    expect(result.baseline!.test).toBeCloseTo(majority, 12);
    expect(result.oracle.test.accuracy).toBeGreaterThan(majority + 0.3);
    expect(result.selectivity).toBeGreaterThan(0);
    expect(result.baseline!.note).toBeNull();
    expect(log.some((l) => l.includes('majority class "NOUN" alone'))).toBe(true);
  });

  it('reports stability over three probe seeds and the agreement of three rankers', () => {
    expect(result.probe).toEqual({ l1Mode: 'gradient', lambda1: 1e-5, lambda2: 1e-5, epochs: 10, ranker: 'probe' });
    expect(result.stability!.seeds).toEqual([1, 2, 3]);
    expect(result.stability!.inTop).toHaveLength(5 * 256);
    for (const j of result.stability!.jaccard) expect(j.mean).toBeGreaterThan(0);
    expect(Object.keys(result.agreement!.rankings)).toEqual(['probe', 'probeless', 'ap']);
    expect(result.agreement!.overlap).toHaveLength(9);
    expect(log.some((l) => l.startsWith('stability over probe seeds 1, 2, 3'))).toBe(true);
  });

  it('ranks neurons so that the top 10% retrain better than the bottom 10%', () => {
    expect(result.ablation!.top['10'].retrain).toBeGreaterThan(result.ablation!.bottom['10'].retrain);
    expect(result.minimalSet!.devAccuracy).toBeGreaterThanOrEqual(result.oracle.dev.accuracy - 0.01);
  });
});

describe('the salient command', () => {
  it('prints usage, and rejects a run without a task', () => {
    const usage = spawnSync(process.execPath, [BIN], { encoding: 'utf8' });
    expect(usage.status).toBe(0);
    expect(usage.stderr).toContain('salient run --model');
    const missing = spawnSync(process.execPath, [BIN, 'run', '--model', modelDir('tiny-bert-en'), '--corpus', ewt('dev')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing --task');
  });

  it('refuses a flag outside its range before any work, naming the flag and what it allows', () => {
    const base = ['run', '--model', modelDir('tiny-bert-en'), '--corpus', ewt('dev'), '--task', 'upos'];
    const cases: [string[], string][] = [
      [['--epochs', 'abc'], '--epochs must be an integer ≥ 1, not "abc"'],
      [['--l1=-5'], '--l1 must be a number ≥ 0, not "-5"'],
      [['--seed', 'x'], '--seed must be an integer, not "x"'],
      [['--max-train-tokens', 'abc'], '--max-train-tokens must be an integer ≥ 1, not "abc"'],
      [['--aggregation', 'mean'], '--aggregation must be last, first or average, not "mean"'],
      [['--out', path.join(tmpdir(), 'no-such-folder', 'result.json')], 'no-such-folder does not exist'],
    ];
    for (const [flags, message] of cases) {
      const run = spawnSync(process.execPath, [BIN, ...base, ...flags], { encoding: 'utf8' });
      expect(run.status, flags.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('usage:');
      expect(run.stderr).not.toContain('loading');
    }
    const extract = spawnSync(process.execPath, [BIN, 'extract', '--model', 'm', '--corpus', 'c', '--out', 'x.hdf5', '--batch-size', '0'], { encoding: 'utf8' });
    expect(extract.status).toBe(2);
    expect(extract.stderr).toContain('--batch-size must be an integer ≥ 1, not "0"');
  });

  it('prints usage for --help and -h on every command (exit 0) and for an unknown flag (exit 2)', () => {
    for (const args of [['--help'], ['-h'], ['run', '--help'], ['run', '-h'], ['extract', '--help'], ['extract', '-h'], ['merge', '--help'], ['merge', '-h']]) {
      const help = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      expect(help.status, args.join(' ')).toBe(0);
      expect(help.stdout).toContain('usage:');
    }
    for (const command of ['run', 'extract', 'merge']) {
      const unknown = spawnSync(process.execPath, [BIN, command, '--bogus', '1'], { encoding: 'utf8' });
      expect(unknown.status, command).toBe(2);
      expect(unknown.stderr).toContain("Unknown option '--bogus'");
      expect(unknown.stderr).toContain(`salient ${command}`);
    }
  });

  it('names the file, line and column of a corpus error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'salient-cli-'));
    const bad = path.join(dir, 'bad.conllu');
    execFileSync('sh', ['-c', `printf '1\\tThe\\tthe\\tDET\\n\\n' > ${bad}`]);
    const run = spawnSync(process.execPath, [BIN, 'run', '--model', modelDir('tiny-bert-en'), '--corpus', bad, '--task', 'upos'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.conllu:1:\d+: /);
  });
});
