import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCorpusFiles, splitOfFileName } from './files';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const file = (path: string) => ({ name: path.split('/').pop()!, text: readFileSync(resolve(DATA, path), 'utf8') });

describe('corpus files as dropped', () => {
  it('tells splits from file names', () => {
    expect(splitOfFileName('en_ewt-ud-train.conllu')).toBe('train');
    expect(splitOfFileName('pos_dev.word')).toBe('dev');
    expect(splitOfFileName('valid.txt')).toBe('dev');
    expect(splitOfFileName('test.in')).toBe('test');
    expect(splitOfFileName('contest.conllu')).toBeUndefined();
    expect(splitOfFileName('demo-en.conllu')).toBeUndefined();
  });

  it('reads EWT dev and test CoNLL-U files into their splits', () => {
    const corpora = parseCorpusFiles([file('ud-english-ewt/en_ewt-ud-test.conllu'), file('ud-english-ewt/en_ewt-ud-dev.conllu')]);
    expect(corpora.map((c) => [c.split, c.corpus.sentences.length])).toEqual([
      ['test', 2077],
      ['dev', 2001],
    ]);
  });

  it('pairs NeuroX .word files with every label file of the same stem, one column each', () => {
    const corpora = parseCorpusFiles(['word', 'upos', 'xpos'].map((ext) => file(`ud-english-ewt/neurox/en_ewt-ud-dev.${ext}`)));
    expect(corpora).toHaveLength(1);
    const [{ split, corpus }] = corpora;
    expect(split).toBe('train'); // a single corpus is for training, whatever its name
    expect(corpus.columns).toEqual(['upos', 'xpos']);
    expect(corpus.sentences.length).toBe(2001);
    expect(corpus.sentences[0].columns.upos).toHaveLength(corpus.sentences[0].words.length);
  });

  it("reads NeuroX's own samples: the tutorial's train/dev/test and the example's test.in", () => {
    const tutorial = parseCorpusFiles(['train', 'dev', 'test'].flatMap((s) => [file(`neurox-samples/tutorials-data/pos_${s}.word`), file(`neurox-samples/tutorials-data/pos_${s}.label`)]));
    expect(tutorial.map((c) => c.split)).toEqual(['train', 'dev', 'test']);
    expect(tutorial[0].corpus.columns).toEqual(['label']);
    const example = parseCorpusFiles([file('neurox-samples/examples/test.in'), file('neurox-samples/examples/test.label')]);
    expect(example[0].corpus.sentences[0].words).toEqual(['This', 'is', 'a', 'test', 'sentence', '.']);
    expect(example[0].corpus.sentences[0].columns.label).toEqual(['DT', 'VBZ', 'DT', 'NN', 'NN', '.']);
  });

  it('takes one label per line as a sentence-level task', () => {
    const [{ corpus }] = parseCorpusFiles([
      { name: 'sst.word', text: 'a fine film\nawful , just awful\n' },
      { name: 'sst.sentiment', text: 'positive\nnegative\n' },
    ]);
    expect(corpus.sentenceColumns).toEqual(['sentiment']);
    expect(corpus.sentences[1].sentenceColumns).toEqual({ sentiment: 'negative' });
  });

  it('says what is wrong with a drop, and where', () => {
    expect(() => parseCorpusFiles([{ name: 'train.word', text: 'a b\n' }])).toThrow(/no label file beside it/);
    expect(() => parseCorpusFiles([{ name: 'train.word', text: 'a b\nc\n' }, { name: 'train.upos', text: 'X Y\nZ W\n' }])).toThrow('train.upos:2:1: 2 labels for 1 words');
    expect(() => parseCorpusFiles([file('ud-english-ewt/en_ewt-ud-dev.conllu'), { name: 'other.conllu', text: '1\tx\t_\tX\t_\t_\t0\troot\t_\t_\n' }])).toThrow(/must say train, dev or test/);
    expect(() => parseCorpusFiles([{ name: 'notes.txt', text: 'just some words\nmore words\n' }])).toThrow(/one sentence per line/);
  });
});
