import { Component, type ErrorInfo, type ReactNode } from 'react';
import { lcaEngine } from '../../workers/protocol';
import { resetStorage } from '../storage/reset';

interface Props {
  /** What failed, e.g. "The run list". */
  name: string;
  children: ReactNode;
  /** A run record being shown: it can be discarded (it may be what breaks the view). */
  runId?: string;
  onDiscarded?(): void;
}

/**
 * Keeps one panel's failure in that panel: the rest of the page stays usable, and the panel says
 * what went wrong and offers a way out (try again, discard the run shown, reset stored data) —
 * a bad record in IndexedDB must never blank the app on every reload.
 */
export class PanelBoundary extends Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.name} failed:`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { name, runId, onDiscarded } = this.props;
    return (
      <section className="panel" role="alert" data-testid="panel-error">
        <h2>{name} could not be shown</h2>
        <p className="error">{error.message}</p>
        <p className="hint">The rest of Salient still works. If stored data causes this, discard it.</p>
        <div className="row">
          <button onClick={() => this.setState({ error: undefined })}>Try again</button>
          {runId && (
            <button
              data-testid="discard-broken-run"
              onClick={async () => {
                await lcaEngine().deleteRun(runId);
                this.setState({ error: undefined });
                onDiscarded?.();
              }}
            >
              Discard this run
            </button>
          )}
          <button
            data-testid="reset-storage"
            onClick={async () => {
              if (!confirm('Delete every run, corpus, activation and cached model file Salient stored in this browser?')) return;
              await resetStorage();
              location.reload();
            }}
          >
            Reset stored data
          </button>
        </div>
      </section>
    );
  }
}
