/**
 * Several properties of one model on one screen: where each property's top neurons sit
 * (properties × layers, with each property's mean layer) and how much their top neurons
 * overlap (counts and Jaccard). Each property is a full run of its own, linked from here.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { summarizeProperties, PROPERTY_TOP_PERCENT, type PropertiesSummary } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { formatRoute } from '../../core/share';
import { getRun } from '../../storage/runStore';
import { ChartFrame, HeatmapLegend, layerName } from '../charts';
import { textColorOn } from '../charts/colors';
import { svgDocument } from '../charts/exportChart';
import type { LegendSpec } from '../charts/salience';
import { classLayerColor } from '../run/ClassLayerView';

const PERCENTS = [1, 2, 5, 10, 20];

export function PropertiesView({ ids }: { ids: string[] }) {
  const [runs, setRuns] = useState<(RunRecord | undefined)[]>();
  const [percent, setPercent] = useState(PROPERTY_TOP_PERCENT);
  useEffect(() => void Promise.all(ids.map((id) => getRun(id))).then(setRuns), [ids.join()]);
  const ready = runs?.every((r) => r?.result) ? (runs as RunRecord[]) : undefined;
  const summary = useMemo(() => {
    if (!ready) return undefined;
    try {
      return summarizeProperties(
        ready.map((r) => r.result!),
        percent,
      );
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [ready, percent]);

  if (!runs) return <p className="hint">Opening the runs…</p>;
  if (!ready)
    return (
      <p className="error" role="alert">
        {runs.filter((r) => !r?.result).length} of these runs are not in this browser or have no results yet. <a href="#/">Back to the runs</a>
      </p>
    );
  if (!summary || 'error' in summary)
    return (
      <p className="error" role="alert">
        {summary?.error}
      </p>
    );
  const [first] = ready;
  return (
    <section className="panel" aria-labelledby="properties-heading" data-testid="properties-view">
      <h2 id="properties-heading">
        {ready.length} properties in {first.settings.model}
      </h2>
      <p className="hint">
        {first.settings.corpora.map((c) => `${c.split}: ${c.name}`).join(' · ')} · {summary.layers} layers × {summary.neuronsPerLayer} neurons. Each property is a run of its own: open it for its
        heatmap, accuracies, share link and exports.
      </p>
      <table className="numbers" data-testid="properties-table">
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Classes</th>
            <th scope="col">Oracle test</th>
            <th scope="col">Selectivity</th>
            <th scope="col">Mean layer of the top {percent}%</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {ready.map((r, i) => (
            <tr key={r.id}>
              <th scope="row">{r.settings.task}</th>
              <td>{r.result!.labels.length}</td>
              <td>{(r.result!.oracle.test.accuracy * 100).toFixed(1)}%</td>
              <td>{r.result!.selectivity === null ? '—' : `${(r.result!.selectivity * 100).toFixed(1)}%`}</td>
              <td data-testid={`mean-layer-${i}`}>{summary.properties[i].meanLayer.toFixed(2)}</td>
              <td>
                <a href={formatRoute({ kind: 'run', id: r.id, view: 'heatmap' })} data-testid={`open-property-${i}`}>
                  Open run
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          Top neurons of each property
          <select value={percent} onChange={(e) => setPercent(Number(e.target.value))} data-testid="properties-percent">
            {PERCENTS.map((p) => (
              <option key={p} value={p}>
                top {p}% of its ordering
              </option>
            ))}
          </select>
        </label>
      </div>
      <PropertiesLayersChart summary={summary} />
      <OverlapMatrix summary={summary} ids={ready.map((r) => r.id)} />
    </section>
  );
}

const CELL_W = 52;
const CELL_H = 24;
const LABEL_W = 110;
const TOP = 22;

/** Rows are properties, columns layers; colour and label = share of the property's top neurons; ◆ marks the mean layer. */
export function PropertiesLayersChart({ summary }: { summary: PropertiesSummary }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const { layers, properties, percent } = summary;
  const max = Math.max(1e-9, ...properties.flatMap((p) => p.shares));
  const width = LABEL_W + layers * CELL_W + 70;
  const height = TOP + properties.length * CELL_H + 6;
  const legend: LegendSpec = { title: `Share of the property's top ${percent}%`, color: classLayerColor, ticks: [0, 0.5, 1].map((t) => ({ t, label: `${Math.round(max * t * 100)}%` })) };
  const title = `Where each property's top ${percent}% of neurons sit, per layer`;
  return (
    <ChartFrame title={title} name="properties-layers" source={() => svgRef.current && { text: svgDocument(svgRef.current), width, height }}>
      <HeatmapLegend spec={legend} name="properties-layers" />
      <svg ref={svgRef} width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontSize={11} role="img" aria-label={describe(summary)} data-testid="properties-layers">
        <rect width={width} height={height} fill="#ffffff" />
        {Array.from({ length: layers }, (_, l) => (
          <text key={l} x={LABEL_W + l * CELL_W + CELL_W / 2} y={14} textAnchor="middle" fill="#4a5a6a">
            {layerName(l)}
          </text>
        ))}
        <text x={LABEL_W + layers * CELL_W + 8} y={14} fill="#4a5a6a">
          mean layer
        </text>
        {properties.map((p, r) => (
          <g key={p.task} transform={`translate(0,${TOP + r * CELL_H})`}>
            <text x={LABEL_W - 6} y={CELL_H / 2 + 4} textAnchor="end" fill="#1d2733">
              {p.task}
            </text>
            {p.shares.map((share, l) => {
              const fill = classLayerColor(share / max);
              return (
                <g key={l}>
                  <rect x={LABEL_W + l * CELL_W} width={CELL_W - 1} height={CELL_H - 1} fill={fill} data-testid={`property-share-${r}-${l}`} data-share={share} data-count={p.counts[l]}>
                    <title>{`${p.task}, ${layerName(l)}: ${p.counts[l]} of ${p.top} top neurons (${(share * 100).toFixed(1)}%)`}</title>
                  </rect>
                  <text x={LABEL_W + l * CELL_W + CELL_W / 2} y={CELL_H / 2 + 4} textAnchor="middle" fill={textColorOn(fill)} pointerEvents="none">
                    {(share * 100).toFixed(0)}%
                  </text>
                </g>
              );
            })}
            {/* The mean layer as a marker on the layer axis (cell centres are layers). */}
            <path d={`M${LABEL_W + (p.meanLayer + 0.5) * CELL_W},${CELL_H - 8} l3,3 l-3,3 l-3,-3 z`} fill="#e76f51" stroke="#1d2733" strokeWidth={0.5} />
            <text x={LABEL_W + layers * CELL_W + 8} y={CELL_H / 2 + 4} fill="#1d2733" data-testid={`property-mean-${r}`}>
              {p.meanLayer.toFixed(2)}
            </text>
          </g>
        ))}
      </svg>
    </ChartFrame>
  );
}

