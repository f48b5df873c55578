/**
 * Corpus files from strangers (issue 10): each input a review found wanting is parsed
 * correctly or refused with a CorpusParseError that says what is wrong and where.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FEATS_KEYS, parseConllu } from './conllu';
import { parseCorpusFiles } from './files';
import { parseParallel } from './parallel';
import { CorpusParseError } from './types';

function parseError(parse: () => unknown): CorpusParseError {
  let error: unknown;
  try {
    parse();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CorpusParseError);
  return error as CorpusParseError;
}

const token = (id: number, form: string, feats = '_') => `${id}\t${form}\t${form}\tNOUN\tNN\t${feats}\t0\troot\t_\t_`;

describe('line endings', () => {
  it('CR-only (old Mac) files parse like LF files, instead of "found 19 columns"', () => {
    const lines = ['# sent_id = 1', token(1, 'Hello'), token(2, 'world'), '', token(1, 'Again'), ''];
    const lf = parseConllu(lines.join('\n'), 'a.conllu');
    const cr = parseConllu(lines.join('\r'), 'a.conllu');
    const crlf = parseConllu(lines.join('\r\n'), 'a.conllu');
    expect(cr).toEqual(lf);
    expect(crlf).toEqual(lf);
    expect(cr.sentences.map((s) => s.words)).toEqual([['Hello', 'world'], ['Again']]);
    // Line numbers count CR endings too.
    expect(parseError(() => parseConllu([token(1, 'a'), 'oops'].join('\r'), 'a.conllu')).line).toBe(2);
    const parallel = parseParallel('a b\rc\r', 'X Y\rZ\r', { words: 'x.word', labels: 'x.label' });
    expect(parallel.sentences.map((s) => s.columns.label)).toEqual([['X', 'Y'], ['Z']]);
  });
});

describe('files that are not text', () => {
  it('binary junk named .txt is refused, not read as a one-sentence corpus', () => {
    let seed = 42;
    const bytes = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const junk = new TextDecoder().decode(bytes);
    const error = parseError(() => parseCorpusFiles([{ name: 'corpus.txt', text: junk }], ['word', 'pos']));
    expect(error.file).toBe('corpus.txt');
    expect(error.detail).toMatch(/^not a text file: \d+% of its first [\d,]+ characters are control characters or invalid UTF-8/);
    for (const name of ['x.conllu', 'x.word']) expect(parseError(() => parseCorpusFiles([{ name, text: junk }, { name: 'x.upos', text: 'A\n' }])).detail).toMatch(/^not a text file/);
  });

  it('UTF-16 says so; a stray control character in real text does not refuse the file', () => {
    const utf16 = new TextDecoder('latin1').decode(new Uint8Array(Buffer.from(`${token(1, 'Hello')}\n\n`, 'utf16le')));
    expect(parseError(() => parseCorpusFiles([{ name: 'u.conllu', text: utf16 }])).detail).toContain('UTF-16');
    expect(parseConllu(`${token(1, 'He\u0007llo')}\n`, 'bell.conllu').sentences[0].words).toEqual(['He\u0007llo']);
  });
});

describe('sizes that made parsing quadratic', () => {
  it(`5,000 distinct FEATS keys on one line are refused at key ${MAX_FEATS_KEYS + 1}, naming line and column`, () => {
    const feats = Array.from({ length: 5000 }, (_, k) => `K${k}=v`).join('|');
    const lines = [token(1, 'bomb', feats), ''];
    for (let s = 0; s < 4000; s++) lines.push(token(1, 'w'), '');
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(50_000);
    const error = parseError(() => parseConllu(text, 'feats.conllu'));
    expect(error.line).toBe(1);
    const column = '1\tbomb\tbomb\tNOUN\tNN\t'.length + 1 + Array.from({ length: MAX_FEATS_KEYS }, (_, k) => `K${k}=v|`).join('').length;
    expect(error.column).toBe(column);
    expect(error.detail).toBe(`more than ${MAX_FEATS_KEYS} distinct FEATS keys in the file (at 'K${MAX_FEATS_KEYS}'); UD features are a small closed set: is this column FEATS?`);
  });

  it(`${MAX_FEATS_KEYS} keys are fine`, () => {
    const feats = Array.from({ length: MAX_FEATS_KEYS }, (_, k) => `K${k}=v`).join('|');
    expect(parseConllu(`${token(1, 'ok', feats)}\n`, 'ok.conllu').columns).toHaveLength(8 + MAX_FEATS_KEYS);
  });
});

describe('empty files', () => {
  it('an empty file, or one of comments only, is refused naming the file', () => {
    for (const text of ['', '# only a comment\n# another\n', '\n\n']) {
      const error = parseError(() => parseCorpusFiles([{ name: 'en-test.conllu', text }]));
      expect(error.message).toBe('en-test.conllu:1:1: no sentences found (the file is empty or holds only comments)');
    }
  });
});
