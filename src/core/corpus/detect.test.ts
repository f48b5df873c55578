import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';
import { corpusHash } from './hash';
import { parseParallel } from './parallel';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const read = (p: string) => readFileSync(path.join(DATA, p), 'utf8');

describe('detectFormat', () => {
  it('recognises CoNLL-U by name and by content', () => {
    expect(detectFormat('en.conllu', '')).toEqual({ format: 'conllu', columnCount: 10 });
    const text = read('ud-pud/ar/ar_pud-ud-test.conllu');
    expect(detectFormat('upload.txt', text).format).toBe('conllu');
  });

  it('recognises column files and sentence-per-line files', () => {
    expect(detectFormat('ner.txt', 'EU NNP B-ORG\nrejects VBZ O\n\nPeter NNP B-PER\n')).toEqual({ format: 'columns', columnCount: 3 });
    expect(detectFormat('pos.word', read('neurox-samples/tutorials-data/pos_train.word')).format).toBe('lines');
    expect(detectFormat('pos.label', read('neurox-samples/tutorials-data/pos_train.label')).format).toBe('lines');
    expect(detectFormat('x.word', read('ud-pud/ar/neurox/ar_pud-ud-test.word')).format).toBe('lines');
  });
});

describe('corpusHash', () => {
  const c1 = parseParallel('a b\nc\n', 'X Y\nZ\n', { words: 'w', labels: 'l' });
  it('is stable, 16 hex digits, and depends on words and sentence boundaries', () => {
    const h = corpusHash(c1);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(corpusHash(parseParallel('a b\nc\n', 'Q R\nS\n', { words: 'other', labels: 'l' }))).toBe(h);
    expect(corpusHash(parseParallel('a\nb c\n', 'X\nY Z\n', { words: 'w', labels: 'l' }))).not.toBe(h);
    expect(corpusHash(parseParallel('ab\nc\n', 'X\nZ\n', { words: 'w', labels: 'l' }))).not.toBe(h);
  });
  it('optionally covers labels', () => {
    const c2 = parseParallel('a b\nc\n', 'X Y\nW\n', { words: 'w', labels: 'l' });
    expect(corpusHash(c2, { includeColumns: true })).not.toBe(corpusHash(c1, { includeColumns: true }));
  });
  it('hashes EWT train, the same twice', () => {
    const c = parseParallel(read('ud-english-ewt/neurox/en_ewt-ud-train.word'), read('ud-english-ewt/neurox/en_ewt-ud-train.upos'), { words: 'w', labels: 'l' });
    const h = corpusHash(c);
    expect(corpusHash(c)).toBe(h);
  });
});
