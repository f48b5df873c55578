import { useEffect, useState } from 'react';
import { type ActivationMeta, bytesPerValue } from '../core/store/activationStore';
import { extractionEngine } from '../../workers/protocol';
import { formatBytes } from './models';

/** What this browser keeps (activations in IndexedDB, model files in the Cache API), with delete. */
export function StoragePanel({ refresh }: { refresh: number }) {
  const [state, setState] = useState<{ activations: (ActivationMeta & { id: string })[]; usage: number; quota: number }>();
  const [memory, setMemory] = useState<number>();
  const reload = () => {
    void extractionEngine().storage().then(setState);
    const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
    setMemory(perf.memory?.usedJSHeapSize);
  };
  useEffect(reload, [refresh]);
  if (!state) return null;
  return (
    <section className="panel" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage</h2>
      <p data-testid="storage-usage">
        Disk used by Salient: {formatBytes(state.usage)} of {formatBytes(state.quota)} available
        {memory ? ` · page memory: ${formatBytes(memory)}` : ''}
      </p>
      {state.activations.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Corpus</th>
              <th scope="col">Rows</th>
              <th scope="col">Size</th>
              <th scope="col">State</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {state.activations.map((a) => (
              <tr key={a.id}>
                <td>{a.model}</td>
                <td>{a.corpusHash.slice(0, 8)}</td>
                <td>{a.rows.toLocaleString('en-US')}</td>
                <td>{formatBytes(a.layers * a.rows * a.hidden * bytesPerValue(a.dtype))}</td>
                <td>{a.complete ? `${a.aggregation}, ${a.dtype}` : 'interrupted'}</td>
                <td>
                  <button onClick={() => extractionEngine().deleteActivations(a.id).then(reload)} aria-label={`Delete activations of ${a.model}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
