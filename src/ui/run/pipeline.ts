/**
 * One LCA run from the UI's side: extract each split (extraction worker),
 * record the run, then evaluate it (LCA worker). Progress is reported per stage;
 * the run record in IndexedDB says how far it got, so a reload can resume it.
 */
import type { LcaStage } from '../../core/evaluation';
import type { ExtractProgress } from '../../core/extract/extractor';
import type { NeuronKind } from '../../core/neurons/neurons';
import type { RunRecord, RunSettings } from '../../core/run/types';
import type { SplitName } from '../../core/tasks';
import { Comlink, extractionEngine, lcaEngine, WorkerDied } from '../../../workers/protocol';

export type RunProgress =
  | { stage: 'extract'; split: SplitName; progress?: ExtractProgress }
  | { stage: LcaStage; fraction: number };

export function newRunId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Called when a run has results to show (after the ranking, then after each later stage). */
export type OnPartial = (runId: string) => void;

/**
 * `stored`: activations already in IndexedDB (imported NeuroX files), by split; those splits are not extracted.
 * `extractKinds`: every kind of neuron to store from the same forward passes (a "both" choice runs twice, and the
 * second run finds its activations stored).
 */
export async function executeRun(
  settings: RunSettings,
  onProgress: (progress: RunProgress) => void,
  onPartial: OnPartial = () => {},
  id = newRunId(),
  stored: RunRecord['activationIds'] = {},
  group?: string,
  extractKinds: NeuronKind[] = [settings.neurons ?? 'outputs'],
): Promise<RunRecord> {
  const run: RunRecord = { id, createdAt: new Date().toISOString(), settings, status: 'running', stage: 'extract', activationIds: { ...stored }, ...(group && { group }) };
  await lcaEngine().saveRun(run);
  try {
    for (const ref of settings.corpora) {
      if (run.activationIds[ref.split]) continue;
      onProgress({ stage: 'extract', split: ref.split });
      const extracted = await extractionEngine().extract(
        { aggregation: settings.aggregation, includeSpecialTokens: false, dtype: 'float16', neurons: extractKinds, layers: settings.layers },
        Comlink.proxy((progress: ExtractProgress) => onProgress({ stage: 'extract', split: ref.split, progress })),
        ref.split,
      );
      run.activationIds[ref.split] = extracted.activationIds[settings.neurons ?? 'outputs'];
    }
    await lcaEngine().saveRun(run);
    return await evaluate(run, onProgress, onPartial);
  } catch (error) {
    await recordFailure(run, error);
    throw error;
  }
}

/**
 * Marks the run interrupted (cancelled, or its worker died: nothing is wrong with the run, so it
 * can be resumed) or failed, keeping any partial results the LCA worker saved meanwhile.
 */
async function recordFailure(run: RunRecord, error: unknown): Promise<void> {
  const message = (error as Error).message;
  await lcaEngine().recordStop(run, message, /cancel/i.test(message) || error instanceof WorkerDied);
}

function evaluate(run: RunRecord, onProgress: (progress: RunProgress) => void, onPartial: OnPartial): Promise<RunRecord> {
  return lcaEngine().runLca(
    run,
    Comlink.proxy((stage: LcaStage, fraction: number) => onProgress({ stage, fraction })),
    Comlink.proxy(onPartial),
  );
}

export function cancelRun(): void {
  void extractionEngine().cancel();
  void lcaEngine().cancel();
}

/**
 * Resumes an interrupted run: with every split's activations stored it goes straight to
 * the evaluation; otherwise it re-extracts (stored splits are reused) with the run's model loaded.
 */
export async function executeResume(run: RunRecord, model: { id: string } | undefined, onProgress: (progress: RunProgress) => void = () => {}, onPartial: OnPartial = () => {}): Promise<RunRecord> {
  const extracted = run.settings.corpora.every((c) => run.activationIds[c.split]);
  if (extracted) {
    const resumed: RunRecord = { ...run, status: 'running', error: undefined };
    await lcaEngine().saveRun(resumed);
    try {
      return await evaluate(resumed, onProgress, onPartial);
    } catch (error) {
      await recordFailure(resumed, error);
      throw error;
    }
  }
  if (model?.id !== run.settings.model) throw new Error(`To resume this run, load its model first: ${run.settings.model}.`);
  for (const ref of run.settings.corpora) {
    if (!(await extractionEngine().loadStoredCorpus(ref.hash, ref.split))) throw new Error(`The ${ref.split} corpus ${ref.name} is no longer stored in this browser; start a new run.`);
  }
  return executeRun(run.settings, onProgress, onPartial, run.id, {}, run.group);
}

/**
 * Several properties on one extraction: the first run extracts, the others reuse its stored
 * activations; each property is a full run of its own (compare, share and export work on it),
 * and all carry one group id. `onPartial` is called for the first run's early results.
 */
export async function executeProperties(
  settings: RunSettings[],
  onProgress: (progress: RunProgress & { property: number; of: number }) => void,
  onPartial: OnPartial = () => {},
  onRunDone: (run: RunRecord) => void = () => {},
  stored: RunRecord['activationIds'] = {},
): Promise<RunRecord[]> {
  const group = newRunId();
  const done: RunRecord[] = [];
  let activationIds = stored;
  for (const [i, s] of settings.entries()) {
    const id = newRunId();
    const run = await executeRun(s, (p) => onProgress({ ...p, property: i, of: settings.length }), i === 0 ? onPartial : () => {}, id, activationIds, group);
    activationIds = run.activationIds;
    done.push(run);
    onRunDone(run);
  }
  return done;
}
