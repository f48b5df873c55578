import { CorpusParseError, type Corpus, type Sentence } from './types';
import { isBlank, textLines } from './lines';

/**
 * CoNLL-2003-style column files: one word per line, blank line between sentences.
 * Lines with a tab are split on tabs (so forms may contain spaces), others on runs of
 * whitespace. `-DOCSTART-` lines are skipped; a line starting with `#` is a comment
 * unless it has the full column count (then `#` is a word).
 *
 * `columnNames[i]` names column i. The words come from the column named `word` or
 * `form` (any case), else from column 0; every other column is exposed by its name.
 */
export function parseColumns(text: string, file: string, columnNames: string[]): Corpus {
  const width = columnNames.length;
  if (width < 1) throw new Error('parseColumns needs at least one column name');
  if (new Set(columnNames).size !== width) throw new Error(`duplicate column names: ${columnNames.join(', ')}`);
  let wordCol = columnNames.findIndex((c) => /^(word|form)$/i.test(c));
  if (wordCol < 0) wordCol = 0;
  const labelCols = columnNames.map((_, i) => i).filter((i) => i !== wordCol);

  const sentences: Sentence[] = [];
  let words: string[] = [];
  let cols: string[][] = labelCols.map(() => []);
  const flush = () => {
    if (words.length === 0) return;
    const columns: Record<string, string[]> = {};
    labelCols.forEach((c, k) => (columns[columnNames[c]] = cols[k]));
    sentences.push({ words, columns });
    words = [];
    cols = labelCols.map(() => []);
  };

  const lines = textLines(text, file);
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (isBlank(line)) {
      flush();
      continue;
    }
    const fields = splitFields(line);
    if (fields[0] === '-DOCSTART-') continue;
    if (line.charCodeAt(0) === 35 /* # */ && fields.length !== width) continue;
    if (fields.length !== width) {
      const sep = line.includes('\t') ? 'tab-separated' : 'whitespace-separated';
      throw new CorpusParseError(file, li + 1, line.length + 1, `expected ${width} ${sep} columns (${columnNames.join(', ')}), found ${fields.length}`);
    }
    words.push(fields[wordCol]);
    for (let k = 0; k < labelCols.length; k++) cols[k].push(fields[labelCols[k]]);
  }
  flush();
  return { name: file, sentences, columns: labelCols.map((c) => columnNames[c]) };
}

function splitFields(line: string): string[] {
  if (line.includes('\t')) return line.replace(/^[ ]+|[ ]+$/g, '').split('\t');
  return line.trim().split(/\s+/);
}
