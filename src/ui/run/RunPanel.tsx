import { useEffect, useState } from 'react';
import type { CorpusInfo, ModelInfo } from '../../../workers/extraction.worker';
import { DEFAULT_SETTINGS, type CorpusRef, type RunSettings } from '../../core/run/types';
import type { SplitName } from '../../core/tasks';
import type { RankerName } from '../../core/evaluation';
import { L1_MODES, type L1Mode } from '../../core/probe/types';
import { RANKERS } from '../../core/ranking/rankers';
import type { ImportedActivations } from '../interop/ImportActivationsPanel';
import { extractionEngine } from '../engine';
import { cancelRun, executeRun, type RunProgress } from './pipeline';
import { RunProgressView } from './RunProgressView';

export type HeldOut = Partial<Record<'dev' | 'test', CorpusInfo>>;

interface Props {
  model?: ModelInfo;
  train?: CorpusInfo;
  /** The corpus's own dev/test files, when given (else a seeded split of train). */
  heldOut: HeldOut;
  onHeldOut(split: 'dev' | 'test', corpus: CorpusInfo | undefined): void;
  /** NeuroX activations imported into this browser, by split: a run on them needs no model. */
  imported: Partial<Record<SplitName, ImportedActivations>>;
  /** The run has results to show (first after the ranking); more follow. */
  onPartial(runId: string): void;
  onDone(runId: string): void;
}

const TASK_HINTS: Record<string, string> = {
  upos: 'universal part of speech',
  xpos: 'language-specific part of speech',
  deprel: 'dependency relation',
  pos: 'part of speech',
  chunk: 'syntactic chunk',
  ner: 'named entity',
  label: 'label file',
};
/** Columns that are not properties to probe. */
const NOT_TASKS = new Set(['word', 'form', 'lemma', 'feats', 'head', 'deps', 'misc']);

