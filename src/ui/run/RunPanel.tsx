import { useEffect, useState } from 'react';
import { type CorpusInfo, extractionEngine, type ImportedActivations, type ModelInfo } from '../../../workers/protocol';
import { L1_MODE, RANKER, RUN_NUMBERS, type Aggregation, type RunNumber } from '../../core/options';
import { DEFAULT_SETTINGS, type CorpusRef, type RunSettings } from '../../core/run/types';
import { NumberField, OptionSelect } from '../controls';
import { activationBytes, availableLayers, kindsOf, NEURONS, parseLayerSelection, selectLayers, type LayerSelection, type NeuronChoice, type NeuronKind } from '../../core/neurons/neurons';
import { formatBytes } from '../models';
import type { SplitName } from '../../core/tasks';
import { cancelRun, executeProperties, executeRun, type RunProgress } from './pipeline';
import { RunProgressView } from './RunProgressView';

export type HeldOut = Partial<Record<'dev' | 'test', CorpusInfo>>;

interface Props {
  model?: ModelInfo;
  train?: CorpusInfo;
  /** The corpus's own dev/test files, when given (else a seeded split of train). */
  heldOut: HeldOut;
  onHeldOut(split: 'dev' | 'test', corpus: CorpusInfo | undefined): void;
  /** The page's one aggregation choice (made in the extraction panel). */
  aggregation: Aggregation;
  /** NeuroX activations imported into this browser, by split: a run on them needs no model. */
  imported: Partial<Record<SplitName, ImportedActivations>>;
  /** The run has results to show (first after the ranking); more follow. */
  onPartial(runId: string): void;
  /** The run ended without results (failed, cancelled, its worker died): its record changed. */
  onStopped?(): void;
  onDone(runId: string): void;
  /** Several properties were probed together: their runs, in the order picked. */
  onPropertiesDone?(runIds: string[]): void;
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
export function RunPanel({ model, train, heldOut, onHeldOut, aggregation, imported, onPartial, onDone, onPropertiesDone, onStopped }: Props) {
  const [source, setSource] = useState<'model' | 'imported'>('model');
  const fromImport = source === 'imported' && imported.train !== undefined;
  // A fresh import is what the researcher means to run on next.
  useEffect(() => void (imported.train && setSource('imported')), [imported.train]);
  const [heldOutError, setHeldOutError] = useState<string>();
  const [task, setTask] = useState(DEFAULT_SETTINGS.task);
  const [custom, setCustom] = useState('');
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const [progress, setProgress] = useState<RunProgress>();
  const [extra, setExtra] = useState<string[]>([]);
  const [extraCustom, setExtraCustom] = useState('');
  const [property, setProperty] = useState<{ index: number; of: number; task: string }>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [neurons, setNeurons] = useState<NeuronChoice>('outputs');
  const [layerText, setLayerText] = useState('all');
  let layerSelection: LayerSelection | undefined;
  let layerError: string | undefined;
  try {
    layerSelection = parseLayerSelection(layerText);
  } catch (e) {
    layerError = (e as Error).message;
  }
  const mlpMissing = !fromImport && model !== undefined && model.mlpLayers === 0 && neurons !== 'outputs';

  const columns = (fromImport ? imported.train!.columns : train?.columns) ?? [];
  const choices = [...columns.filter((c) => !NOT_TASKS.has(c) && !c.startsWith('feats:')), ...columns.filter((c) => c.startsWith('feats:'))];
  const effectiveTask = task === 'custom' ? custom.trim() : task;
  // More properties probed on the same extraction, each a run of its own.
  const tasks = [...new Set([effectiveTask, ...extra.filter((t) => choices.includes(t)), ...extraCustom.split(/\s+/).filter(Boolean)])].filter(Boolean);
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
    try {
      const result = await extractionEngine().loadCorpus(file.name, await file.text(), undefined, split);
      if (result.ok) {
        setHeldOutError(undefined);
        onHeldOut(split, result.corpus);
      } else setHeldOutError(result.error.message);
    } catch (e) {
      setHeldOutError(`Could not load ${file.name}: ${(e as Error).message}`);
    }
  }

