/** Builds the share route of a run in this browser (settings and summary in the URL fragment); SharePanel adds the address. */
import { layerDistributionPerClass } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { encodeSummary, formatRoute, summarize, type NeuronRef, type ResultView } from '../../core/share';

export async function shareLink(run: RunRecord, view: ResultView, neuron?: NeuronRef): Promise<string> {
  const result = run.result!;
  const payload = await encodeSummary({ ...summarize(run.settings, result, layerDistributionPerClass(result), run.weights), app: __SALIENT_VERSION__ });
  return formatRoute({ kind: 'share', payload, view, neuron });
}
