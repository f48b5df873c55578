import { rowName } from '../../core/neurons/neurons';
import { useEffect, useRef, useState } from 'react';
import { extractionEngine, lcaEngine, type NeuronDetail } from '../../../workers/protocol';
import type { RankerName } from '../../core/evaluation';
import { RANKERS, rankerLabel } from '../../core/ranking/rankers';
import type { RunRecord } from '../../core/run/types';
import { ActivationLegend, ActivationText, ChartFrame } from '../charts';
import { svgDocument } from '../charts/exportChart';

interface Props {
  run: RunRecord;
  neuron: number;
  onNeuron(neuron: number): void;
  /** The ranking whose ranks, previous/next and jumps the inspector follows (default: the run's). */
  ranker?: RankerName;
}

/** One neuron: its top words, activation histogram, strongest sentences, and live activations for typed text. */
export function NeuronInspector({ run, neuron, onNeuron, ranker }: Props) {
  const result = run.result!;
  const total = result.layers * result.neuronsPerLayer;
  const ordering = (ranker && result.agreement?.rankings[ranker]) || result.ranking.ordering;
  const rank = ordering.indexOf(neuron);
  const [loadedDetail, setDetail] = useState<NeuronDetail>();
  // The previous neuron's detail is never shown under this neuron's title (between a move and the new detail).
  const detail = loadedDetail?.neuron === neuron ? loadedDetail : undefined;
  const [error, setError] = useState<string>();
  const [typed, setTyped] = useState('The cats were sleeping on the warm mat .');
  const [live, setLive] = useState<{ words: string[]; values: number[] }>();
  const [liveError, setLiveError] = useState<string>();
  const [jump, setJump] = useState('');

  useEffect(() => {
    let current = true;
    setDetail(undefined);
    setError(undefined);
    lcaEngine()
      .neuronDetail(run, neuron)
      .then((d) => current && setDetail(d))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [run, neuron]);

  // Live activations for the typed sentence (debounced); the model stays loaded in the extraction worker.
  // Runs on imported NeuroX activations have no model here (no ONNX file).
  const hasModel = run.settings.onnxFile !== '';
  useEffect(() => {
    if (!hasModel) return;
    const words = typed.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return setLive(undefined);
    const timer = setTimeout(() => {
      extractionEngine()
        .sentenceActivations(run.settings.model, words, neuron, run.settings.aggregation, { neurons: result.neurons, layerNumbers: result.layerNumbers })
        .then((values) => {
          setLive({ words, values });
          setLiveError(undefined);
        })
        .catch((e: Error) => setLiveError(e.message));
    }, 250);
    return () => clearTimeout(timer);
  }, [typed, neuron, run, hasModel]);

  const byRank = (r: number) => ordering[Math.max(0, Math.min(total - 1, r))];
  const layer = Math.floor(neuron / result.neuronsPerLayer);
  return (
    <div className="inspector" data-testid="neuron-inspector">
      <div className="row">
        <h3 data-testid="neuron-title">
          {result.neurons === 'mlp' ? 'MLP neuron' : 'Neuron'} {neuron}: {rowName(result, layer)}, unit {neuron % result.neuronsPerLayer} — rank {rank + 1} of {total}
          {ranker && result.agreement ? ` (${rankerLabel(ranker)})` : ''}
        </h3>
      </div>
      {(result.agreement || result.stability) && (
        <p className="hint" data-testid="neuron-ranks">
          {result.agreement &&
            `Rank by ${RANKERS.map((r) => `${r.label} ${result.agreement!.rankings[r.name].indexOf(neuron) + 1}`).join(' · ')}. `}
          {result.stability &&
            `In the top ${result.stability.topPercent}% for ${Math.round(result.stability.inTop[neuron] * result.stability.seeds.length)} of ${result.stability.seeds.length} probe seeds.`}
        </p>
      )}
      <div className="row">
        <button onClick={() => onNeuron(byRank(rank - 1))} disabled={rank <= 0} data-testid="previous-neuron">
          ← Previous (rank {rank})
        </button>
        <button onClick={() => onNeuron(byRank(rank + 1))} disabled={rank >= total - 1} data-testid="next-neuron">
          Next (rank {rank + 2}) →
        </button>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const r = Number(jump);
            if (Number.isInteger(r) && r >= 1 && r <= total) onNeuron(byRank(r - 1));
          }}
        >
          <label>
            Jump to rank
            <input value={jump} onChange={(e) => setJump(e.target.value)} inputMode="numeric" size={6} data-testid="jump-rank" />
          </label>
        </form>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!detail && !error && <p className="status">Reading activations…</p>}
      {detail && (
        <div className="inspector-grid">
          <section aria-labelledby="top-words-heading">
            <h4 id="top-words-heading">Top words</h4>
            <ol className="top-words" data-testid="top-words">
              {detail.topWords.slice(0, 20).map((w) => (
                <li key={w.word}>
                  <span dir="auto">{w.word}</span> <span className="hint">{w.score.toFixed(2)}</span>
                </li>
              ))}
            </ol>
            <p className="hint">NeuroX’s get_top_words: mean |z-score| per word type, normalised; threshold 0.1.</p>
          </section>
          <section aria-labelledby="histogram-heading">
            <h4 id="histogram-heading">Activation histogram</h4>
            <Histogram {...detail.histogram} name={`neuron-${neuron}-histogram`} />
          </section>
          <section aria-labelledby="sentences-heading" className="wide">
            <h4 id="sentences-heading">Strongest sentences</h4>
            <ActivationLegend scale={sentenceScale(detail)} />
            {detail.sentences.map((s, i) => (
              <ActivationText key={i} words={s.words} values={s.values} scale={sentenceScale(detail)} />
            ))}
          </section>
        </div>
      )}
      <section aria-labelledby="typed-heading">
        <h4 id="typed-heading">Try a sentence</h4>
        {!hasModel && <p className="hint">This run was made from imported activations, so there is no model here to run new sentences through.</p>}
        <label>
          Words separated by spaces
          <input value={typed} onChange={(e) => setTyped(e.target.value)} dir="auto" disabled={!hasModel} data-testid="typed-sentence" />
        </label>
        {live && <ActivationText words={live.words} values={live.values} scale={detail ? sentenceScale(detail) : undefined} />}
        {liveError && <p className="warning">{liveError}</p>}
      </section>
    </div>
  );
}

