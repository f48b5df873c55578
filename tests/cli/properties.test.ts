/**
 * Several properties in one CLI run (`--task` repeated) on real inputs: tiny-bert-en on the first
 * 4,000 words of EWT dev (seeded train/dev/test split), UPOS, suffix:3 and DEPREL on one extraction.
 * The summary's properties × layers numbers must be the ones the result files give.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { LcaResult, PropertiesSummary } from '../../src/core/evaluation';
import { DATA, modelDir } from '../fixtures';

const TASKS = ['upos', 'suffix:3', 'deprel'];

describe('salient run with several --task', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'salient-props-'));
  let summary: PropertiesSummary & { model: string; files: Record<string, string> };
  let results: LcaResult[];

  beforeAll(async () => {
    const args = ['run', '--model', modelDir('tiny-bert-en'), '--corpus', path.join(DATA, 'ud-english-ewt/en_ewt-ud-dev.conllu'), '--max-train-tokens', '4000', '--epochs', '5'];
    for (const t of TASKS) args.push('--task', t);
    args.push('--out', path.join(dir, 'result.json'));
    expect(await main(args)).toBe(0);
    summary = JSON.parse(readFileSync(path.join(dir, 'result.summary.json'), 'utf8'));
    results = TASKS.map((t) => JSON.parse(readFileSync(path.join(dir, summary.files[t]), 'utf8')));
  }, 900_000);

  it('writes one full result per property and a summary', () => {
    expect(readdirSync(dir).sort()).toEqual(['result.deprel.json', 'result.suffix-3.json', 'result.summary.json', 'result.upos.json']);
    expect(results.map((r) => r.task)).toEqual(TASKS);
    for (const r of results) {
      expect(r.ranking.ordering).toHaveLength(5 * 256);
      expect(r.oracle.test.accuracy).toBeGreaterThan(0);
      // One extraction: every property saw the same words.
      expect(r.timings.extract).toBe(results[0].timings.extract);
    }
    expect(summary.properties.map((p) => p.task)).toEqual(TASKS);
  });

  it('has properties × layers shares and mean layers equal to the result files', () => {
    const top = Math.round((5 * 256 * summary.percent) / 100);
    summary.properties.forEach((p, i) => {
      const counts = new Array(5).fill(0);
      for (const n of results[i].ranking.ordering.slice(0, top)) counts[Math.floor(n / 256)]++;
      expect(p.top).toBe(top);
      expect(p.counts).toEqual(counts);
      expect(p.shares).toEqual(counts.map((c) => c / top));
      expect(p.meanLayer).toBeCloseTo(counts.reduce((s, c, l) => s + c * l, 0) / top, 12);
    });
  });

  it('has the overlap of top neurons equal to the result files', () => {
    const top = Math.round((5 * 256 * summary.percent) / 100);
    const sets = results.map((r) => new Set(r.ranking.ordering.slice(0, top)));
    expect(summary.overlap.map((o) => [o.a, o.b])).toEqual([
      ['upos', 'suffix:3'],
      ['upos', 'deprel'],
      ['suffix:3', 'deprel'],
    ]);
    for (const o of summary.overlap) {
      const [a, b] = [sets[TASKS.indexOf(o.a)], sets[TASKS.indexOf(o.b)]];
      const shared = [...a].filter((n) => b.has(n)).length;
      expect(o.shared).toBe(shared);
      expect(o.jaccard).toBeCloseTo(shared / (a.size + b.size - shared), 12);
    }
  });
});
