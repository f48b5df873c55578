import { CorpusParseError, type Corpus, type Sentence } from './types';
import { isBlank, textLines } from './lines';

/**
 * CoNLL-U reader (https://universaldependencies.org/format.html), hand-written:
 * the only npm package (`conllu` 0.1.2) is unmaintained, browserify-bundled and
 * keeps no line numbers, and the format is small enough to validate precisely here.
 *
 * Word-level view: multiword token ranges (`1-2`) and empty nodes (`8.1`) are
 * validated but skipped, so `words` holds the syntactic words that carry UPOS etc.
 * A `feats:<Key>` column of a sentence without that key is a shared, frozen all-`_`
 * array: copy before mutating.
 */

/** Word-level columns exposed besides FORM, in file order (lower-cased CoNLL-U names). */
export const CONLLU_COLUMNS = ['lemma', 'upos', 'xpos', 'feats', 'head', 'deprel', 'deps', 'misc'] as const;
const FIELD_COUNT = 10;
/**
 * Distinct FEATS keys a file may use. UD's whole inventory, layered features included, is
 * about 150; every key becomes a column of every sentence, so thousands of keys would cost
 * keys × sentences entries (a hostile 150 KB file took 13 s and 812 MB before this cap).
 */
export const MAX_FEATS_KEYS = 256;
const FEATS_FIELD = 5;
const HEAD_FIELD = 6;

interface PendingSentence {
  words: string[];
  cols: string[][]; // parallel to CONLLU_COLUMNS
  lines: number[]; // source line of each word, for late errors
  featKey: string[]; // flat (word, key, value) triples for FEATS
  featVal: string[];
  featWord: number[];
  lastRangeEnd: number;
  lastRangeLine: number;
}

function newPending(): PendingSentence {
  return {
    words: [],
    cols: CONLLU_COLUMNS.map(() => []),
    lines: [],
    featKey: [],
    featVal: [],
    featWord: [],
    lastRangeEnd: 0,
    lastRangeLine: 0,
  };
}

