import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParallel } from './parallel';
import { CorpusParseError, countWords } from './types';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const read = (p: string) => readFileSync(path.join(DATA, p), 'utf8');
const files = { words: 'a.word', labels: 'a.label' };

function errorOf(fn: () => unknown): CorpusParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusParseError);
    return e as CorpusParseError;
  }
  throw new Error('expected an error');
}

describe('parseParallel', () => {
  it('reads NeuroX example files', () => {
    const c = parseParallel(read('neurox-samples/examples/test.in'), read('neurox-samples/examples/test.label'), { words: 'test.in', labels: 'test.label' });
    expect(c.sentences[0].words).toEqual(['This', 'is', 'a', 'test', 'sentence', '.']);
    expect(c.sentences[0].columns.label).toEqual(['DT', 'VBZ', 'DT', 'NN', 'NN', '.']);
    expect(c.columns).toEqual(['label']);
  });

  it('reads the NeuroX tutorial POS data and EWT parallel views', () => {
    const c = parseParallel(read('neurox-samples/tutorials-data/pos_train.word'), read('neurox-samples/tutorials-data/pos_train.label'), files);
    expect(countWords(c)).toBe(224);
    expect(c.sentences).toHaveLength(10);
    const ewt = parseParallel(read('ud-english-ewt/neurox/en_ewt-ud-dev.word'), read('ud-english-ewt/neurox/en_ewt-ud-dev.xpos'), files, { labelColumn: 'xpos' });
    expect(ewt.sentences).toHaveLength(2001);
    expect(countWords(ewt)).toBe(25147);
  });

  it('names the line where word and label counts differ', () => {
    const e = errorOf(() => parseParallel('a b c\nd e\n', 'X Y Z\nX\n', files));
    expect(e.message).toBe('a.label:2:1: 1 labels for 2 words in a.word:2');
    expect(e.line).toBe(2);
  });

  it('names the first line without a counterpart when line counts differ', () => {
    const e = errorOf(() => parseParallel('a\nb\nc\n', 'X\nY\n', files));
    expect(e.message).toBe('a.word:3:1: line has no counterpart: a.word has 3 lines, a.label has 2 (a.label ends first)');
  });

  it('rejects a blank sentence line', () => {
    expect(errorOf(() => parseParallel('a\n\nb\n', 'X\nY\nZ\n', files)).message).toBe('a.word:2:1: empty sentence line');
  });

  it('reads sentence-level labels', () => {
    const c = parseParallel('good film\nbad plot twist\n', 'pos\nneg\n', files, { sentenceLevel: true, labelColumn: 'sentiment' });
    expect(c.sentenceColumns).toEqual(['sentiment']);
    expect(c.sentences.map((s) => s.sentenceColumns?.sentiment)).toEqual(['pos', 'neg']);
    expect(c.sentences[1].words).toEqual(['bad', 'plot', 'twist']);
    expect(errorOf(() => parseParallel('a\nb\nc\n', 'pos\n \nneg\n', files, { sentenceLevel: true })).message).toBe('a.label:2:1: missing sentence label');
  });
});
