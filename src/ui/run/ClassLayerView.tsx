/**
 * Class × layer: how many of each class's top neurons sit in each layer (rows are classes,
 * columns layers), as counts or as shares of the class's top neurons — the figure of the
 * LCA papers. A cell opens the list of that class's neurons in that layer.
 */
import { describeNeuron, rowName, type GridLabels } from '../../core/neurons/neurons';
import { interpolateBlues } from 'd3';
import { forwardRef, useMemo, useRef, useState } from 'react';
import type { LcaResult } from '../../core/evaluation';
import { ChartFrame, HeatmapLegend, layerName } from '../charts';
import { textColorOn } from '../charts/colors';
import { svgDocument } from '../charts/exportChart';
import type { LegendSpec } from '../charts/salience';

interface Props {
  result: LcaResult;
  /** Per class: top neurons per layer (from the full lists, also for shared links). */
  perClassLayers: Record<string, number[]>;
  onNeuron(neuron: number): void;
  /** A shared link carries only the first neurons of each class's list. */
  listsTruncated?: boolean;
}

const CELL_W = 44;
const CELL_H = 20;
const LABEL_W = 90;
const TOP = 22;

/** Blues from light to dark, starting above white so a zero still reads as a cell. */
export const classLayerColor = (t: number) => interpolateBlues(0.08 + 0.87 * Math.max(0, Math.min(1, t)));

