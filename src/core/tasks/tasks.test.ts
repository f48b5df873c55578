import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConllu } from '../corpus/conllu';
import { parseParallel } from '../corpus/parallel';
import type { Corpus } from '../corpus/types';
import { buildTask, OTHER } from './build';
import { controlTask } from './control';
import { parseLabelSpec } from './labels';
import { createRng, hashString, permutation } from '../util/random';
import { splitSentences } from './split';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const read = (p: string) => readFileSync(path.join(DATA, p), 'utf8');
const ewt = (split: string) => parseConllu(read(`ud-english-ewt/en_ewt-ud-${split}.conllu`), split);
const train = ewt('train');
const dev = ewt('dev');
const test = ewt('test');

const tiny = (words: string, labels: string): Corpus => parseParallel(words, labels, { words: 'w', labels: 'l' });

describe('random', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect([...permutation(10, createRng(1))].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hashString('the', 1)).not.toBe(hashString('the', 2));
  });
});

describe('parseLabelSpec', () => {
  it('reads every notation', () => {
    expect(parseLabelSpec('upos')).toEqual({ kind: 'column', column: 'upos' });
    expect(parseLabelSpec('feats:Number')).toEqual({ kind: 'column', column: 'feats:Number' });
    expect(parseLabelSpec('suffix:3')).toEqual({ kind: 'suffix', length: 3 });
    expect(parseLabelSpec('regex:[0-9]+')).toEqual({ kind: 'regex', pattern: '[0-9]+' });
    expect(parseLabelSpec('words:the,a')).toEqual({ kind: 'wordList', words: ['the', 'a'] });
    expect(parseLabelSpec('sentence:label')).toEqual({ kind: 'sentence', column: 'label' });
    expect(() => parseLabelSpec('suffix:0')).toThrow(/positive integer/);
    expect(() => parseLabelSpec('regex:(')).toThrow();
  });
});

