import type { Corpus, Sentence } from '../corpus/types';

/** Where a task's labels come from. */
export type LabelSpec =
  /** A word-level corpus column: `upos`, `xpos`, `deprel`, `feats:Number`, a NeuroX label file… */
  | { kind: 'column'; column: string }
  /** The word's last `length` characters, lower-cased (whole word when shorter). */
  | { kind: 'suffix'; length: number }
  /** Binary concept: `positive` when the word is in the list (NeuroX `annotate_data` with a set). */
  | { kind: 'wordList'; words: string[]; caseSensitive?: boolean }
  /** Binary concept: `positive` when the regex matches at the word start (Python `re.match`, as NeuroX). */
  | { kind: 'regex'; pattern: string; flags?: string }
  /** One label per sentence from a sentence-level column. */
  | { kind: 'sentence'; column: string };

export const POSITIVE = 'positive';
export const NEGATIVE = 'negative';

/**
 * Parses the compact task notation used by the UI and CLI:
 * `upos`, `feats:Number`, `suffix:3`, `regex:^[A-Z]`, `words:the,a,an`, `sentence:label`.
 */
export function parseLabelSpec(text: string): LabelSpec {
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (head) {
    case 'suffix': {
      const length = Number(rest);
      if (!Number.isInteger(length) || length < 1) throw new Error(`suffix length must be a positive integer: '${text}'`);
      return { kind: 'suffix', length };
    }
    case 'regex':
      new RegExp(rest); // surface syntax errors now, not mid-labelling
      return { kind: 'regex', pattern: rest };
    case 'words':
      return { kind: 'wordList', words: rest.split(',').filter((w) => w.length > 0) };
    case 'sentence':
      return { kind: 'sentence', column: rest };
    default:
      return { kind: 'column', column: text };
  }
}

export function describeLabelSpec(spec: LabelSpec): string {
  switch (spec.kind) {
    case 'column':
      return spec.column;
    case 'suffix':
      return `suffix:${spec.length}`;
    case 'wordList':
      return `words:${spec.words.length}`;
    case 'regex':
      return `regex:${spec.pattern}`;
    case 'sentence':
      return `sentence:${spec.column}`;
  }
}

/** A function from a sentence to one label per word (or one label, for sentence specs). */
export function labeller(spec: LabelSpec, corpus: Corpus): (s: Sentence) => string[] {
  switch (spec.kind) {
    case 'column': {
      if (!corpus.columns.includes(spec.column)) {
        throw new Error(`corpus ${corpus.name} has no column '${spec.column}' (has: ${corpus.columns.join(', ') || 'none'})`);
      }
      return (s) => s.columns[spec.column];
    }
    case 'suffix': {
      const k = spec.length;
      return (s) => s.words.map((w) => w.slice(-k).toLowerCase());
    }
    case 'wordList': {
      const fold = !spec.caseSensitive;
      const set = new Set(fold ? spec.words.map((w) => w.toLowerCase()) : spec.words);
      return (s) => s.words.map((w) => (set.has(fold ? w.toLowerCase() : w) ? POSITIVE : NEGATIVE));
    }
    case 'regex': {
      const re = new RegExp(spec.pattern, (spec.flags ?? '').replace(/[gy]/g, '') + 'y');
      return (s) =>
        s.words.map((w) => {
          re.lastIndex = 0;
          return re.test(w) ? POSITIVE : NEGATIVE;
        });
    }
    case 'sentence': {
      if (!(corpus.sentenceColumns ?? []).includes(spec.column)) {
        throw new Error(`corpus ${corpus.name} has no sentence-level column '${spec.column}'`);
      }
      return (s) => [s.sentenceColumns?.[spec.column] ?? ''];
    }
  }
}
