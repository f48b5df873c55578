import { useState } from 'react';
import type { RunRecord } from '../../core/run/types';
import type { SplitName } from '../../core/tasks';
import { download } from '../download';
import { exportRunActivations, exportRunRanking } from './exports';
import { ACTIVATION_FORMAT, STORAGE_DTYPE, type ActivationFormat, type StorageDType } from '../../core/options';
import { OptionSelect } from '../controls';

/** A run's activations and ranking as NeuroX files (`load_activations`, ranking functions' shapes). */
export function NeuroxExports({ run }: { run: RunRecord }) {
  const splits = run.settings.corpora.map((c) => c.split).filter((s) => run.activationIds[s]);
  const [split, setSplit] = useState<SplitName>(splits[0] ?? 'train');
  const [format, setFormat] = useState<ActivationFormat>(ACTIVATION_FORMAT.default);
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
        <OptionSelect table={ACTIVATION_FORMAT} value={format} onChange={setFormat} testId="neurox-format" />
        <OptionSelect table={STORAGE_DTYPE} label="Precision" value={dtype} onChange={setDtype} />
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