  /** Settings and already-stored activations for a run from the loaded model or from imported files. */
  function plan(): { full: RunSettings; stored: Partial<Record<SplitName, string>> } | undefined {
    if (fromImport) {
      const splits = Object.values(imported) as ImportedActivations[];
      // Imported activations were made with their own aggregation: the run records that one (shown beside the control).
      const full = { ...settings, task: effectiveTask, model: imported.train!.model, onnxFile: '', aggregation: imported.train!.aggregation, corpora: splits.map((i) => i.corpus) };
      return { full, stored: Object.fromEntries(splits.map((i) => [i.corpus.split, i.activationId])) };
    }
    if (!model || !train) return undefined;
    const corpora: CorpusRef[] = [{ split: 'train', ...pick(train) }];
    for (const split of ['dev', 'test'] as const) if (heldOut[split]) corpora.push({ split, ...pick(heldOut[split]!) });
    const selection = layerSelection && Object.keys(layerSelection).length ? { layers: layerSelection } : {};
    return { full: { ...settings, task: effectiveTask, aggregation, model: model.id, onnxFile: model.onnxFile.path, corpora, ...selection }, stored: {} };
  }

  async function run() {
    const planned = plan();
    if (!planned) return;
    setRunning(true);
    setError(undefined);
    try {
      // "both": each kind is its own run (its own grid, ranking and views); a single property extracts both kinds in one pass.
      const kinds = fromImport ? [undefined] : kindsOf(neurons);
      let first: string | undefined;
      let propertyRuns: string[] | undefined;
      for (const kind of kinds) {
        const full = kind === 'mlp' ? { ...planned.full, neurons: kind } : planned.full;
        if (tasks.length > 1) {
          const runs = await executeProperties(
            tasks.map((t) => ({ ...full, task: t })),
            (p) => {
              setProperty({ index: p.property, of: p.of, task: tasks[p.property] });
              setProgress(p);
            },
            onPartial,
            undefined,
            planned.stored,
          );
          propertyRuns ??= runs.map((r) => r.id);
        } else {
          const done = await executeRun(full, setProgress, onPartial, undefined, planned.stored, undefined, kind ? (kinds as NeuronKind[]) : undefined);
          first ??= done.id;
        }
      }
      if (propertyRuns) onPropertiesDone?.(propertyRuns);
      else onDone(first!);
    } catch (e) {
      setError((e as Error).message);
      onStopped?.();
    } finally {
      setRunning(false);
      setProgress(undefined);
      setProperty(undefined);
    }
  }

