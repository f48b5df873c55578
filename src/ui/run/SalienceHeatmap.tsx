/**
 * The layers × neurons heatmap with the controls that make salience stand out: by default the
 * top k% of the ranking coloured by rank on a neutral ground (k from 0.5 to 20%), or the raw
 * |probe weight|; either in neuron order or sorted within each layer, so that each row reads
 * as a curve of how much salience the layer holds.
 */
import { useMemo, useState } from 'react';
import type { RunRecord } from '../../core/run/types';
import { layerHistogram } from '../../core/ranking/select';
import { Heatmap, layerName, type Cell } from '../charts';
import { cellLayout, maxOf, NEUTRAL, rankColor, rankOf, topCount, topRankPixels, valuePixels, type LegendSpec } from '../charts/salience';
import { salienceColor } from '../charts/colors';

export type HeatmapColour = 'top' | 'weight' | 'stable';
export const K_MIN = 0.5;
export const K_MAX = 20;
export const K_DEFAULT = 5;

interface Props {
  run: RunRecord;
  /** Most salient first; the run's ordering by default. */
  ordering?: number[];
  selected?: Cell;
  onSelect(cell: Cell): void;
}

export function SalienceHeatmap({ run, ordering: orderingProp, selected, onSelect }: Props) {
  const result = run.result!;
  const { layers, neuronsPerLayer: neurons } = result;
  const total = layers * neurons;
  const ordering = orderingProp ?? result.ranking.ordering;
  const [colour, setColour] = useState<HeatmapColour>('top');
  const [percent, setPercent] = useState(K_DEFAULT);
  const [cls, setCls] = useState('all');
  const [sorted, setSorted] = useState(false);

  const rank = useMemo(() => rankOf(ordering, total), [ordering, total]);
  const perClassWeights = run.weights?.classes === result.labels.length;
  const weights = useMemo(() => weightValues(run, colour === 'weight' ? cls : 'all'), [run, cls, colour]);
  // Stable neurons: each neuron's share of probe seeds with it in their top 10% (result.stability).
  const stable = useMemo(() => (result.stability ? Float32Array.from(result.stability.inTop) : undefined), [result]);
  const k = topCount(total, percent);
  const known = Math.min(k, ordering.length);

  // The layout depends on the ordering (or weights) and the sort switch, never on k: a move of the slider only recolours.
  const cells = useMemo(() => {
    if (!sorted) return cellLayout(layers, neurons);
    if (colour === 'top') return cellLayout(layers, neurons, (n) => (rank[n] < 0 ? Infinity : rank[n]));
    const key = colour === 'stable' ? stable : weights;
    return key ? cellLayout(layers, neurons, (n) => -key[n]) : cellLayout(layers, neurons);
  }, [sorted, colour, layers, neurons, rank, weights, stable]);

  const view = useMemo(() => {
    if (colour === 'top') {
      const legend: LegendSpec = {
        title: `Rank in the top ${percent}% (${k.toLocaleString('en-US')} neurons)`,
        color: rankColor,
        ticks: rankTicks(k),
        other: { color: NEUTRAL, label: `below the top ${percent}%` },
      };
      return { cells, pixels: topRankPixels(cells, rank, k), legend };
    }
    if (colour === 'stable') {
      if (!stable) return undefined;
      const legend: LegendSpec = {
        title: `Share of the ${result.stability!.seeds.length} probe seeds with the neuron in their top ${result.stability!.topPercent}%, √ scale`,
        color: salienceColor,
        ticks: [0, 0.5, 1].map((t) => ({ t, label: (t * t).toFixed(2) })),
      };
      return { cells, pixels: valuePixels(cells, stable, 1), legend };
    }
    if (!weights) return undefined;
    const max = maxOf(weights);
    const legend: LegendSpec = {
      title: `|weight|${cls === 'all' ? ' (max over classes)' : ` for ${cls}`}, √ scale`,
      color: salienceColor,
      ticks: [0, 0.25, 0.5, 0.75, 1].map((t) => ({ t, label: t === 0 ? '0' : (max * t * t).toPrecision(2) })),
    };
    return { cells, pixels: valuePixels(cells, weights, max), legend };
  }, [colour, cells, rank, k, percent, weights, cls, stable, result]);

  const perLayer = useMemo(() => layerHistogram(ordering.slice(0, k), layers, neurons), [ordering, k, layers, neurons]);
  const values = (colour === 'stable' ? stable : weights) ?? Float32Array.from(rank, (r) => (r < 0 ? 0 : 1 - r / total));

  return (
    <div data-testid="salience-heatmap">
      <div className="row">
        <label>
          Colour
          <select value={colour} onChange={(e) => setColour(e.target.value as HeatmapColour)} data-testid="heatmap-color">
            <option value="top">top k% of the ranking, by rank</option>
            <option value="weight" disabled={!run.weights}>
              |probe weight| (raw)
            </option>
            {result.stability && <option value="stable">stable neurons (share of probe seeds in their top {result.stability.topPercent}%)</option>}
          </select>
        </label>
        {colour === 'top' && (
          <label>
            <span>
              Top k = <output data-testid="heatmap-k-value">{percent}%</output> ({k.toLocaleString('en-US')} neurons)
            </span>
            <input
              type="range"
              min={K_MIN}
              max={K_MAX}
              step={0.5}
              value={percent}
              onChange={(e) => setPercent(Number(e.target.value))}
              aria-valuetext={`top ${percent}% (${k} neurons)`}
              data-testid="heatmap-k"
            />
          </label>
        )}
        {colour === 'weight' && perClassWeights && (
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
        <label className="check">
          <input type="checkbox" checked={sorted} onChange={(e) => setSorted(e.target.checked)} data-testid="heatmap-sorted" />
          sort each layer by salience
        </label>
      </div>
      {colour === 'top' && (
        <p className="hint" data-testid="top-per-layer">
          Top {percent}% per layer: {perLayer.map((c, l) => `${layerName(l, result)} ${c}`).join(' · ')}
          {known < k && ` (this link carries the first ${ordering.length} of the ordering; ranks beyond it are unknown)`}
        </p>
      )}
      {view ? (
        <Heatmap
          values={values}
          layers={layers}
          neurons={neurons}
          rank={rank}
          cells={view.cells}
          pixels={view.pixels}
          legend={view.legend}
          selected={selected}
          onSelect={onSelect}
          title={
            colour === 'top'
              ? `Top ${percent}% of the ranking${sorted ? ', each layer sorted by rank' : ''}`
              : colour === 'stable'
                ? `Stable neurons: share of probe seeds with the neuron in their top ${result.stability?.topPercent}%${sorted ? ', each layer sorted' : ''}`
                : `|probe weight| per neuron${cls === 'all' ? ' (max over classes)' : ` for ${cls}`}${sorted ? ', each layer sorted' : ''}`
          }
          grid={result}
          colorLabel={colour === 'stable' ? 'share of seeds' : weights ? '|weight|' : '1 − rank / total'}
          note={sorted ? 'Columns are positions after sorting, not neuron indices; hover names the neuron.' : undefined}
        />
      ) : (
        <p className="hint">This run has no probe weights stored; colour by rank instead.</p>
      )}
    </div>
  );
}

function rankTicks(k: number): { t: number; label: string }[] {
  if (k <= 1) return [{ t: 0, label: 'rank 1' }];
  const mid = Math.round(k / 2);
  return [
    { t: 0, label: 'rank 1' },
    { t: (mid - 1) / (k - 1), label: String(mid) },
    { t: 1, label: String(k) },
  ];
}

/** |W| per neuron: the maximum over classes, or one class's row. */
export function weightValues(run: RunRecord, cls: string): Float32Array | undefined {
  const w = run.weights;
  if (!w) return undefined;
  const c = run.result!.labels.indexOf(cls);
  if (c >= 0 && w.classes === run.result!.labels.length) return w.values.slice(c * w.dims, (c + 1) * w.dims);
  const out = new Float32Array(w.dims);
  for (let k = 0; k < w.classes; k++) for (let i = 0; i < w.dims; i++) out[i] = Math.max(out[i], w.values[k * w.dims + i]);
  return out;
}