function describe(summary: PropertiesSummary): string {
  return `Share of each property's top ${summary.percent}% per layer. ${summary.properties
    .map((p) => `${p.task}: ${p.shares.map((s, l) => `${layerName(l)} ${(s * 100).toFixed(0)}%`).join(', ')}; mean layer ${p.meanLayer.toFixed(2)}`)
    .join('. ')}`;
}

/** Pairwise overlap of the properties' top neurons: shared neurons and Jaccard, with a comparison link per pair. */
function OverlapMatrix({ summary, ids }: { summary: PropertiesSummary; ids: string[] }) {
  const tasks = summary.properties.map((p) => p.task);
  const find = (a: number, b: number) => summary.overlap.find((o) => (o.a === tasks[a] && o.b === tasks[b]) || (o.a === tasks[b] && o.b === tasks[a]));
  return (
    <table className="numbers overlap" data-testid="properties-overlap">
      <caption>
        Shared top-{summary.percent}% neurons between properties (Jaccard |A ∩ B| / |A ∪ B|); each property keeps {summary.properties[0].top} neurons
      </caption>
      <thead>
        <tr>
          <th scope="col"></th>
          {tasks.map((t) => (
            <th key={t} scope="col">
              {t}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tasks.map((row, a) => (
          <tr key={row}>
            <th scope="row">{row}</th>
            {tasks.map((col, b) => {
              if (a === b) return <td key={col} className="hint">{summary.properties[a].top}</td>;
              const o = find(a, b)!;
              const background = classLayerColor(o.jaccard);
              return (
                <td key={col} style={{ background, color: textColorOn(background) }} data-testid={`overlap-${a}-${b}`} data-shared={o.shared} data-jaccard={o.jaccard}>
                  {o.shared} · J {o.jaccard.toFixed(2)}{' '}
                  {a < b && (
                    <a href={formatRoute({ kind: 'compare', a: ids[a], b: ids[b] })} style={{ color: 'inherit' }} aria-label={`Compare ${row} and ${col}`}>
                      compare
                    </a>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
