/** Reads a corpus file from disk in any supported format (Node edge of src/core/corpus). */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { detectFormat, parseCorpusFile, parseParallel, parseWords, requireSentences, type Corpus } from '../core/corpus';

export interface ReadCorpusOptions {
  /** Column names of a CoNLL-2003-style file, e.g. `word,pos,chunk,ner`. */
  columns?: string[];
  /** For NeuroX `.word` files: the label file (default `<stem>.<task>` beside it). */
  labels?: string;
  task?: string;
  /** Words are enough (extraction): a `.word` file needs no label file. */
  wordsOnly?: boolean;
}

/** A corpus file from disk; an empty one (or one of comments only) is refused, naming the file. */
export function readCorpus(path: string, options: ReadCorpusOptions = {}): Corpus {
  return requireSentences(readAnyCorpus(path, options));
}

function readAnyCorpus(path: string, options: ReadCorpusOptions): Corpus {
  if (!existsSync(path)) throw new Error(`corpus file not found: ${path}`);
  const name = basename(path);
  const text = readFileSync(path, 'utf8');
  const { format } = detectFormat(name, text);
  if (format === 'columns' && !options.columns) throw new Error(`${name} looks like a column file: name its columns with --columns (e.g. word,pos,chunk,ner)`);
  if (format !== 'lines') return parseCorpusFile({ name, text }, options.columns);
  const labels = options.labels ?? (options.task ? path.replace(/\.[^./]+$/, `.${options.task}`) : undefined);
  if (options.wordsOnly && !options.labels) return parseWords(text, name);
  if (!labels || !existsSync(labels)) throw new Error(`${name} is a one-sentence-per-line file: give its label file with --labels (looked for ${labels ?? 'none'})`);
  return parseParallel(text, readFileSync(labels, 'utf8'), { words: name, labels: basename(labels) }, { labelColumn: options.task ?? 'label' });
}