export function ClassLayerView({ result, perClassLayers, onNeuron, listsTruncated }: Props) {
  const [mode, setMode] = useState<'counts' | 'shares'>('counts');
  const [picked, setPicked] = useState<{ label: string; layer: number }>();
  const svgRef = useRef<SVGSVGElement>(null);
  const { layers, neuronsPerLayer } = result;

  const rows = useMemo(() => classLayerRows(perClassLayers), [perClassLayers]);
  const legend = classLayerLegend(rows, mode);
  const { width, height } = gridSize(rows.length, layers);
  const list = picked ? (result.ranking.perClass[picked.label] ?? []).filter((n) => Math.floor(n / neuronsPerLayer) === picked.layer) : [];

  return (
    <div data-testid="class-layer-view">
      <div className="row">
        <label>
          Show
          <select value={mode} onChange={(e) => setMode(e.target.value as 'counts' | 'shares')} data-testid="class-layer-mode">
            <option value="counts">counts of top neurons</option>
            <option value="shares">shares of each class's top neurons</option>
          </select>
        </label>
        <span className="hint">Rows sorted by the mean layer of the class's top neurons. Click a cell for its neurons.</span>
      </div>
      <ChartFrame title="Top neurons per class and layer" name="class-layers" source={() => svgRef.current && { text: svgDocument(svgRef.current), width, height }}>
        <HeatmapLegend spec={legend} name="class-layers" />
        <ClassLayerGrid ref={svgRef} rows={rows} mode={mode} layers={layers} picked={picked} onPick={setPicked} grid={result} />
      </ChartFrame>
      {picked && (
        <div data-testid="class-layer-neurons">
          <h4>
            {picked.label} in {rowName(result, picked.layer)}: {list.length} top neuron{list.length === 1 ? '' : 's'}
            {listsTruncated && ' (of those this link carries)'}
          </h4>
          {list.length === 0 && <p className="hint">None of this class's top neurons is in this layer.</p>}
          {list.map((n) => (
            <button key={n} className="chip" onClick={() => onNeuron(n)} data-testid="class-layer-neuron" aria-label={`${picked.layer}:${n % neuronsPerLayer}, inspect ${describeNeuron(result, picked.layer, n % neuronsPerLayer)} (#${n})`}>
              {picked.layer}:{n % neuronsPerLayer}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export interface ClassLayerRow {
  label: string;
  counts: number[];
  shares: number[];
  meanLayer: number;
}
type Mode = 'counts' | 'shares';

/** Classes ordered by the mean layer of their top neurons (ties by name): low-layer classes first. */
export function classLayerRows(perClassLayers: Record<string, number[]>): ClassLayerRow[] {
  return Object.entries(perClassLayers)
    .map(([label, counts]) => {
      const total = counts.reduce((a, b) => a + b, 0);
      const meanLayer = total ? counts.reduce((s, c, l) => s + c * l, 0) / total : 0;
      return { label, counts, shares: counts.map((c) => (total ? c / total : 0)), meanLayer };
    })
    .sort((a, b) => a.meanLayer - b.meanLayer || a.label.localeCompare(b.label));
}

const maxOf = (rows: ClassLayerRow[], mode: Mode) => Math.max(1e-9, ...rows.flatMap((r) => (mode === 'counts' ? r.counts : r.shares)));

export function classLayerLegend(rows: ClassLayerRow[], mode: Mode): LegendSpec {
  const max = maxOf(rows, mode);
  return {
    title: mode === 'counts' ? 'Top neurons in the layer' : "Share of the class's top neurons",
    color: classLayerColor,
    ticks: [0, 0.5, 1].map((t) => ({ t, label: mode === 'counts' ? String(Math.round(max * t)) : `${Math.round(max * t * 100)}%` })),
  };
}

const gridSize = (rows: number, layers: number) => ({ width: LABEL_W + layers * CELL_W + 60, height: TOP + rows * CELL_H + 4 });

interface GridProps {
  rows: ClassLayerRow[];
  mode: Mode;
  layers: number;
  picked?: { label: string; layer: number };
  /** Without it the grid is a static figure (reports). */
  onPick?(cell: { label: string; layer: number }): void;
  /** MLP neurons or layer outputs, and the model layer of each column. */
  grid?: GridLabels;
}

/** The class × layer grid as SVG: a cell per (class, layer), coloured and labelled by count or share; the mean layer at the right. */
export const ClassLayerGrid = forwardRef<SVGSVGElement, GridProps>(function ClassLayerGrid({ rows, mode, layers, picked, onPick, grid: result = {} }, ref) {
  const max = maxOf(rows, mode);
  const format = (v: number) => (mode === 'counts' ? String(v) : `${Math.round(v * 100)}%`);
  const { width, height } = gridSize(rows.length, layers);
  return (
    <svg ref={ref} width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontSize={11} role="group" aria-label={`Top neurons of ${rows.length} classes over ${layers} layers`} data-testid="class-layer-grid">
      <rect width={width} height={height} fill="#ffffff" />
      {Array.from({ length: layers }, (_, l) => (
        <text key={l} x={LABEL_W + l * CELL_W + CELL_W / 2} y={14} textAnchor="middle" fill="#4a5a6a">
          {layerName(l, result)}
        </text>
      ))}
      <text x={LABEL_W + layers * CELL_W + 8} y={14} fill="#4a5a6a">
        mean
      </text>
      {rows.map((row, r) => (
        <g key={row.label} transform={`translate(0,${TOP + r * CELL_H})`}>
          <text x={LABEL_W - 6} y={CELL_H / 2 + 4} textAnchor="end" fill="#1d2733">
            {row.label}
          </text>
          {(mode === 'counts' ? row.counts : row.shares).map((v, l) => {
            const fill = classLayerColor(v / max);
            const active = picked?.label === row.label && picked.layer === l;
            const pick = () => onPick?.({ label: row.label, layer: l });
            return (
              <g
                key={l}
                {...(onPick && {
                  role: 'button',
                  tabIndex: 0,
                  onClick: pick,
                  onKeyDown: (e: React.KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), pick()),
                  style: { cursor: 'pointer' },
                })}
                aria-label={`${row.label}, ${layerName(l, result)}: ${row.counts[l]} top neurons (${Math.round(row.shares[l] * 100)}%)`}
                data-testid={`class-layer-${row.label}-${l}`}
                data-count={row.counts[l]}
              >
                <rect x={LABEL_W + l * CELL_W} y={0} width={CELL_W - 1} height={CELL_H - 1} fill={fill} stroke={active ? '#e76f51' : 'none'} strokeWidth={2} />
                <text x={LABEL_W + l * CELL_W + CELL_W / 2} y={CELL_H / 2 + 4} textAnchor="middle" fill={textColorOn(fill)}>
                  {format(v)}
                </text>
              </g>
            );
          })}
          <text x={LABEL_W + layers * CELL_W + 8} y={CELL_H / 2 + 4} fill="#4a5a6a">
            {row.meanLayer.toFixed(1)}
          </text>
        </g>
      ))}
    </svg>
  );
});
