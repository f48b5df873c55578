import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConllu } from './conllu';
import { CorpusParseError, countWords } from './types';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const read = (p: string) => readFileSync(path.join(DATA, p), 'utf8');

const SENT = [
  '# sent_id = 1',
  '# text = I don\'t know.',
  '1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing\t3\tnsubj\t_\t_',
  '2-3\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_',
  '2\tdo\tdo\tAUX\tVBP\tMood=Ind\t4\taux\t_\t_',
  '3\tn\'t\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_',
  '3.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t0:root\t_',
  '4\tknow\tknow\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No',
  '5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_',
  '',
];

function expectError(text: string, message: string) {
  let err: unknown;
  try {
    parseConllu(text, 'en.conllu');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CorpusParseError);
  expect((err as Error).message).toBe(message);
  return err as CorpusParseError;
}

function withLine(index: number, line: string): string {
  const lines = [...SENT];
  lines[index] = line;
  return lines.join('\n');
}

describe('parseConllu', () => {
  it('reads words, skips ranges and empty nodes, exposes every column and feature', () => {
    const c = parseConllu(SENT.join('\n'), 'en.conllu');
    expect(c.sentences).toHaveLength(1);
    const s = c.sentences[0];
    expect(s.words).toEqual(['I', 'do', "n't", 'know', '.']);
    expect(s.columns.upos).toEqual(['PRON', 'AUX', 'PART', 'VERB', 'PUNCT']);
    expect(s.columns.lemma).toEqual(['I', 'do', 'not', 'know', '.']);
    expect(s.columns.deprel).toEqual(['nsubj', 'aux', 'advmod', 'root', 'punct']);
    expect(s.columns['feats:Number']).toEqual(['Sing', '_', '_', '_', '_']);
    expect(s.columns['feats:VerbForm']).toEqual(['_', '_', '_', 'Inf', '_']);
    expect(c.columns).toEqual(['lemma', 'upos', 'xpos', 'feats', 'head', 'deprel', 'deps', 'misc', 'feats:Case', 'feats:Mood', 'feats:Number', 'feats:VerbForm']);
  });

  it('fills features first seen in a later sentence with _ in earlier ones, and accepts CRLF', () => {
    const text = '1\ta\ta\tX\t_\t_\t0\troot\t_\t_\r\n\r\n1\tb\tb\tX\t_\tFoo=Bar\t0\troot\t_\t_\r\n';
    const c = parseConllu(text, 'x.conllu');
    expect(c.sentences.map((s) => s.columns['feats:Foo'])).toEqual([['_'], ['Bar']]);
    expect(c.sentences[1].columns.misc).toEqual(['_']);
  });

  it('reports a wrong column count with file, line and column', () => {
    const e = expectError(withLine(4, '2\tdo\tdo\tAUX\tVBP\tMood=Ind\t4'), 'en.conllu:5:27: expected 10 tab-separated columns, found 7');
    expect([e.file, e.line, e.column]).toEqual(['en.conllu', 5, 27]);
    expectError(withLine(4, '2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\textra'), 'en.conllu:5:29: expected 10 tab-separated columns, found 11');
  });

  it('rejects bad and out-of-sequence IDs', () => {
    expectError(withLine(4, 'x\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_'), "en.conllu:5:1: invalid ID 'x' (expected an integer, a range like 1-2 or an empty node like 8.1)");
    expectError(withLine(5, '4\tn\'t\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_'), 'en.conllu:6:1: expected word ID 3, found 4');
    expectError(withLine(3, '3-4\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_'), "en.conllu:4:1: multiword token '3-4' should start at word 2");
    expectError(withLine(3, '2-2\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_'), "en.conllu:4:1: multiword token range '2-2' must end after it starts");
    expectError(withLine(6, '1.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t0:root\t_'), "en.conllu:7:1: empty node '1.1' should follow word 3");
  });

  it('rejects an empty FORM, empty fields and malformed FEATS', () => {
    expectError(withLine(4, '2\t\tdo\tAUX\tVBP\t_\t4\taux\t_\t_'), 'en.conllu:5:3: empty FORM');
    expectError(withLine(4, '2\tdo\tdo\t\tVBP\t_\t4\taux\t_\t_'), 'en.conllu:5:9: empty UPOS (use _ for no value)');
    expectError(withLine(2, '1\tI\tI\tPRON\tPRP\tCase=Nom|Number\t3\tnsubj\t_\t_'), "en.conllu:3:25: bad FEATS entry 'Number' (expected Key=Value)");
    expectError(withLine(2, '1\tI\tI\tPRON\tPRP\tCase=Nom|Case=Acc\t3\tnsubj\t_\t_'), "en.conllu:3:25: FEATS key 'Case' repeated");
    expectError(withLine(2, '1\tI\tI\tPRON\tPRP\t=Nom\t3\tnsubj\t_\t_'), "en.conllu:3:16: bad FEATS entry '=Nom' (expected Key=Value)");
  });

  it('rejects bad heads, dangling ranges and comments inside a sentence', () => {
    expectError(withLine(2, '1\tI\tI\tPRON\tPRP\t_\tx\tnsubj\t_\t_'), "en.conllu:3:18: HEAD 'x' is not a word ID or _");
    expectError(withLine(2, '1\tI\tI\tPRON\tPRP\t_\t9\tnsubj\t_\t_'), 'en.conllu:3:1: HEAD 9 points past the last word (5) of the sentence');
    expectError(withLine(6, '# late comment'), 'en.conllu:7:1: comment line inside a sentence (comments must precede its first token)');
    expectError('1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n', 'en.conllu:1:1: multiword token ends at word 2 but the sentence has 1 words');
  });

  it('parses all of EWT train with the published counts', () => {
    const text = read('ud-english-ewt/en_ewt-ud-train.conllu');
    const c = parseConllu(text, 'en_ewt-ud-train.conllu');
    expect(c.sentences).toHaveLength(12544);
    expect(countWords(c)).toBe(204577);
    expect(new Set(c.sentences.flatMap((s) => s.columns.upos)).size).toBe(17);
    expect(c.columns).toContain('feats:Number');
  });

  it('matches the NeuroX views of EWT dev word for word', () => {
    const c = parseConllu(read('ud-english-ewt/en_ewt-ud-dev.conllu'), 'dev');
    const words = read('ud-english-ewt/neurox/en_ewt-ud-dev.word').trimEnd().split('\n');
    const upos = read('ud-english-ewt/neurox/en_ewt-ud-dev.upos').trimEnd().split('\n');
    expect(c.sentences.map((s) => s.words.join(' '))).toEqual(words);
    expect(c.sentences.map((s) => s.columns.upos.join(' '))).toEqual(upos);
  });

  it('keeps French forms with spaces and reads Arabic, German and French treebanks', () => {
    const fr = parseConllu(read('ud-pud/fr/fr_pud-ud-test.conllu'), 'fr');
    expect(fr.sentences.flatMap((s) => s.words)).toContain('25 000');
    for (const lang of ['ar', 'de', 'fr', 'en']) {
      expect(parseConllu(read(`ud-pud/${lang}/${lang}_pud-ud-test.conllu`), lang).sentences).toHaveLength(1000);
    }
    expect(parseConllu(read('ud-german-gsd/de_gsd-ud-dev.conllu'), 'de').sentences.length).toBeGreaterThan(0);
    expect(parseConllu(read('ud-french-gsd/fr_gsd-ud-test.conllu'), 'fr').sentences.length).toBeGreaterThan(0);
  });
});
