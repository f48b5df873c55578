import { useEffect, useState } from 'react';
import type { CorpusInfo, ImportedActivations, ModelInfo } from '../../workers/protocol';
import { AGGREGATION, type Aggregation } from '../core/options';
import type { RunRecord } from '../core/run/types';
import { formatRoute, parseRoute } from '../core/share';
import type { SplitName } from '../core/tasks';
import { getRun, markInterruptedRuns } from '../storage/runStore';
import { CompareView } from './compare/CompareView';
import { CorpusPanel } from './CorpusPanel';
import { ImportActivationsPanel } from './interop/ImportActivationsPanel';
import { ExtractPanel } from './ExtractPanel';
import { ModelPanel } from './ModelPanel';
import { initialHubHost } from './models';
import { executeResume } from './run/pipeline';
import { RunPanel, type HeldOut } from './run/RunPanel';
import { RunsList } from './run/RunsList';
import { RunView } from './run/RunView';
import { SharedRunView } from './share/SharedRunView';
import { shareLink } from './share/shareLink';
import { SharePanel } from './share/SharePanel';
import { StoragePanel } from './StoragePanel';
import { useHash } from './useHashRoute';

export function App() {
  const [hubHost, setHubHost] = useState(initialHubHost);
  const [model, setModel] = useState<ModelInfo>();
  const [corpus, setCorpus] = useState<CorpusInfo>();
  const [heldOut, setHeldOut] = useState<HeldOut>({});
  const [imported, setImported] = useState<Partial<Record<SplitName, ImportedActivations>>>({});
  const updateHeldOut = (split: 'dev' | 'test', info: CorpusInfo | undefined) => setHeldOut(({ [split]: _, ...rest }) => (info ? { ...rest, [split]: info } : rest));
  const [aggregation, setAggregation] = useState<Aggregation>(AGGREGATION.default);
  const [changes, setChanges] = useState(0);
  const [hash, navigate] = useHash();
  const route = parseRoute(hash);
  const [run, setRun] = useState<RunRecord | null>();
  const [notice, setNotice] = useState<string>();
  const [shareUrl, setShareUrl] = useState<string>();

  useEffect(() => void markInterruptedRuns().then(() => setChanges((n) => n + 1)), []);
  const runId = route.kind === 'run' ? route.id : undefined;
  useEffect(() => {
    setShareUrl(undefined);
    if (!runId) return setRun(undefined);
    void getRun(runId).then((r) => setRun(r ?? null));
  }, [runId, changes]);

  const openRun = (id: string) => navigate(formatRoute({ kind: 'run', id, view: 'heatmap' }));
  /** New results of a run: open it unless it is already on screen (where the researcher may have moved on to another view). */
  const showRun = (id: string) => {
    setChanges((n) => n + 1);
    if (!location.hash.startsWith(`#/run/${id}`)) openRun(id);
  };
  return (
    <main>
      <header>
        <h1>
          <a href="#/">Salient</a>
        </h1>
        <p>Find the neurons of a transformer that encode a linguistic property (Linguistic Correlation Analysis).</p>
        {!crossOriginIsolated && <p className="warning">This page is not cross-origin isolated, so WASM runs on one thread. Serve it with COOP/COEP headers (npm start does).</p>}
        {notice && (
          <p className="status" role="status">
            {notice}
          </p>
        )}
      </header>
      {route.kind !== 'home' && (
        <nav className="top" aria-label="Salient">
          <a href="#/">← Setup and runs</a>
        </nav>
      )}
      {route.kind === 'invalid' && (
        <p className="error" role="alert" data-testid="route-error">
          {route.reason} <a href="#/">Start over</a>
        </p>
      )}
      {route.kind === 'share' && (
        <SharedRunView
          payload={route.payload}
          view={route.view}
          neuron={route.neuron}
          onView={(view, neuron) => navigate(formatRoute({ kind: 'share', payload: route.payload, view, neuron }))}
        />
      )}
      {route.kind === 'compare' && <CompareView a={route.a} b={route.b} />}
      {route.kind === 'run' && run?.result && (
        <>
          {shareUrl && <SharePanel url={shareUrl} onClose={() => setShareUrl(undefined)} />}
          <RunView
            run={run}
            view={route.view}
            neuron={route.neuron}
            onView={(view, neuron) => navigate(formatRoute({ kind: 'run', id: run.id, view, neuron }))}
            onShare={() =>
              shareLink(run, route.view, route.neuron)
                .then(setShareUrl)
                .catch((e: Error) => setNotice(`Could not make a share link: ${e.message}`))
            }
          />
        </>
      )}
      {route.kind === 'run' && run && !run.result && <p className="hint">This run has no results yet ({run.status}). Resume or discard it from the run list.</p>}
      {route.kind === 'run' && run === null && (
        <p className="error" role="alert">
          There is no run {route.id} in this browser (it may have been deleted, or the link comes from another browser: ask for a share link instead). <a href="#/">Start over</a>
        </p>
      )}
      {route.kind === 'run' && run === undefined && <p className="hint">Opening the run…</p>}
      <div hidden={route.kind !== 'home'}>
        <ModelPanel
          hubHost={hubHost}
          onHubHostChange={(host) => {
            setHubHost(host);
            localStorage.setItem('salient.hubHost', host);
          }}
          model={model}
          onModel={setModel}
        />
        <CorpusPanel corpus={corpus} onCorpus={setCorpus} onHeldOut={updateHeldOut} />
        <ImportActivationsPanel
          onImported={(info) => {
            setImported((current) => ({ ...current, [info.corpus.split]: info }));
            setChanges((n) => n + 1);
          }}
        />
        <ExtractPanel model={model} corpus={corpus} aggregation={aggregation} onAggregation={setAggregation} onExtracted={() => setChanges((n) => n + 1)} />
        <RunPanel model={model} train={corpus} heldOut={heldOut} onHeldOut={updateHeldOut} aggregation={aggregation} imported={imported} onPartial={showRun} onDone={showRun} />
        <RunsList
          refresh={changes}
          onOpen={openRun}
          onResume={(r) =>
            executeResume(r, model, undefined, showRun)
              .then((done) => showRun(done.id))
              .catch((e: Error) => setNotice(e.message))
              .finally(() => setChanges((n) => n + 1))
          }
          onCompare={(a, b) => navigate(formatRoute({ kind: 'compare', a, b }))}
        />
        <StoragePanel refresh={changes} />
      </div>
    </main>
  );
}
