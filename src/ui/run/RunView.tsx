import { useMemo, useState, type ReactNode } from 'react';
import { layerDistributionPerClass } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { globalNeuron, neuronRef, RESULT_VIEWS, type NeuronRef, type ResultView } from '../../core/share';
import { AccuracyChart, LayerDistribution } from '../charts';
import { NeuroxExports } from '../interop/NeuroxExports';
import { AccuracyTables } from './AccuracyView';
import { ClassesView } from './ClassesView';
import { ClassLayerView } from './ClassLayerView';
import { lcaEngine } from '../../../workers/protocol';
import { download } from '../download';
import { rankingCsv, resultJson } from './exports';
import { NeuronInspector } from './NeuronInspector';
import { RankerSelect, TrustView } from './TrustView';
import type { RankerName } from '../../core/evaluation';
import { ReverseSearch } from './ReverseSearch';
import { SalienceHeatmap } from './SalienceHeatmap';

const VIEW_LABELS: Record<ResultView, string> = {
  heatmap: 'Heatmap',
  layers: 'Layer distribution',
  accuracy: 'Accuracy',
  classes: 'Per class',
  search: 'Search',
  neuron: 'Neuron',
};

interface Props {
  run: RunRecord;
  view: ResultView;
  /** The neuron in view, as routes name it (layer, unit). */
  neuron?: NeuronRef;
  /** Moves to a view; `neuron` is kept only for the neuron view. */
  onView(view: ResultView, neuron?: NeuronRef): void;
  /** Present for runs that live in this browser. */
  onShare?(): void;
  /** A run opened from a share link: per-class layer counts come precomputed, and neurons have no activations. */
  shared?: { perClassLayers: Record<string, number[]>; topWords?: Record<number, { word: string; score: number }[]>; neuronView(neuron: number): ReactNode };
}

