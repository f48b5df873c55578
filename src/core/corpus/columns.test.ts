import { describe, expect, it } from 'vitest';
import { parseColumns } from './columns';
import { CorpusParseError } from './types';

const NER = [
  '-DOCSTART- -X- -X- O',
  '',
  'EU NNP B-NP B-ORG',
  'rejects VBZ B-VP O',
  '# NN B-NP O',
  '',
  '# comment here',
  'Peter NNP B-NP B-PER',
  'Blackburn NNP I-NP I-PER',
  '',
].join('\n');

describe('parseColumns', () => {
  it('reads CoNLL-2003 columns, skipping -DOCSTART- and short # comments', () => {
    const c = parseColumns(NER, 'ner.txt', ['word', 'pos', 'chunk', 'ner']);
    expect(c.columns).toEqual(['pos', 'chunk', 'ner']);
    expect(c.sentences.map((s) => s.words)).toEqual([['EU', 'rejects', '#'], ['Peter', 'Blackburn']]);
    expect(c.sentences[0].columns.ner).toEqual(['B-ORG', 'O', 'O']);
    expect(c.sentences[1].columns.pos).toEqual(['NNP', 'NNP']);
  });

  it('splits on tabs when present so forms may contain spaces', () => {
    const c = parseColumns('25 000\tNUM\nfrancs\tNOUN\n', 'fr.tsv', ['tag', 'form']);
    // `form` names the word column even when it is not first.
    expect(c.sentences[0].words).toEqual(['NUM', 'NOUN']);
    expect(c.sentences[0].columns.tag).toEqual(['25 000', 'francs']);
  });

  it('reports the line of a row with the wrong column count', () => {
    let err: unknown;
    try {
      parseColumns('a X O\nb Y\n', 'bad.txt', ['word', 'pos', 'ner']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CorpusParseError);
    expect((err as Error).message).toBe('bad.txt:2:4: expected 3 whitespace-separated columns (word, pos, ner), found 2');
  });

  it('rejects duplicate or missing column names', () => {
    expect(() => parseColumns('a b', 'x', ['w', 'w'])).toThrow(/duplicate column names/);
    expect(() => parseColumns('a', 'x', [])).toThrow(/at least one column/);
  });
});