  const alsoBox = (c: string, label: string) => (
    <label key={c} className="check">
      <input type="checkbox" checked={extra.includes(c)} onChange={(e) => setExtra((x) => (e.target.checked ? [...x, c] : x.filter((t) => t !== c)))} data-testid={`also-${c}`} />
      {label}
    </label>
  );
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
      {!fromImport && (
        <div className="row">
          <OptionSelect table={NEURONS} value={neurons} onChange={setNeurons} testId="neurons-select" />
          <label title="Model layers to keep (0 = embeddings): all, every:K, FROM-TO or FROM-TO/K. MLP layer k is inside the block whose output is layer k.">
            Layers
            <input value={layerText} onChange={(e) => setLayerText(e.target.value)} data-testid="layers-input" size={10} />
          </label>
          <StorageEstimate model={model} words={[train, heldOut.dev, heldOut.test].reduce((n, c) => n + (c?.words ?? 0), 0)} neurons={neurons} selection={layerSelection} />
        </div>
      )}
      {layerError && !fromImport && (
        <p className="error" role="alert">
          {layerError}
        </p>
      )}
      {mlpMissing && (
        <p className="error" role="alert">
          This model offers no MLP neurons: Salient found no FFN output projection it recognises in its graph. Pick layer outputs.
        </p>
      )}
      <fieldset className="properties" data-testid="more-properties">
        <legend>More properties on the same extraction (optional; each becomes a run of its own, compared on one screen)</legend>
        {choices
          .filter((c) => c !== task && !c.startsWith('feats:'))
          .map((c) => alsoBox(c, c.toUpperCase()))}
        {choices.some((c) => c !== task && c.startsWith('feats:')) && (
          <details>
            <summary>FEATS keys</summary>
            {choices.filter((c) => c !== task && c.startsWith('feats:')).map((c) => alsoBox(c, c.slice(6)))}
          </details>
        )}
        <label>
          Others (suffix:3, words:the,a,an, regex:…; separated by spaces)
          <input value={extraCustom} onChange={(e) => setExtraCustom(e.target.value)} placeholder="suffix:3" data-testid="also-custom" />
        </label>
      </fieldset>
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
          <p className="hint" data-testid="run-aggregation">
            Subword aggregation: {fromImport ? `${imported.train!.aggregation} (as in the imported files)` : `${aggregation} (set under Extract every layer)`}
          </p>
          {(Object.keys(RUN_NUMBERS) as RunNumber[]).map((key) => (
            <NumberField key={key} spec={RUN_NUMBERS[key]} value={settings[key] ?? RUN_NUMBERS[key].default ?? 0} onChange={(value) => setSettings({ ...settings, [key]: value })} />
          ))}
          <OptionSelect table={L1_MODE} value={settings.l1Mode ?? L1_MODE.default} onChange={(l1Mode) => setSettings({ ...settings, l1Mode })} testId="l1-mode" />
          <OptionSelect table={RANKER} value={settings.ranker ?? RANKER.default} onChange={(ranker) => setSettings({ ...settings, ranker })} testId="ranker-setting" />
          <label className="check" title="Undersample training classes to the size of the smallest.">
            <input type="checkbox" checked={settings.balance} onChange={(e) => setSettings({ ...settings, balance: e.target.checked })} />
            balance classes
          </label>
        </div>
      </details>
      <div className="row">
        <button onClick={run} disabled={(fromImport ? false : !model || !train || layerError !== undefined || mlpMissing) || !effectiveTask || running} data-testid="run-lca">
          {tasks.length > 1 ? `Run LCA for ${tasks.length} properties` : 'Run LCA'}
        </button>
        {running && (
          <button onClick={cancelRun} data-testid="cancel-run">
            Cancel
          </button>
        )}
      </div>
      {running && property && (
        <p className="status" data-testid="property-progress">
          Property {property.index + 1} of {property.of}: {property.task}
          {property.index > 0 && ' (activations reused from the first property)'}
        </p>
      )}
      {running && <RunProgressView progress={progress} />}
      {error && (
        <p className="error" role="alert" data-testid="run-error">
          {error}
        </p>
      )}
    </section>
  );
}

/** Activation storage before anything is extracted: words × layers × width × 2 bytes (float16), per kind. */
function StorageEstimate({ model, words, neurons, selection }: { model?: ModelInfo; words: number; neurons: NeuronChoice; selection?: LayerSelection }) {
  if (!model || !words || !selection) return null;
  const blocks = model.layers - 1;
  const grids = kindsOf(neurons)
    .filter((kind) => kind === 'outputs' || model.mlpLayers > 0)
    .map((kind) => ({ kind, width: kind === 'outputs' ? model.hidden : model.mlpWidth, layerNumbers: selectLayers(availableLayers(kind, blocks), selection) }));
  const bytes = activationBytes(words, grids, 2);
  const parts = grids.map((g) => `${g.layerNumbers.length} ${g.kind === 'mlp' ? 'MLP layers' : 'layers'} × ${g.width.toLocaleString('en-US')}`).join(' + ');
  // The probe reads every stored layer of the training words into memory: past ~2 GB a tab struggles.
  const heavy = bytes > 2 * 1024 ** 3;
  return (
    <span className={heavy ? 'error' : 'hint'} data-testid="storage-estimate">
      Activations: ≈ {formatBytes(bytes)} ({words.toLocaleString('en-US')} words × {parts}, float16)
      {heavy ? ' — more than a browser tab holds comfortably: keep fewer layers (every:K or a range) or one kind of neuron.' : ''}
    </span>
  );
}

function pick(info: CorpusInfo): Omit<CorpusRef, 'split'> {
  return { name: info.name, hash: info.hash, sentences: info.sentences, words: info.words };
}
