/** Files a researcher takes away from a run: the result JSON (the CLI's schema) and the ranking as CSV. */
import { layerNumberOf } from '../../core/neurons/neurons';
import { checkResult, type LcaResult } from '../../core/evaluation';

/** The result as the CLI writes it, checked against the schema first. */
export function resultJson(result: LcaResult): Blob {
  return new Blob([JSON.stringify(checkResult(result, 'this run’s result'), null, 1)], { type: 'application/json' });
}

/**
 * One row per neuron, most salient first: rank, global index, kind (`output` or `mlp`), model layer, unit, and the
 * classes whose top list holds it.
 */
export function rankingCsv(result: LcaResult): Blob {
  const classesOf = new Map<number, string[]>();
  for (const [label, neurons] of Object.entries(result.ranking.perClass)) for (const n of neurons) classesOf.set(n, [...(classesOf.get(n) ?? []), label]);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = ['rank,neuron,kind,layer,unit,top_for_classes'];
  const kind = result.neurons === 'mlp' ? 'mlp' : 'output';
  result.ranking.ordering.forEach((n, rank) => {
    const layer = layerNumberOf(result, Math.floor(n / result.neuronsPerLayer));
    lines.push([rank + 1, n, kind, layer, n % result.neuronsPerLayer, quote((classesOf.get(n) ?? []).join(' '))].join(','));
  });
  return new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
}
