import { useMemo, useState, type ReactNode } from 'react';
import { layerDistributionPerClass } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { globalNeuron, neuronRef, RESULT_VIEWS, type NeuronRef, type ResultView } from '../../core/share';
import { AccuracyChart, Heatmap, LayerDistribution } from '../charts';
import { NeuroxExports } from '../interop/NeuroxExports';
import { AccuracyTables } from './AccuracyView';
import { ClassesView } from './ClassesView';
import { download, rankingCsv, resultJson } from './exports';
import { NeuronInspector } from './NeuronInspector';
import { RankerSelect, TrustView } from './TrustView';
import type { RankerName } from '../../core/evaluation';
import { rankerLabel } from '../../core/ranking/rankers';

const VIEW_LABELS: Record<ResultView, string> = {
  heatmap: 'Heatmap',
  layers: 'Layer distribution',
  accuracy: 'Accuracy',
  classes: 'Per class',
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
  shared?: { perClassLayers: Record<string, number[]>; neuronView(neuron: number): ReactNode };
}

/** A finished run: views a researcher switches between, and exports. */
export function RunView({ run, view, neuron: neuronAt, onView, onShare, shared }: Props) {
  const result = run.result!;
  const [cls, setCls] = useState('all');
  const [colorBy, setColorBy] = useState<'weight' | 'rank' | 'stable'>('weight');
  // Which ranking orders the heatmap's ranks and the inspector (the run's own unless the researcher picks another).
  const [ranker, setRanker] = useState<RankerName>(result.probe?.ranker ?? 'probe');
  const ordering = result.agreement?.rankings[ranker] ?? result.ranking.ordering;
  const total = result.layers * result.neuronsPerLayer;
  const rank = useMemo(() => {
    const r = new Int32Array(total).fill(-1);
    ordering.forEach((n, i) => (r[n] = i));
    return r;
  }, [ordering, total]);
  const perClassWeights = run.weights?.classes === result.labels.length;
  const values = useMemo(
    () => (colorBy === 'rank' ? rankValues(rank, total) : colorBy === 'stable' && result.stability ? Float32Array.from(result.stability.inTop) : weightValues(run, cls)),
    [run, cls, colorBy, rank, total, result],
  );
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
        {run.settings.corpora.map((c) => `${c.split}: ${c.name} (${c.words.toLocaleString('en-US')} words)`).join(' · ')} · {result.layers} layers × {result.neuronsPerLayer} neurons ·
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
        {view === 'heatmap' && values && (
          <>
            <div className="row">
              <label>
                Colour by
                <select value={colorBy} onChange={(e) => setColorBy(e.target.value as 'weight' | 'rank' | 'stable')} data-testid="heatmap-color">
                  <option value="weight">|probe weight|</option>
                  <option value="rank">rank in the ordering</option>
                  {result.stability && <option value="stable">stable neurons (share of seeds in the top {result.stability.topPercent}%)</option>}
                </select>
              </label>
              {colorBy === 'weight' && perClassWeights && (
                <label>
                  Salience for
                  <select value={cls} onChange={(e) => setCls(e.target.value)} data-testid="heatmap-class">
                    <option value="all">all classes (max |weight|)</option>
                    {result.labels.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            <Heatmap
              values={values}
              layers={result.layers}
              neurons={result.neuronsPerLayer}
              rank={rank}
              selected={selected}
              onSelect={(cell) => openNeuron(cell.layer * result.neuronsPerLayer + cell.neuron)}
              title={
                colorBy === 'rank'
                  ? `Neuron rank by the ${rankerLabel(ranker)} ranking (brighter = more salient)`
                  : colorBy === 'stable'
                    ? `Stable neurons: share of the ${result.stability?.seeds.length} probe seeds with the neuron in their top ${result.stability?.topPercent}%`
                    : `|probe weight| per neuron${cls === 'all' ? ' (max over classes)' : ` for ${cls}`}`
              }
              colorLabel={colorBy === 'rank' ? '1 − rank / total' : colorBy === 'stable' ? 'share of seeds' : '|weight|'}
              scale={colorBy === 'weight' ? 'sqrt' : 'linear'}
            />
          </>
        )}
        {view === 'heatmap' && !values && <p className="hint">This run has no probe weights stored; see the other views.</p>}
        {view === 'layers' && <LayerDistribution counts={result.layerDistribution} perClass={perClassLayers} />}
        {view === 'accuracy' && (
          <>
            <AccuracyChart result={result} />
            <AccuracyTables result={result} />
            <TrustView result={result} />
          </>
        )}
        {view === 'classes' && <ClassesView result={result} onNeuron={openNeuron} />}
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

/** |W| per neuron: the maximum over classes, or one class's row. */
function weightValues(run: RunRecord, cls: string): Float32Array | undefined {
  const w = run.weights;
  if (!w) return undefined;
  const c = run.result!.labels.indexOf(cls);
  if (c >= 0 && w.classes === run.result!.labels.length) return w.values.slice(c * w.dims, (c + 1) * w.dims);
  const out = new Float32Array(w.dims);
  for (let k = 0; k < w.classes; k++) for (let i = 0; i < w.dims; i++) out[i] = Math.max(out[i], w.values[k * w.dims + i]);
  return out;
}

/** 1 for the top neuron down to ~0 for the last; 0 where the rank is unknown (beyond a shared prefix). */
function rankValues(rank: Int32Array, total: number): Float32Array {
  return Float32Array.from(rank, (r) => (r < 0 ? 0 : 1 - r / total));
}
