/** Builds the share route of a run in this browser (settings, summary and the top neurons' top words in the URL fragment); SharePanel adds the address. */
import { layerDistributionPerClass } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { encodeSummary, formatRoute, summarize, SHARED_TOP_WORD_NEURONS, SHARED_TOP_WORDS, type NeuronRef, type ResultView, type SharedTopWords } from '../../core/share';
import { lcaEngine } from '../../../workers/protocol';

export async function shareLink(run: RunRecord, view: ResultView, neuron?: NeuronRef): Promise<string> {
  const result = run.result!;
  const payload = await encodeSummary({ ...summarize(run.settings, result, layerDistributionPerClass(result), run.weights, await topWordsFor(run)), app: __SALIENT_VERSION__ });
  return formatRoute({ kind: 'share', payload, view, neuron });
}

/** The top neurons' top words, as the inspector shows them; none when the run's activations are no longer stored. */
async function topWordsFor(run: RunRecord): Promise<SharedTopWords | undefined> {
  try {
    return await lcaEngine().topWordsOf(run, run.result!.ranking.ordering.slice(0, SHARED_TOP_WORD_NEURONS), SHARED_TOP_WORDS);
  } catch {
    return undefined;
  }
}