describe('buildTask', () => {
  it('uses the given EWT splits for UPOS with the published counts', () => {
    const t = buildTask({ kind: 'column', column: 'upos' }, { train, dev, test });
    expect(t.labels).toHaveLength(17);
    expect(t.stats.splitBy).toBe('given');
    expect([t.train.y.length, t.dev.y.length, t.test.y.length]).toEqual([204577, 25147, 25094]);
    expect(t.train.words[0]).toBe('Al');
    expect(t.labels[t.train.y[0]]).toBe('PROPN');
    expect(t.dev.source).toBe('dev');
    expect(t.stats.classCounts.train.reduce((a, b) => a + b, 0)).toBe(204577);
  });

  it('caps training tokens at the first N in corpus order', () => {
    const t = buildTask({ kind: 'column', column: 'upos' }, { train, dev, test }, { maxTrainTokens: 150000 });
    expect(t.train.y.length).toBe(150000);
    expect(t.stats.truncatedTrain).toBe(54577);
    expect(Array.from(t.train.rows.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(t.train.rows[149999]).toBe(149999);
  });

  it('maps rare XPOS labels to OTHER or drops them, and handles labels unseen in training', () => {
    const small = { train: { ...train, sentences: train.sentences.slice(0, 300) }, dev, test };
    const merged = buildTask({ kind: 'column', column: 'xpos' }, small, { minLabelCount: 20, unseenLabels: 'other' });
    expect(merged.labels[merged.labels.length - 1]).toBe(OTHER);
    expect(merged.stats.rareLabels.length).toBeGreaterThan(0);
    for (const l of merged.stats.rareLabels) expect(merged.labels).not.toContain(l);
    expect(merged.dev.y.length).toBe(25147);
    const dropped = buildTask({ kind: 'column', column: 'xpos' }, small, { minLabelCount: 20, rareLabels: 'drop', unseenLabels: 'drop' });
    expect(dropped.labels).not.toContain(OTHER);
    expect(dropped.dev.y.length).toBe(25147 - dropped.stats.droppedRare.dev - dropped.stats.unseen.dev);
    expect(dropped.stats.unseen.handling).toBe('drop');
  });

  it('maps dev/test labels never seen in training to a catch-all, as NeuroX does, and reports them', () => {
    const tr = tiny('a b\nc d\n', 'X Y\nX Y\n');
    const dv = tiny('e f\n', 'X Z\n');
    const t = buildTask({ kind: 'column', column: 'label' }, { train: tr, dev: dv, test: dv });
    expect(t.labels).toEqual(['X', 'Y', OTHER]);
    expect(t.stats.unseen).toEqual({ dev: 1, test: 1, labels: ['Z'], handling: 'other' });
    expect(Array.from(t.dev.y)).toEqual([0, 2]);
    const dropped = buildTask({ kind: 'column', column: 'label' }, { train: tr, dev: dv, test: dv }, { unseenLabels: 'drop' });
    expect(dropped.labels).toEqual(['X', 'Y']);
    expect(dropped.stats.unseen).toEqual({ dev: 1, test: 1, labels: ['Z'], handling: 'drop' });
    expect(Array.from(dropped.dev.rows)).toEqual([0]);
  });

  it('excludes FEATS placeholder labels and probes a feature key', () => {
    const t = buildTask({ kind: 'column', column: 'feats:Number' }, { train, dev, test }, { excludeLabels: ['_'] });
    expect(t.labels).toEqual(['Plur', 'Ptan', 'Sing']);
    expect(t.stats.excluded.train).toBeGreaterThan(50000);
  });

  it('splits a single corpus by sentence with a seed, disjointly and reproducibly', () => {
    const c = parseConllu(read('ud-pud/en/en_pud-ud-test.conllu'), 'pud');
    const a = buildTask({ kind: 'column', column: 'upos' }, { train: c }, { seed: 3 });
    const b = buildTask({ kind: 'column', column: 'upos' }, { train: c }, { seed: 3 });
    expect(Array.from(a.test.rows)).toEqual(Array.from(b.test.rows));
    expect(a.stats.splitBy).toBe('seeded');
    const all = [...a.train.rows, ...a.dev.rows, ...a.test.rows];
    expect(new Set(all).size).toBe(all.length);
    const words = c.sentences.reduce((n, s) => n + s.words.length, 0);
    expect(all.length).toBe(words); // unseen dev/test labels map to the catch-all: nothing is dropped
    expect(a.dev.source).toBe('train');
    const s = splitSentences(1000, [0.8, 0.1, 0.1], 3);
    expect([s.train.length, s.dev.length, s.test.length]).toEqual([800, 100, 100]);
  });

  it('builds suffix, word-list and regex concepts', () => {
    const c = tiny('The cats walked home\nDogs barked\n', 'a b c d\ne f\n');
    const suffix = buildTask({ kind: 'suffix', length: 2 }, { train: c, dev: c, test: c });
    expect(suffix.train.y.length).toBe(6);
    expect(Array.from(suffix.train.y, (y) => suffix.labels[y])).toEqual(['he', 'ts', 'ed', 'me', 'gs', 'ed']);
    const list = buildTask({ kind: 'wordList', words: ['the', 'home'] }, { train: c, dev: c, test: c });
    expect(Array.from(list.train.y, (y) => list.labels[y])).toEqual(['positive', 'negative', 'negative', 'positive', 'negative', 'negative']);
    // NeuroX uses re.match: anchored at the start only.
    const re = buildTask({ kind: 'regex', pattern: '[a-z]+ed' }, { train: c, dev: c, test: c });
    expect(Array.from(re.train.y, (y) => re.labels[y])).toEqual(['negative', 'negative', 'positive', 'negative', 'negative', 'positive']);
  });

  it('undersamples training classes to the smallest class', () => {
    const t = buildTask({ kind: 'regex', pattern: '[0-9]' }, { train, dev, test }, { balance: true, seed: 5 });
    const [neg, pos] = t.stats.classCounts.train;
    expect(neg).toBe(pos);
    expect(pos).toBeGreaterThan(1000);
    expect(t.stats.removedByBalance).toBe(204577 - 2 * pos);
    expect(t.test.y.length).toBe(25094);
  });

  it('builds sentence-level tasks', () => {
    const c = parseParallel('good film\nbad plot\nfine\n', 'pos\nneg\npos\n', { words: 'w', labels: 'l' }, { sentenceLevel: true });
    const t = buildTask({ kind: 'sentence', column: 'label' }, { train: c, dev: c, test: c });
    expect(t.level).toBe('sentence');
    expect(Array.from(t.train.rows)).toEqual([0, 1, 2]);
    expect(t.train.words).toEqual(['good film', 'bad plot', 'fine']);
    expect(() => controlTask(t)).toThrow(/word-level/);
  });

  it('names a missing column', () => {
    expect(() => buildTask({ kind: 'column', column: 'ner' }, { train, dev, test })).toThrow(/has no column 'ner'/);
  });
});

describe('controlTask', () => {
  it('gives each word type one label drawn from the training distribution', () => {
    const t = buildTask({ kind: 'column', column: 'upos' }, { train, dev, test });
    const c = controlTask(t, 11);
    const seen = new Map<string, number>();
    for (const split of [c.train, c.dev, c.test]) {
      split.words.forEach((w, i) => {
        if (seen.has(w)) expect(split.y[i]).toBe(seen.get(w));
        seen.set(w, split.y[i]);
      });
    }
    // Type-level draws from the token distribution: the commonest class is the commonest type label.
    const typeCounts = new Array(t.labels.length).fill(0);
    for (const y of seen.values()) typeCounts[y]++;
    const argmax = (a: number[]) => a.indexOf(Math.max(...a));
    expect(argmax(typeCounts)).toBe(argmax(t.stats.classCounts.train));
    expect(c.labels).toEqual(t.labels);
    expect(Array.from(controlTask(t, 11).test.y.subarray(0, 50))).toEqual(Array.from(c.test.y.subarray(0, 50)));
    expect(Array.from(controlTask(t, 12).test.y.subarray(0, 200))).not.toEqual(Array.from(c.test.y.subarray(0, 200)));
  });
});