/** Parses a non-negative decimal integer; -1 when `s` is not one. */
function parseUint(s: string): number {
  if (s.length === 0 || s.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function parseConllu(text: string, file: string): Corpus {
  const lines = textLines(text, file);
  const done: PendingSentence[] = [];
  const featureKeys = new Set<string>();
  let cur = newPending();
  let inSentence = false; // a token line has been seen since the last break

  const fail = (line: number, column: number, detail: string): never => {
    throw new CorpusParseError(file, line, column, detail);
  };

  const flush = (endLine: number) => {
    if (!inSentence) return;
    const n = cur.words.length;
    if (n === 0) fail(endLine, 1, 'sentence has no words (only multiword tokens or empty nodes)');
    if (cur.lastRangeEnd > n) {
      fail(cur.lastRangeLine, 1, `multiword token ends at word ${cur.lastRangeEnd} but the sentence has ${n} words`);
    }
    const heads = cur.cols[HEAD_FIELD - 2];
    for (let i = 0; i < n; i++) {
      const h = heads[i];
      if (h !== '_' && parseUint(h) > n) {
        fail(cur.lines[i], 1, `HEAD ${h} points past the last word (${n}) of the sentence`);
      }
    }
    done.push(cur);
    cur = newPending();
    inSentence = false;
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const lineNo = li + 1;
    if (isBlank(line)) {
      flush(lineNo);
      continue;
    }
    if (line.charCodeAt(0) === 35 /* # */) {
      if (inSentence) fail(lineNo, 1, 'comment line inside a sentence (comments must precede its first token)');
      continue;
    }
    inSentence = true;
    const f = line.split('\t');
    if (f.length !== FIELD_COUNT) {
      let col = line.length + 1;
      if (f.length > FIELD_COUNT) {
        col = 1;
        for (let k = 0; k < FIELD_COUNT; k++) col += f[k].length + 1;
      }
      fail(lineNo, col, `expected ${FIELD_COUNT} tab-separated columns, found ${f.length}`);
    }
    const id = f[0];
    const expected = cur.words.length + 1;
    const asInt = parseUint(id);
    if (asInt < 0) {
      const dash = id.indexOf('-');
      const dot = id.indexOf('.');
      if (dash > 0) {
        const a = parseUint(id.slice(0, dash));
        const b = parseUint(id.slice(dash + 1));
        if (a < 1 || b < 0) fail(lineNo, 1, `invalid multiword token ID '${id}'`);
        if (a !== expected) fail(lineNo, 1, `multiword token '${id}' should start at word ${expected}`);
        if (b <= a) fail(lineNo, 1, `multiword token range '${id}' must end after it starts`);
        if (f[1].length === 0) fail(lineNo, id.length + 2, 'empty FORM');
        cur.lastRangeEnd = b;
        cur.lastRangeLine = lineNo;
        continue;
      }
      if (dot > 0) {
        const a = parseUint(id.slice(0, dot));
        const b = parseUint(id.slice(dot + 1));
        if (a < 0 || b < 1) fail(lineNo, 1, `invalid empty node ID '${id}'`);
        if (a !== expected - 1) fail(lineNo, 1, `empty node '${id}' should follow word ${expected - 1}`);
        continue;
      }
      fail(lineNo, 1, `invalid ID '${id}' (expected an integer, a range like 1-2 or an empty node like 8.1)`);
    }
    if (asInt !== expected) fail(lineNo, 1, `expected word ID ${expected}, found ${id}`);

    const form = f[1];
    if (form.length === 0) fail(lineNo, id.length + 2, 'empty FORM');
    const w = cur.words.length;
    cur.words.push(form);
    cur.lines.push(lineNo);
    for (let k = 0; k < CONLLU_COLUMNS.length; k++) {
      const v = f[k + 2];
      if (v.length === 0) {
        fail(lineNo, fieldStart(f, k + 2), `empty ${CONLLU_COLUMNS[k].toUpperCase()} (use _ for no value)`);
      }
      cur.cols[k].push(v);
    }
    const head = f[HEAD_FIELD];
    if (head !== '_' && parseUint(head) < 0) {
      fail(lineNo, fieldStart(f, HEAD_FIELD), `HEAD '${head}' is not a word ID or _`);
    }
    const feats = f[FEATS_FIELD];
    if (feats !== '_') parseFeats(feats, w, cur, featureKeys, lineNo, fieldStart(f, FEATS_FIELD), fail);
  }
  flush(lines.length + 1);

  const keys = [...featureKeys].sort();
  const blanks = new Map<number, string[]>();
  const sentences: Sentence[] = done.map((p) => toSentence(p, keys, blanks));
  return {
    name: file,
    sentences,
    columns: [...CONLLU_COLUMNS, ...keys.map((k) => `feats:${k}`)],
  };
}

function fieldStart(f: string[], index: number): number {
  let col = 1;
  for (let k = 0; k < index; k++) col += f[k].length + 1;
  return col;
}

function parseFeats(
  feats: string,
  word: number,
  cur: PendingSentence,
  keys: Set<string>,
  lineNo: number,
  startCol: number,
  fail: (line: number, column: number, detail: string) => never,
): void {
  const firstOfWord = cur.featKey.length;
  let offset = 0;
  for (const pair of feats.split('|')) {
    const eq = pair.indexOf('=');
    const col = startCol + offset;
    if (eq <= 0 || eq === pair.length - 1 || pair.indexOf('=', eq + 1) >= 0) {
      fail(lineNo, col, `bad FEATS entry '${pair}' (expected Key=Value)`);
    }
    const key = pair.slice(0, eq);
    for (let k = firstOfWord; k < cur.featKey.length; k++) {
      if (cur.featKey[k] === key) fail(lineNo, col, `FEATS key '${key}' repeated`);
    }
    if (!keys.has(key)) {
      if (keys.size >= MAX_FEATS_KEYS) fail(lineNo, col, `more than ${MAX_FEATS_KEYS} distinct FEATS keys in the file (at '${key}'); UD features are a small closed set: is this column FEATS?`);
      keys.add(key);
    }
    cur.featWord.push(word);
    cur.featKey.push(key);
    cur.featVal.push(pair.slice(eq + 1));
    offset += pair.length + 1;
  }
}

function toSentence(p: PendingSentence, featureKeys: string[], blanks: Map<number, string[]>): Sentence {
  const columns: Record<string, string[]> = {};
  for (let k = 0; k < CONLLU_COLUMNS.length; k++) columns[CONLLU_COLUMNS[k]] = p.cols[k];
  const n = p.words.length;
  // Every feature key gets a full column, `_` where the word lacks it. Keys absent from the
  // whole sentence share one frozen all-`_` array per length: most keys are absent from most
  // sentences, and allocating them dominated parse time (GC).
  const own = new Map<string, string[]>();
  for (let i = 0; i < p.featKey.length; i++) {
    const key = p.featKey[i];
    let col = own.get(key);
    if (!col) own.set(key, (col = new Array<string>(n).fill('_')));
    col[p.featWord[i]] = p.featVal[i];
  }
  let blank = blanks.get(n);
  if (!blank) blanks.set(n, (blank = Object.freeze(new Array<string>(n).fill('_')) as string[]));
  for (const key of featureKeys) columns[`feats:${key}`] = own.get(key) ?? blank;
  return { words: p.words, columns };
}
