/**
 * A run's activations and ranking as NeuroX files, for download buttons:
 * activations are written in the interop worker (JSON of a large corpus is a lot
 * of text); the ranking is computed here from the run's stored probe weights.
 * NeuroX's loader picks the format by extension, so names end in .hdf5 or .json.
 */
import { neuroxRanking } from '../../core/interop';
import type { RunRecord } from '../../core/run/types';
import type { SplitName } from '../../core/tasks';
import { interopEngine } from '../../../workers/protocol';
import type { ActivationFormat, StorageDType } from '../../core/options';

export interface ExportedFile {
  blob: Blob;
  fileName: string;
}

/** The activations of one of the run's corpora (default train) in NeuroX's JSON or HDF5 layout. */
export async function exportRunActivations(
  run: RunRecord,
  options: { format: ActivationFormat; split?: SplitName; dtype?: StorageDType },
): Promise<ExportedFile> {
  const split = options.split ?? 'train';
  const corpus = run.settings.corpora.find((c) => c.split === split);
  const activationId = run.activationIds[split];
  if (!corpus || !activationId) throw new Error(`this run has no ${split} corpus with stored activations`);
  const blob = await interopEngine().exportActivations(activationId, corpus.hash, options.format, options.dtype);
  return { blob, fileName: `${stem(corpus.name)}-activations.${options.format === 'hdf5' ? 'hdf5' : 'json'}` };
}

/**
 * The run's ranking as NeuroX's functions return it: `get_neuron_ordering`
 * (ordering, cutoffs) and `get_top_neurons` (top_neurons, per class), as JSON.
 */
export function exportRunRanking(run: RunRecord, options: { percentage?: number } = {}): ExportedFile {
  const { result, weights } = run;
  if (!result || !weights) throw new Error('this run has no trained probe yet');
  const ranking = neuroxRanking(
    { outputs: weights.classes, dims: weights.dims, weights: weights.values },
    result.labels,
    { layers: result.layers, neuronsPerLayer: result.neuronsPerLayer, percentage: options.percentage, seed: run.settings.seed },
  );
  return { blob: new Blob([JSON.stringify(ranking)], { type: 'application/json' }), fileName: `${stem(result.task)}-neurox-ranking.json` };
}

function stem(name: string): string {
  return name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'salient';
}
