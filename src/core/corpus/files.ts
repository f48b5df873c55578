/**
 * Corpus files as a researcher drops them: one CoNLL-U or column file, a train/dev/test
 * set of them, or NeuroX parallel files (`train.word` + `train.upos`, `pos_dev.word` +
 * `pos_dev.label`, `test.in` + `test.label`, …). Files are grouped by split (from the name) and by stem.
 */
import type { SplitName } from '../tasks/types';
import { parseColumns } from './columns';
import { parseConllu } from './conllu';
import { detectFormat } from './detect';
import { checkText, splitLines } from './lines';
import { parseParallel, parseWords } from './parallel';
import { CorpusParseError, requireSentences, type Corpus } from './types';

export interface CorpusFile {
  name: string;
  text: string;
}

/** train / dev / test from a file name (`valid` and `validation` count as dev); undefined when it says none. */
export function splitOfFileName(name: string): SplitName | undefined {
  const match = /(?:^|[^a-z])(train|dev|valid(?:ation)?|test)(?:[^a-z]|$)/i.exec(name);
  if (!match) return undefined;
  const word = match[1].toLowerCase();
  return word === 'train' ? 'train' : word === 'test' ? 'test' : 'dev';
}

/** NeuroX sentence files: one sentence per line whatever their content looks like. */
const SENTENCE_FILE = /\.(words?|in)$/i;

export interface CorpusFiles {
  /** The corpus: CoNLL-U, a column file, or one sentence per line (NeuroX `.word`/`.in`). */
  file: CorpusFile;
  /** For a sentence-per-line file: its label files, one column each (see `labelColumnOf`). */
  labels?: CorpusFile[];
  /** Column names of a CoNLL-2003-style file, e.g. `word,pos,chunk,ner`. */
  columnNames?: string[];
  /** Names a single label file's column instead of its extension (the CLI names it after --task). */
  labelColumn?: string;
  /** The file is known to hold sentences (the import panel asks for them): unless CoNLL-U, one per line. */
  sentences?: boolean;
  /** Words are enough (extraction, word-only tasks): a sentence file needs no label file. */
  wordsOnly?: boolean;
}

/**
 * The label-column rule, the same everywhere: a label file's column is named by `explicit` when
 * given, else by the file's extension (`train.upos` → `upos`, `pos_dev.label` → `label`); a
 * file with no usable extension, or `.txt`, gives `label`.
 */
export function labelColumnOf(fileName: string, explicit?: string): string {
  if (explicit) return explicit;
  const ext = /\.([A-Za-z][\w-]*)$/.exec(fileName)?.[1];
  return !ext || ext.toLowerCase() === 'txt' ? 'label' : ext;
}

/**
 * The one entry point for a corpus file and its label files, used by the setup panel (through
 * `parseCorpusFiles`), the interop worker and the CLI.
 */
export function readCorpusFile({ file, labels = [], columnNames, labelColumn, sentences, wordsOnly }: CorpusFiles): Corpus {
  const format = detectFormat(file.name, file.text).format;
  const perLine = format === 'lines' || (format === 'columns' && (sentences || SENTENCE_FILE.test(file.name)));
  if (!perLine) return parseCorpusFile(file, columnNames);
  if (labels.length === 0 && wordsOnly) return parseWords(file.text, file.name);
  return parseWordFile(file, labels, labelColumn);
}

/** One self-contained corpus file: CoNLL-U, or columns named by `columnNames`. */
export function parseCorpusFile({ name, text }: CorpusFile, columnNames?: string[]): Corpus {
  checkText(text, name);
  const { format } = detectFormat(name, text);
  if (format === 'conllu') return parseConllu(text, name);
  if (format === 'columns') {
    if (!columnNames?.length) throw new CorpusParseError(name, 1, 1, 'a column file: name its columns (e.g. word,pos,chunk,ner)');
    return parseColumns(text, name, columnNames);
  }
  throw new CorpusParseError(name, 1, 1, 'one sentence per line: add its label file (NeuroX parallel files, e.g. train.word with train.upos)');
}

/**
 * Parses a drop of files into corpora by split. A `.word` file takes every file with
 * the same stem as a label column named by that file's extension (`upos`, `label`, …);
 * one label per line makes a sentence-level task. A single corpus is the training corpus
 * whatever its name (probing on a dev file is common for a first look); with several, each
 * name must say its split.
 */
export function parseCorpusFiles(files: CorpusFile[], columnNames?: string[]): { split: SplitName; corpus: Corpus }[] {
  const stem = (name: string) => name.replace(/\.[^.]+$/, '');
  const wordFiles = files.filter((f) => SENTENCE_FILE.test(f.name));
  const labelFiles = new Set(files.filter((f) => !wordFiles.includes(f) && wordFiles.some((w) => stem(w.name) === stem(f.name))));
  const corpora = [
    ...wordFiles.map((w) => readCorpusFile({ file: w, labels: files.filter((f) => labelFiles.has(f) && stem(f.name) === stem(w.name)) })),
    ...files.filter((f) => !wordFiles.includes(f) && !labelFiles.has(f)).map((f) => parseCorpusFile(f, columnNames)),
  ];
  const out = corpora.map((corpus) => ({ split: splitOfFileName(corpus.name), corpus: requireSentences(corpus) }));
  if (out.length === 1) return [{ split: 'train', corpus: out[0].corpus }];
  for (const split of ['train', 'dev', 'test'] as const) {
    const same = out.filter((c) => c.split === split);
    if (same.length > 1) throw new Error(`${same.map((c) => c.corpus.name).join(' and ')} both look like ${split} files; drop one ${split} file at a time`);
  }
  const unnamed = out.find((c) => !c.split);
  if (unnamed) throw new Error(`${unnamed.corpus.name}: with several corpora, each file name must say train, dev or test`);
  return out as { split: SplitName; corpus: Corpus }[];
}

function parseWordFile(words: CorpusFile, labelFiles: CorpusFile[], labelColumn?: string): Corpus {
  if (labelFiles.length === 0) throw new CorpusParseError(words.name, 1, 1, `no label file beside it: add one with the same stem (e.g. ${words.name.replace(/\.[^.]+$/, '.upos')})`);
  const parts = labelFiles.map((labels) => {
    const column = labelColumnOf(labels.name, labelFiles.length === 1 ? labelColumn : undefined);
    return parseParallel(words.text, labels.text, { words: words.name, labels: labels.name }, { labelColumn: column, sentenceLevel: isSentenceLevel(words.text, labels.text) });
  });
  // One corpus with every label file as a column.
  const [first, ...rest] = parts;
  for (const part of rest) {
    part.sentences.forEach((s, i) => {
      Object.assign(first.sentences[i].columns, s.columns);
      if (s.sentenceColumns) first.sentences[i].sentenceColumns = { ...first.sentences[i].sentenceColumns, ...s.sentenceColumns };
    });
    first.columns.push(...part.columns);
    if (part.sentenceColumns) first.sentenceColumns = [...(first.sentenceColumns ?? []), ...part.sentenceColumns];
  }
  return first;
}

/** One token per label line while some sentence has more words: a label per sentence. */
function isSentenceLevel(wordText: string, labelText: string): boolean {
  const wordLines = splitLines(wordText).map((l) => l.trim().split(/\s+/).filter(Boolean).length);
  const labelLines = splitLines(labelText).map((l) => l.trim().split(/\s+/).filter(Boolean).length);
  return labelLines.every((n, i) => n <= 1 || !wordLines[i]) && wordLines.some((n) => n > 1);
}
