import { useEffect, useState } from 'react';
import type { RunRecord } from '../../core/run/types';
import { MAX_PROPERTIES } from '../../core/share';
import { lcaEngine } from '../../../workers/protocol';
import { listRuns } from '../../storage/runStore';

interface Props {
  refresh: number;
  onOpen(id: string): void;
  onResume(run: RunRecord): void;
  onCompare(a: string, b: string): void;
  /** Several runs of one model (e.g. properties probed together) on one screen. */
  onProperties(ids: string[]): void;
}

/** Runs kept in this browser: open, resume an interrupted one, compare two, delete. */
export function RunsList({ refresh, onOpen, onResume, onCompare, onProperties }: Props) {
  const [runs, setRuns] = useState<RunRecord[]>();
  const [picked, setPicked] = useState<string[]>([]);
  const reload = () => void listRuns().then(setRuns);
  useEffect(reload, [refresh]);
  if (!runs?.length) return null;
  return (
    <section className="panel" aria-labelledby="runs-heading" data-testid="runs-list">
      <h2 id="runs-heading">Runs in this browser</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Model</th>
            <th scope="col">Property</th>
            <th scope="col">Corpus</th>
            <th scope="col">Oracle test</th>
            <th scope="col">State</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid={`run-${run.id}`}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Pick run ${run.settings.model} ${run.settings.task} for comparison`}
                  checked={picked.includes(run.id)}
                  disabled={run.status !== 'done'}
                  onChange={(e) => setPicked((p) => (e.target.checked ? [...p, run.id].slice(-MAX_PROPERTIES) : p.filter((id) => id !== run.id)))}
                />
              </td>
              <td>{run.settings.model}</td>
              <td>{run.settings.task}</td>
              <td>{run.settings.corpora.map((c) => c.name).join(' + ')}</td>
              <td>{run.result ? `${(run.result.oracle.test.accuracy * 100).toFixed(1)}%` : '—'}</td>
              <td data-testid="run-status">{run.status === 'running' ? `running (${run.stage})` : run.status}{run.error ? `: ${run.error}` : ''}</td>
              <td>
                {run.result && <button onClick={() => onOpen(run.id)}>Open</button>}
                {run.group && run.status === 'done' && groupOf(runs, run).length > 1 && (
                  <button onClick={() => onProperties(groupOf(runs, run))} data-testid="open-group" title="The properties probed together with this one, on one screen">
                    Properties
                  </button>
                )}
                {(run.status === 'interrupted' || run.status === 'failed') && <button onClick={() => onResume(run)}>Resume</button>}{' '}
                <button onClick={() => lcaEngine().deleteRun(run.id).then(reload)} aria-label={`Delete run ${run.settings.model} ${run.settings.task}`}>
                  {run.status === 'done' ? 'Delete' : 'Discard'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button disabled={picked.length !== 2} onClick={() => onCompare(picked[0], picked[1])} data-testid="compare-runs">
          Compare the two picked runs
        </button>
        <button disabled={picked.length < 2} onClick={() => onProperties(picked)} data-testid="properties-runs" title="Properties × layers and the overlap of top neurons, for runs of one model">
          Properties × layers of the picked runs
        </button>
      </div>
    </section>
  );
}

/** The finished runs started together with `run`, oldest first (the order the properties were picked). */
function groupOf(runs: RunRecord[], run: RunRecord): string[] {
  return runs
    .filter((r) => r.group === run.group && r.status === 'done')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((r) => r.id);
}
