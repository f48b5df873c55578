/** One sentence: its word forms plus any number of aligned annotation columns. */
export interface Sentence {
  words: string[];
  /** Column name → one value per word (e.g. `upos`, `xpos`, `feats:Number`). */
  columns: Record<string, string[]>;
  /** Sentence-level labels (NeuroX sentence tasks): column name → one value for the whole sentence. */
  sentenceColumns?: Record<string, string>;
}

export interface Corpus {
  name: string;
  sentences: Sentence[];
  /** Names of the word-level columns every sentence carries, in a stable order. */
  columns: string[];
  /** Names of sentence-level columns, when the corpus has any. */
  sentenceColumns?: string[];
}

/**
 * A parse failure pinned to a place in the input. `line` and `column` are 1-based;
 * `column` counts characters (UTF-16 units) from the line start.
 */
export class CorpusParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;

  constructor(file: string, line: number, column: number, detail: string) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'CorpusParseError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** Total number of words in a corpus. */
export function countWords(corpus: Corpus): number {
  let n = 0;
  for (const s of corpus.sentences) n += s.words.length;
  return n;
}

/** The first sentences holding `limit` words (at least; whole sentences): a cap on training words applied before extraction. */
export function firstWords(corpus: Corpus, limit: number): Corpus {
  let words = 0;
  let n = 0;
  while (n < corpus.sentences.length && words < limit) words += corpus.sentences[n++].words.length;
  return n === corpus.sentences.length ? corpus : { ...corpus, sentences: corpus.sentences.slice(0, n) };
}

/** Refuses a corpus without sentences (an empty file, or one of comments only), naming the file. */
export function requireSentences(corpus: Corpus): Corpus {
  if (corpus.sentences.length === 0) throw new CorpusParseError(corpus.name, 1, 1, 'no sentences found (the file is empty or holds only comments)');
  return corpus;
}
