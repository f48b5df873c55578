import { isBlank, splitLines } from './lines';

export type CorpusFormat = 'conllu' | 'columns' | 'lines';

export interface DetectedFormat {
  format: CorpusFormat;
  /** Columns per token line for `columns` (10 for CoNLL-U, 1 for `lines`). */
  columnCount: number;
}

const SAMPLE_LINES = 200;

/**
 * Guesses how to read a corpus file: `.conllu` names or 10-column lines with numeric IDs
 * are CoNLL-U; one token per line with blank-line breaks is a column file; anything else
 * is one sentence per line (NeuroX `.word` / label files).
 */
export function detectFormat(fileName: string, text: string): DetectedFormat {
  if (/\.conllu$/i.test(fileName)) return { format: 'conllu', columnCount: 10 };
  const lines = splitLines(text.slice(0, 64 * 1024)).slice(0, SAMPLE_LINES);
  const content = lines.filter((l) => !isBlank(l) && !l.startsWith('#') && !l.startsWith('-DOCSTART-'));
  if (content.length === 0) return { format: 'lines', columnCount: 1 };
  const conlluLike = content.filter((l) => {
    const f = l.split('\t');
    return f.length === 10 && /^\d+([-.]\d+)?$/.test(f[0]);
  });
  if (conlluLike.length === content.length) return { format: 'conllu', columnCount: 10 };

  const widths = content.map((l) => (l.includes('\t') ? l.split('\t') : l.trim().split(/\s+/)).length);
  const width = mode(widths);
  const hasBreaks = lines.slice(0, -1).some(isBlank);
  const sameWidth = widths.filter((w) => w === width).length >= 0.95 * widths.length;
  // Column files have short, fixed-width lines; sentence-per-line files vary in length.
  if (width >= 2 && width <= 12 && sameWidth && (hasBreaks || content.length === 1 || /\.(conll|txt|tsv|iob\d?|bio)$/i.test(fileName))) {
    return { format: 'columns', columnCount: width };
  }
  return { format: 'lines', columnCount: 1 };
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  let best = values[0];
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}