/** The property to probe, held-out files, advanced settings, and the Run button. */
export function RunPanel({ model, train, heldOut, onHeldOut, imported, onPartial, onDone }: Props) {
  const [source, setSource] = useState<'model' | 'imported'>('model');
  const fromImport = source === 'imported' && imported.train !== undefined;
  // A fresh import is what the researcher means to run on next.
  useEffect(() => void (imported.train && setSource('imported')), [imported.train]);
  const [heldOutError, setHeldOutError] = useState<string>();
  const [task, setTask] = useState(DEFAULT_SETTINGS.task);
  const [custom, setCustom] = useState('');
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const [progress, setProgress] = useState<RunProgress>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const columns = (fromImport ? imported.train!.columns : train?.columns) ?? [];
  const choices = [...columns.filter((c) => !NOT_TASKS.has(c) && !c.startsWith('feats:')), ...columns.filter((c) => c.startsWith('feats:'))];
  const effectiveTask = task === 'custom' ? custom.trim() : task;
  // A new corpus may not have the property picked before: fall back to its first one.
  const choiceKey = choices.join();
  useEffect(() => {
    if (choices.length > 0 && task !== 'custom' && !choices.includes(task)) setTask(choices[0]);
  }, [choiceKey]);

  async function loadHeldOut(split: 'dev' | 'test', file: File | undefined) {
    if (!file) {
      void extractionEngine().clearCorpus(split);
      onHeldOut(split, undefined);
      return;
    }
    const result = await extractionEngine().loadCorpus(file.name, await file.text(), undefined, split);
    if (result.ok) {
      setHeldOutError(undefined);
      onHeldOut(split, result.corpus);
    } else setHeldOutError(result.error.message);
  }

  /** Settings and already-stored activations for a run from the loaded model or from imported files. */
  function plan(): { full: RunSettings; stored: Partial<Record<SplitName, string>> } | undefined {
    if (fromImport) {
      const splits = Object.values(imported) as ImportedActivations[];
      const full = { ...settings, task: effectiveTask, model: imported.train!.model, onnxFile: '', aggregation: imported.train!.aggregation, corpora: splits.map((i) => i.corpus) };
      return { full, stored: Object.fromEntries(splits.map((i) => [i.corpus.split, i.activationId])) };
    }
    if (!model || !train) return undefined;
    const corpora: CorpusRef[] = [{ split: 'train', ...pick(train) }];
    for (const split of ['dev', 'test'] as const) if (heldOut[split]) corpora.push({ split, ...pick(heldOut[split]!) });
    return { full: { ...settings, task: effectiveTask, model: model.id, onnxFile: model.onnxFile.path, corpora }, stored: {} };
  }

  async function run() {
    const planned = plan();
    if (!planned) return;
    setRunning(true);
    setError(undefined);
    try {
      const done = await executeRun(planned.full, setProgress, onPartial, undefined, planned.stored);
      onDone(done.id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
      setProgress(undefined);
    }
  }

  const number = (key: keyof typeof settings) => (e: React.ChangeEvent<HTMLInputElement>) => setSettings({ ...settings, [key]: Number(e.target.value) });
  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">4. Run Linguistic Correlation Analysis</h2>
      {imported.train && (
        <div className="row">
          <label>
            Activations from
            <select value={source} onChange={(e) => setSource(e.target.value as 'model' | 'imported')} data-testid="run-source">
              <option value="model">the loaded model (extract now)</option>
              <option value="imported">imported NeuroX files ({(Object.values(imported) as ImportedActivations[]).map((i) => `${i.corpus.split}: ${i.corpus.name}`).join(', ')})</option>
            </select>
          </label>
        </div>
      )}
      <div className="row">
        <label>
          Property to probe
          <select value={task} onChange={(e) => setTask(e.target.value)} data-testid="task-select">
            {choices.map((c) => (
              <option key={c} value={c}>
                {c.startsWith('feats:') ? `${c.slice(6)} (FEATS)` : `${c.toUpperCase()}${TASK_HINTS[c] ? ` — ${TASK_HINTS[c]}` : ''}`}
              </option>
            ))}
            <option value="custom">suffix, word list or regex…</option>
          </select>
        </label>
        {task === 'custom' && (
          <label>
            Custom property
            <input value={custom} onChange={(e) => setCustom(e.target.value)} placeholder="suffix:3, regex:^[A-Z], words:the,a,an" data-testid="task-custom" />
          </label>
        )}
      </div>
      <div className="row">
        {(['dev', 'test'] as const).map((split) => (
          <label key={split} title={`Optional: the corpus's own ${split} file. Without it, a seeded split of the training corpus is used.`}>
            {split === 'dev' ? 'Dev file (optional)' : 'Test file (optional)'}
            <input type="file" accept=".conllu,.conll,.txt" data-testid={`${split}-input`} onChange={(e) => loadHeldOut(split, e.target.files?.[0])} />
            {heldOut[split] && (
              <span className="hint" data-testid={`${split}-corpus`}>
                {heldOut[split]!.name}: {heldOut[split]!.words.toLocaleString('en-US')} words
              </span>
            )}
          </label>
        ))}
      </div>
      {heldOutError && (
        <p className="error" role="alert">
          {heldOutError}
        </p>
      )}
      <details>
        <summary>Advanced settings</summary>
        <div className="row">
          <label title="Subword aggregation: how a word split into pieces gets one vector.">
            Aggregation
            <select value={settings.aggregation} onChange={(e) => setSettings({ ...settings, aggregation: e.target.value as RunSettings['aggregation'] })}>
              <option value="last">last (NeuroX default)</option>
              <option value="first">first</option>
              <option value="average">average</option>
            </select>
          </label>
          <label title="L1 penalty λ1·Σ|W|: drives weights of irrelevant neurons to zero.">
            λ1 (L1)
            <input type="number" step="any" value={settings.lambda1} onChange={number('lambda1')} />
          </label>
          <label title="gradient: λ1·sign(W) added to the gradient, as NeuroX (no exact zeros). proximal: soft-threshold after each step, a sparse probe with exact zeros.">
            L1 as
            <select value={settings.l1Mode ?? 'gradient'} onChange={(e) => setSettings({ ...settings, l1Mode: e.target.value as L1Mode })} data-testid="l1-mode">
              {L1_MODES.map((m) => (
                <option key={m} value={m}>
                  {m === 'gradient' ? 'gradient (NeuroX)' : 'proximal (sparse)'}
                </option>
              ))}
            </select>
          </label>
          <label title="L2 penalty λ2·‖W‖: spreads weight over correlated neurons.">
            λ2 (L2)
            <input type="number" step="any" value={settings.lambda2} onChange={number('lambda2')} />
          </label>
          <label title="Passes over the training words.">
            Epochs
            <input type="number" min={1} value={settings.epochs} onChange={number('epochs')} />
          </label>
          <label title="Labels with fewer training words are grouped as OTHER.">
            Min label frequency
            <input type="number" min={1} value={settings.minLabelCount} onChange={number('minLabelCount')} />
          </label>
          <label title="Training words used (the papers use the first 150,000).">
            Token cap
            <input type="number" min={100} value={settings.maxTrainTokens} onChange={number('maxTrainTokens')} />
          </label>
          <label title="Seed for splits, batch order, control task, random neurons and tie-breaking.">
            Seed
            <input type="number" value={settings.seed} onChange={number('seed')} />
          </label>
          <label title="The probe is trained with this many seeds (seed, seed+1, …) to show how stable its top neurons are; 1 skips it.">
            Probe seeds
            <input type="number" min={1} max={20} value={settings.seeds ?? 3} onChange={number('seeds')} data-testid="seeds" />
          </label>
          <label title="Which ranking picks the neurons kept in the ablations and the minimal set. All three are computed and compared.">
            Ablate by
            <select value={settings.ranker ?? 'probe'} onChange={(e) => setSettings({ ...settings, ranker: e.target.value as RankerName })} data-testid="ranker-setting">
              {RANKERS.map((r) => (
                <option key={r.name} value={r.name} title={r.description}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label title="The AP ranker counts activations with |x| below this as 0 (NeuroX: 0.05).">
            AP threshold
            <input type="number" step="any" min={0} value={settings.apThreshold ?? 0.05} onChange={number('apThreshold')} />
          </label>
          <label className="check" title="Undersample training classes to the size of the smallest.">
            <input type="checkbox" checked={settings.balance} onChange={(e) => setSettings({ ...settings, balance: e.target.checked })} />
            balance classes
          </label>
        </div>
      </details>
      <div className="row">
        <button onClick={run} disabled={(fromImport ? false : !model || !train) || !effectiveTask || running} data-testid="run-lca">
          Run LCA
        </button>
        {running && (
          <button onClick={cancelRun} data-testid="cancel-run">
            Cancel
          </button>
        )}
      </div>
      {running && <RunProgressView progress={progress} />}
      {error && (
        <p className="error" role="alert" data-testid="run-error">
          {error}
        </p>
      )}
    </section>
  );
}

function pick(info: CorpusInfo): Omit<CorpusRef, 'split'> {
  return { name: info.name, hash: info.hash, sentences: info.sentences, words: info.words };
}
