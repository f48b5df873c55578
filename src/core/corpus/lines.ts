import { CorpusParseError } from './types';

/**
 * Splits text into lines, accepting \n, \r\n and old Mac \r endings and a leading byte-order
 * mark. Linear: one split, no rescans.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.indexOf('\r') >= 0) return body.split(/\r\n|\r|\n/);
  return body.split('\n');
}

/** A corpus file's lines, after refusing files that are not text (see `checkText`). */
export function textLines(text: string, file: string): string[] {
  checkText(text, file);
  return splitLines(text);
}

const SAMPLE = 64 * 1024;

/**
 * Refuses a file that is mostly not text: binary junk named `.txt` (or a UTF-16 file) would
 * otherwise parse as a corpus of nonsense. Looks at the first 64 K characters: more than 10%
 * control characters (other than tab, line breaks and form feed) or undecodable bytes (U+FFFD)
 * is not a corpus.
 */
export function checkText(text: string, file: string): void {
  const n = Math.min(text.length, SAMPLE);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (n === 0 || bad <= 0.1 * n) return;
  const before = text.slice(0, first);
  const line = splitLines(before).length;
  const column = first - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  const nul = text.indexOf('\0') >= 0 && text.indexOf('\0') < n;
  throw new CorpusParseError(
    file,
    line,
    column,
    `not a text file: ${Math.round((100 * bad) / n)}% of its first ${n.toLocaleString('en-US')} characters are control characters or invalid UTF-8${nul ? ' (a binary file, or UTF-16: save corpora as UTF-8)' : ''}`,
  );
}

/** True when the line is empty or only whitespace (a sentence break). */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
