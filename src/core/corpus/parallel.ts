import { CorpusParseError, type Corpus, type Sentence } from './types';
import { textLines } from './lines';

export interface ParallelFiles {
  /** Name of the `.word` file (one sentence per line, words separated by whitespace). */
  words: string;
  /** Name of the label file (one label per word, or one per line for sentence tasks). */
  labels: string;
}

export interface ParallelOptions {
  /** One label per line instead of per word (NeuroX sentence-level tasks). */
  sentenceLevel?: boolean;
  /** Name of the label column; defaults to `label`. */
  labelColumn?: string;
}

/**
 * NeuroX parallel files (`data/loader.load_sentence_data` layout): line i of the word
 * file and line i of the label file describe the same sentence. Trailing blank lines
 * are ignored; a blank line in the middle is an error (NeuroX would misalign there).
 */
export function parseParallel(
  wordText: string,
  labelText: string,
  files: ParallelFiles,
  options: ParallelOptions = {},
): Corpus {
  const column = options.labelColumn ?? 'label';
  const wordLines = trimTrailingBlank(textLines(wordText, files.words));
  const labelLines = trimTrailingBlank(textLines(labelText, files.labels));
  if (wordLines.length !== labelLines.length) {
    const shorter = wordLines.length < labelLines.length ? files.words : files.labels;
    const longer = shorter === files.words ? files.labels : files.words;
    const line = Math.min(wordLines.length, labelLines.length) + 1;
    throw new CorpusParseError(longer, line, 1, `line has no counterpart: ${files.words} has ${wordLines.length} lines, ${files.labels} has ${labelLines.length} (${shorter} ends first)`);
  }
  const sentences: Sentence[] = [];
  for (let i = 0; i < wordLines.length; i++) {
    const words = tokens(wordLines[i]);
    if (words.length === 0) throw new CorpusParseError(files.words, i + 1, 1, 'empty sentence line');
    if (options.sentenceLevel) {
      const label = labelLines[i].trim();
      if (label.length === 0) throw new CorpusParseError(files.labels, i + 1, 1, 'missing sentence label');
      sentences.push({ words, columns: {}, sentenceColumns: { [column]: label } });
      continue;
    }
    const labels = tokens(labelLines[i]);
    if (labels.length !== words.length) {
      throw new CorpusParseError(files.labels, i + 1, 1, `${labels.length} labels for ${words.length} words in ${files.words}:${i + 1}`);
    }
    sentences.push({ words, columns: { [column]: labels } });
  }
  return options.sentenceLevel
    ? { name: files.words, sentences, columns: [], sentenceColumns: [column] }
    : { name: files.words, sentences, columns: [column] };
}

/** A `.word` file alone (no labels): enough to extract activations, which depend on the words only. */
export function parseWords(wordText: string, fileName: string): Corpus {
  const lines = trimTrailingBlank(textLines(wordText, fileName));
  const sentences = lines.map((line, i): Sentence => {
    const words = tokens(line);
    if (words.length === 0) throw new CorpusParseError(fileName, i + 1, 1, 'empty sentence line');
    return { words, columns: {} };
  });
  return { name: fileName, sentences, columns: [] };
}

function tokens(line: string): string[] {
  const t = line.trim();
  return t.length === 0 ? [] : t.split(/\s+/);
}

function trimTrailingBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim().length === 0) end--;
  return end === lines.length ? lines : lines.slice(0, end);
}
