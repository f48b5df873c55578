/** Reads a corpus file from disk in any supported format (Node edge of src/core/corpus). */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { detectFormat, readCorpusFile, requireSentences, type Corpus } from '../core/corpus';

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
  const file = { name, text };
  const { format } = detectFormat(name, text);
  // The CLI's own wording first (it names the flags); then core's one entry point reads the files.
  const sentenceFile = /\.(words?|in)$/i.test(name);
  if (format === 'columns' && !options.columns && !sentenceFile) throw new Error(`${name} looks like a column file: name its columns with --columns (e.g. word,pos,chunk,ner)`);
  if (format === 'conllu' || (format === 'columns' && !sentenceFile) || (options.wordsOnly && !options.labels)) return readCorpusFile({ file, columnNames: options.columns, wordsOnly: options.wordsOnly });
  const labels = options.labels ?? (options.task ? path.replace(/\.[^./]+$/, `.${options.task}`) : undefined);
  if (!labels || !existsSync(labels)) throw new Error(`${name} is a one-sentence-per-line file: give its label file with --labels (looked for ${labels ?? 'none'})`);
  // The label column is named after the task (the label-column rule's explicit name).
  return readCorpusFile({ file, labels: [{ name: basename(labels), text: readFileSync(labels, 'utf8') }], labelColumn: options.task ?? 'label' });
}