/** A finished run: views a researcher switches between, and exports. */
export function RunView({ run, view, neuron: neuronAt, onView, onShare, shared }: Props) {
  const result = run.result!;
  // Which ranking orders the heatmap and the inspector (the run's own unless the researcher picks another).
  const [ranker, setRanker] = useState<RankerName>(result.probe?.ranker ?? 'probe');
  const ordering = result.agreement?.rankings[ranker] ?? result.ranking.ordering;
  const perClassLayers = useMemo(() => shared?.perClassLayers ?? layerDistributionPerClass(result), [shared, result]);
  // Inside the views a neuron is its global index (layer × neuronsPerLayer + unit).
  const neuron = neuronAt && globalNeuron(neuronAt, result.neuronsPerLayer);
  const selected = neuronAt && { layer: neuronAt.layer, neuron: neuronAt.unit };
  const openNeuron = (n: number) => onView('neuron', neuronRef(n, result.neuronsPerLayer));

  return (
    <section className="panel" aria-labelledby="run-title" data-testid="run-view" data-status={run.status}>
      <h2 id="run-title">
        {run.settings.task} in {run.settings.model}
        {shared && <span className="badge">shared link</span>}
      </h2>
      <p className="hint">
        {run.settings.corpora.map((c) => `${c.split}: ${c.name} (${c.words.toLocaleString('en-US')} words)`).join(' · ')} · <span data-testid="summary-neurons">{result.layers} {result.neurons === 'mlp' ? 'MLP layers' : 'layers'} × {result.neuronsPerLayer} {result.neurons === 'mlp' ? 'MLP neurons' : 'neurons'}</span> ·
        aggregation {run.settings.aggregation} · λ1 {run.settings.lambda1} · λ2 {run.settings.lambda2} · oracle test <strong data-testid="summary-oracle">{(result.oracle.test.accuracy * 100).toFixed(1)}%</strong>
        {result.baseline && (
          <span data-testid="summary-majority">
            {' '}
            (majority class “{result.baseline.majorityClass}” alone {(result.baseline.test * 100).toFixed(1)}%)
          </span>
        )}
      </p>
      {result.baseline?.note && (
        <p className="status" role="note" data-testid="summary-note">
          {result.baseline.note}
        </p>
      )}
      {run.status !== 'done' && (
        <p className="status" role="status" data-testid="run-status-banner">
          {run.status === 'running'
            ? `Still running (${run.stage ?? 'starting'}): the views fill in as the stages finish; numbers not computed yet show “—”.`
            : `This run was ${run.status}${run.error ? ` (${run.error})` : ''} before it finished; resume it from the run list.`}
        </p>
      )}
      <div className="row">
        <button onClick={() => download(resultJson(result), `salient-${run.id}.json`)} data-testid="export-json">
          Result JSON
        </button>
        <button onClick={() => download(rankingCsv(result), `salient-${run.id}-ranking.csv`)} data-testid="export-csv">
          Ranking CSV
        </button>
        <button onClick={() => void saveReport(run, shared?.topWords).catch((e: Error) => alert(`Could not make the report: ${e.message}`))} data-testid="export-report" title="One self-contained HTML file: settings, charts, tables, top neurons with top words and sentences; opens offline">
          HTML report
        </button>
        {onShare && (
          <button onClick={onShare} data-testid="share">
            Share link
          </button>
        )}
      </div>
      {!shared && <NeuroxExports run={run} />}
      <div className="views" role="tablist" aria-label="Result views">
        {RESULT_VIEWS.map((v) => (
          <button key={v} role="tab" aria-selected={view === v} aria-controls="run-view-panel" onClick={() => onView(v, v === 'neuron' ? neuronAt : undefined)} data-testid={`view-${v}`}>
            {VIEW_LABELS[v]}
          </button>
        ))}
      </div>

      <div role="tabpanel" id="run-view-panel" aria-label={VIEW_LABELS[view]}>
        {result.agreement && (view === 'heatmap' || view === 'neuron') && (
          <div className="row">
            <RankerSelect value={ranker} onChange={setRanker} />
          </div>
        )}
        {view === 'heatmap' && <SalienceHeatmap run={run} ordering={ordering} selected={selected} onSelect={(cell) => openNeuron(cell.layer * result.neuronsPerLayer + cell.neuron)} />}
        {view === 'layers' && (
          <>
            <LayerDistribution counts={result.layerDistribution} perClass={perClassLayers} grid={result} />
            <ClassLayerView result={result} perClassLayers={perClassLayers} onNeuron={openNeuron} listsTruncated={!!shared} />
          </>
        )}
        {view === 'accuracy' && (
          <>
            <AccuracyChart result={result} />
            <AccuracyTables result={result} />
            <TrustView result={result} />
          </>
        )}
        {view === 'classes' && <ClassesView result={result} onNeuron={openNeuron} />}
        {view === 'search' && <ReverseSearch run={run} onNeuron={openNeuron} sharedTopWords={shared?.topWords} />}
        {view === 'neuron' && neuron !== undefined && (shared ? shared.neuronView(neuron) : <NeuronInspector run={run} neuron={neuron} onNeuron={openNeuron} ranker={ranker} />)}
        {view === 'neuron' && neuron === undefined && (
          <p className="hint">
            Pick a neuron in the heatmap or the per-class view, or start with the top one:{' '}
            <button onClick={() => openNeuron(ordering[0])}>top-ranked neuron</button>
          </p>
        )}
      </div>
    </section>
  );
}

/** Builds the self-contained HTML report (top neurons' details from the run's activations, or a link's top words) and downloads it. */
async function saveReport(run: RunRecord, sharedWords?: Record<number, { word: string; score: number }[]>): Promise<void> {
  const { htmlReport, REPORT_NEURONS } = await import('../report/htmlReport');
  const top = run.result!.ranking.ordering.slice(0, REPORT_NEURONS);
  const neurons = sharedWords
    ? top.filter((n) => sharedWords[n]).map((n) => ({ neuron: n, topWords: sharedWords[n] }))
    : await Promise.all(top.map(async (n) => {
        const d = await lcaEngine().neuronDetail(run, n, 3);
        return { neuron: n, topWords: d.topWords, sentences: d.sentences, histogram: d.histogram };
      }));
  download(new Blob([htmlReport(run, neurons)], { type: 'text/html' }), `salient-${run.id}-report.html`);
}
