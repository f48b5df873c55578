import { useState } from 'react';
import * as Comlink from 'comlink';
import type { SplitName } from '../../core/tasks';
import { type ImportedActivations, interopEngine } from '../../../workers/protocol';
import { STORAGE_DTYPE, type StorageDType } from '../../core/options';
import { OptionSelect } from '../controls';


export interface ImportActivationsPanelProps {
  /** Which corpus of a run the imported activations are at first (default `train`); the user can change it. */
  split?: SplitName;
  /** Called once the activations and the corpus are stored; start an LCA run with them (no model needed). */
  onImported(info: ImportedActivations): void;
}

/**
 * Imports activations extracted with NeuroX (JSON lines or HDF5) with the
 * sentences and labels they belong to; parsing and storing happen in the interop
 * worker, and mismatched sentence, word or layer counts come back as an error
 * naming the sentence.
 */
export function ImportActivationsPanel({ split: initialSplit = 'train', onImported }: ImportActivationsPanelProps) {
  const [split, setSplit] = useState<SplitName>(initialSplit);
  const [activations, setActivations] = useState<File>();
  const [words, setWords] = useState<File>();
  const [labels, setLabels] = useState<File>();
  const [dtype, setDtype] = useState<StorageDType | ''>('');
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ImportedActivations>();

  async function run() {
    if (!activations || !words) return;
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    setProgress(undefined);
    try {
      const info = await interopEngine().importActivations(
        { activations, words, labels },
        { split, dtype: dtype || undefined },
        Comlink.proxy((done: number, total: number) => setProgress({ done, total })),
      );
      setResult(info);
      onImported(info);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  const id = `import-${split}`;
  const file = (set: (f: File | undefined) => void) => (e: React.ChangeEvent<HTMLInputElement>) => set(e.target.files?.[0]);
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Or: import NeuroX activations</h2>
      <p className="hint">
        Activations extracted with NeuroX or <code>salient extract</code>/<code>merge</code> (JSON lines or HDF5), with the sentences they
        belong to. Probing, rankings, heatmaps and top words then run on them without a model.
      </p>
      <div className="row">
        <label>
          For the
          <select value={split} onChange={(e) => setSplit(e.target.value as SplitName)} disabled={running} data-testid="import-split">
            <option value="train">training corpus</option>
            <option value="dev">dev corpus</option>
            <option value="test">test corpus</option>
          </select>
        </label>
        <label>
          Activations (.json, .hdf5)
          <input type="file" accept=".json,.jsonl,.hdf5,.h5" onChange={file(setActivations)} disabled={running} data-testid="import-activations" />
        </label>
        <label>
          Sentences (.word or .conllu)
          <input type="file" onChange={file(setWords)} disabled={running} data-testid="import-words" />
        </label>
        <label title="One label per word, line by line with the .word file (not needed with CoNLL-U).">
          Labels (optional)
          <input type="file" onChange={file(setLabels)} disabled={running} data-testid="import-labels" />
        </label>
        <OptionSelect<StorageDType | ''> table={STORAGE_DTYPE} label="Store as" value={dtype} onChange={setDtype} extra={{ value: '', label: 'as in the file' }} disabled={running} />
        <button type="button" onClick={run} disabled={!activations || !words || running} data-testid="import-run">
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {running && progress && (
        <div className="progress" role="status">
          <progress max={progress.total} value={progress.done} />
          <span className="numbers">
            {progress.done.toLocaleString()} / {progress.total.toLocaleString()} sentences
          </span>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {result && (
        <dl className="facts" aria-label="Imported activations" data-testid="import-result">
          <dt>Corpus</dt>
          <dd>
            {result.corpus.name}: {result.corpus.sentences.toLocaleString()} sentences, {result.corpus.words.toLocaleString()} words
          </dd>
          <dt>Activations</dt>
          <dd>
            {result.layers} layers × {result.hidden} neurons, {result.dtype}
          </dd>
          <dt>Model</dt>
          <dd>{result.model}</dd>
          <dt>Labels</dt>
          <dd>{result.columns.length ? result.columns.join(', ') : 'none (word-only tasks: suffix, regex, word lists)'}</dd>
        </dl>
      )}
    </section>
  );
}
