import type { Corpus } from '../corpus/types';
import { parseLabelSpec, type LabelSpec } from './labels';

/**
 * A task as researchers type it: `UPOS` → the `upos` column, `Number` → `feats:Number`
 * (words without the feature, `_`, are left out), `suffix:3`, `regex:…`, `words:…`.
 */
export function resolveTask(task: string, corpus: Corpus): { spec: LabelSpec; excludeLabels: string[] } {
  const spec = parseLabelSpec(task);
  if (spec.kind !== 'column') return { spec, excludeLabels: [] };
  const wanted = spec.column.toLowerCase();
  const column = corpus.columns.find((c) => c.toLowerCase() === wanted || c.toLowerCase() === `feats:${wanted}`);
  if (!column) throw new Error(`task "${task}" is not a column of ${corpus.name}; columns: ${corpus.columns.join(', ')}`);
  return { spec: { kind: 'column', column }, excludeLabels: column.startsWith('feats:') ? ['_'] : [] };
}
