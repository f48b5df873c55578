import { useEffect, useRef, useState } from 'react';
import { type CorpusInfo, extractionEngine, type ImportedActivations, lcaEngine, type ModelInfo } from '../../workers/protocol';
import { AGGREGATION, type Aggregation } from '../core/options';
import type { RunRecord } from '../core/run/types';
import { formatRoute, parseRoute } from '../core/share';
import type { SplitName } from '../core/tasks';
import { getRun } from '../storage/runStore';
import { CompareView } from './compare/CompareView';
import { CorpusPanel } from './CorpusPanel';
import { DeploymentStatus, VersionLine } from './DeploymentStatus';
import { ImportActivationsPanel } from './interop/ImportActivationsPanel';
import { ExtractPanel } from './ExtractPanel';
import { ModelPanel } from './ModelPanel';
import { initialHubHost, isTrustedHubHost, trustHubHost } from './models';
import { PanelBoundary } from './PanelBoundary';
import { PropertiesView } from './properties/PropertiesView';
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
  // A host from a link (`?hub=`) is used only once the user confirms it.
  const [hubTrusted, setHubTrusted] = useState(() => isTrustedHubHost(hubHost));
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

  useEffect(() => void lcaEngine().markInterruptedRuns().then(() => setChanges((n) => n + 1)), []);
  // A worker that dies takes its memory with it: say so, forget its model, and put the corpora back from IndexedDB.
  const corpora = useRef({ corpus, heldOut });
  corpora.current = { corpus, heldOut };
  useEffect(() => {
    const stopExtraction = extractionEngine.onDeath((error) => {
      setNotice(`${error.message} Load the model again; an interrupted run can be resumed from the run list.`);
      setModel(undefined);
      setChanges((n) => n + 1);
      const { corpus: train, heldOut: held } = corpora.current;
      const restore = [['train', train], ['dev', held.dev], ['test', held.test]] as const;
      for (const [split, info] of restore) if (info) void extractionEngine().loadStoredCorpus(info.hash, split).catch(() => {});
    });
    const stopLca = lcaEngine.onDeath((error) => {
      setNotice(`${error.message} An interrupted run can be resumed from the run list.`);
      setChanges((n) => n + 1);
    });
    return () => {
      stopExtraction();
      stopLca();
    };
  }, []);
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
        <DeploymentStatus />
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
        <PanelBoundary name="The shared run" key={`share-${route.payload.slice(0, 32)}`}>
        <SharedRunView
          payload={route.payload}
          view={route.view}
          neuron={route.neuron}
          onView={(view, neuron) => navigate(formatRoute({ kind: 'share', payload: route.payload, view, neuron }))}
        />
        </PanelBoundary>
      )}
      {route.kind === 'compare' && (
        <PanelBoundary name="The comparison" key={`compare-${route.a}-${route.b}`}>
          <CompareView a={route.a} b={route.b} />
        </PanelBoundary>
      )}
      {route.kind === 'properties' && (
        <PanelBoundary name="The properties view" key={`properties-${route.ids.join('-')}`}>
          <PropertiesView ids={route.ids} />
        </PanelBoundary>
      )}
      {route.kind === 'run' && run?.result && (
        <PanelBoundary
          name="This run"
          key={`run-${run.id}`}
          runId={run.id}
          onDiscarded={() => {
            setChanges((n) => n + 1);
            navigate('#/');
          }}
        >
          {shareUrl && <SharePanel route={shareUrl} onClose={() => setShareUrl(undefined)} />}
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
        </PanelBoundary>
      )}
      {route.kind === 'run' && run && !run.result && <p className="hint">This run has no results yet ({run.status}). Resume or discard it from the run list.</p>}
      {route.kind === 'run' && run === null && (
        <p className="error" role="alert">
          There is no run {route.id} in this browser (it may have been deleted, or the link comes from another browser: ask for a share link instead). <a href="#/">Start over</a>
        </p>
      )}
      {route.kind === 'run' && run === undefined && <p className="hint">Opening the run…</p>}
      <div hidden={route.kind !== 'home'}>
        <PanelBoundary name="The model panel">
          <ModelPanel
            hubHost={hubHost}
            hubTrusted={hubTrusted}
            onHubHostChange={(host) => {
              // Typed by the user: trusted.
              setHubHost(host);
              trustHubHost(host);
              setHubTrusted(true);
            }}
            model={model}
            onModel={setModel}
          />
        </PanelBoundary>
        <PanelBoundary name="The corpus panel">
          <CorpusPanel corpus={corpus} onCorpus={setCorpus} onHeldOut={updateHeldOut} />
        </PanelBoundary>
        <PanelBoundary name="The import panel">
        <ImportActivationsPanel
          onImported={(info) => {
            setImported((current) => ({ ...current, [info.corpus.split]: info }));
            setChanges((n) => n + 1);
          }}
        />
        </PanelBoundary>
        <PanelBoundary name="The extraction panel">
          <ExtractPanel model={model} corpus={corpus} aggregation={aggregation} onAggregation={setAggregation} onExtracted={() => setChanges((n) => n + 1)} />
        </PanelBoundary>
        <PanelBoundary name="The run panel">
          <RunPanel
            model={model}
            train={corpus}
            heldOut={heldOut}
            onHeldOut={updateHeldOut}
            aggregation={aggregation}
            imported={imported}
            onPartial={showRun}
            onDone={showRun}
            onStopped={() => setChanges((n) => n + 1)}
            onPropertiesDone={(ids) => {
              setChanges((n) => n + 1);
              navigate(formatRoute({ kind: 'properties', ids }));
            }}
          />
        </PanelBoundary>
        <PanelBoundary name="The run list">
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
          onProperties={(ids) => navigate(formatRoute({ kind: 'properties', ids }))}
        />
        </PanelBoundary>
        <PanelBoundary name="The storage panel">
          <StoragePanel refresh={changes} />
        </PanelBoundary>
      </div>
      <footer>
        <VersionLine />
      </footer>
    </main>
  );
}
