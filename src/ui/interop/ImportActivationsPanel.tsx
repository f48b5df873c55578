import { useState } from 'react';
import * as Comlink from 'comlink';
import type { StorageDType } from '../../core/store/activationStore';
import type { SplitName } from '../../core/tasks';
import type { ImportedActivations } from '../../../workers/interop.worker';
import { interopEngine } from './interopEngine';

export type { ImportedActivations };

export interface ImportActivationsPanelProps {
  /** Which corpus of a run the imported activations are (default `train`). */
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
export function ImportActivationsPanel({ split = 'train', onImported }: ImportActivationsPanelProps) {
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
      <h2 id={`${id}-heading`}>Import NeuroX activations ({split})</h2>
      <p className="hint">
        Activations extracted with NeuroX or <code>salient extract</code>/<code>merge</code> (JSON lines or HDF5), with the sentences they
        belong to. Probing, rankings, heatmaps and top words then run on them without a model.
      </p>
      <div className="row">
        <label>
          Activations (.json, .hdf5)
          <input type="file" accept=".json,.jsonl,.hdf5,.h5" onChange={file(setActivations)} disabled={running} />
        </label>
        <label>
          Sentences (.word or .conllu)
          <input type="file" onChange={file(setWords)} disabled={running} />
        </label>
        <label title="One label per word, line by line with the .word file (not needed with CoNLL-U).">
          Labels (optional)
          <input type="file" onChange={file(setLabels)} disabled={running} />
        </label>
        <label title="float16 halves the space taken; the file's own precision is kept by default.">
          Store as
          <select value={dtype} onChange={(e) => setDtype(e.target.value as StorageDType | '')} disabled={running}>
            <option value="">as in the file</option>
            <option value="float16">float16</option>
            <option value="float32">float32</option>
          </select>
        </label>
        <button type="button" onClick={run} disabled={!activations || !words || running}>
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
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <dl className="facts" aria-label="Imported activations">
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
