import { useState } from 'react';
import type { RunRecord } from '../../core/run/types';
import type { StorageDType } from '../../core/store/activationStore';
import type { SplitName } from '../../core/tasks';
import { download } from '../run/exports';
import { exportRunActivations, exportRunRanking } from './exports';

/** A run's activations and ranking as NeuroX files (`load_activations`, ranking functions' shapes). */
export function NeuroxExports({ run }: { run: RunRecord }) {
  const splits = run.settings.corpora.map((c) => c.split).filter((s) => run.activationIds[s]);
  const [split, setSplit] = useState<SplitName>(splits[0] ?? 'train');
  const [format, setFormat] = useState<'hdf5' | 'json'>('hdf5');
  const [dtype, setDtype] = useState<StorageDType>('float32');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function activations() {
    setBusy(true);
    setError(undefined);
    try {
      const { blob, fileName } = await exportRunActivations(run, { format, split, dtype });
      download(blob, fileName);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function ranking() {
    try {
      const { blob, fileName } = exportRunRanking(run);
      download(blob, fileName);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <details className="neurox-exports">
      <summary>NeuroX files</summary>
      <div className="row">
        <label>
          Corpus
          <select value={split} onChange={(e) => setSplit(e.target.value as SplitName)}>
            {splits.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as 'hdf5' | 'json')} data-testid="neurox-format">
            <option value="hdf5">HDF5</option>
            <option value="json">JSON lines</option>
          </select>
        </label>
        <label>
          Precision
          <select value={dtype} onChange={(e) => setDtype(e.target.value as StorageDType)}>
            <option value="float32">float32</option>
            <option value="float16">float16</option>
          </select>
        </label>
        <button onClick={activations} disabled={busy || splits.length === 0} data-testid="export-activations">
          {busy ? 'Writing…' : 'Activations'}
        </button>
        <button onClick={ranking} disabled={!run.weights} data-testid="export-neurox-ranking">
          Ranking (NeuroX shape)
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
