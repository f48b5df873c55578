import type { Corpus } from './types';

export interface CorpusHashOptions {
  /** Also hash the annotation columns (default: words only, the key for cached activations). */
  includeColumns?: boolean;
}

/**
 * Stable 64-bit content hash (two independent 32-bit FNV-1a lanes) as 16 hex digits.
 * Words only by default: activations depend on the text, not on its labels.
 * Separators keep ["ab"] and ["a","b"] apart.
 */
export function corpusHash(corpus: Corpus, options: CorpusHashOptions = {}): string {
  const h = new Hasher();
  for (const s of corpus.sentences) {
    for (const w of s.words) h.string(w).sep(0x1f);
    if (options.includeColumns) {
      for (const c of corpus.columns) {
        h.string(c).sep(0x1d);
        for (const v of s.columns[c] ?? []) h.string(v).sep(0x1f);
      }
      for (const c of corpus.sentenceColumns ?? []) h.string(c).sep(0x1d).string(s.sentenceColumns?.[c] ?? '');
    }
    h.sep(0x1e);
  }
  return h.hex();
}

class Hasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x9e3779b9;

  string(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    return this;
  }

  sep(code: number): this {
    this.a = Math.imul(this.a ^ code, 0x01000193);
    this.b = Math.imul(this.b ^ code, 0x5bd1e995);
    this.b ^= this.b >>> 15;
    return this;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