/** One colour scale for all of a neuron's sentences, so they compare at a glance. */
function sentenceScale(detail: NeuronDetail): number {
  return Math.max(1e-9, Math.abs(detail.histogram.min), Math.abs(detail.histogram.max));
}

function Histogram({ min, max, counts, name }: { min: number; max: number; counts: number[]; name: string }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const most = Math.max(1, ...counts);
  const width = 320;
  const height = 90;
  const bar = width / counts.length;
  return (
    <ChartFrame title="Activations over the training words" name={name} source={() => svgRef.current && { text: svgDocument(svgRef.current), width, height: height + 16 }}>
      <svg ref={svgRef} width={width} height={height + 16} role="img" aria-label={`Histogram of activations from ${min.toFixed(2)} to ${max.toFixed(2)}`} data-testid="histogram">
        {counts.map((c, i) => (
          <rect key={i} x={i * bar} y={height - (c / most) * height} width={bar - 1} height={(c / most) * height} fill="#2a9d8f">
            <title>
              {(min + ((max - min) * i) / counts.length).toFixed(2)}…{(min + ((max - min) * (i + 1)) / counts.length).toFixed(2)}: {c} words
            </title>
          </rect>
        ))}
        <text x={0} y={height + 13} fontSize={11}>
          {min.toFixed(2)}
        </text>
        <text x={width} y={height + 13} fontSize={11} textAnchor="end">
          {max.toFixed(2)}
        </text>
      </svg>
    </ChartFrame>
  );
}
