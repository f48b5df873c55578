import { scaleBand, scaleLinear } from 'd3';
import { useRef } from 'react';
import { ChartFrame } from './ChartFrame';
import { SERIES_COLORS } from './colors';
import { svgDocument } from './exportChart';

export interface BarSeries {
  name: string;
  /** One value per group; null draws nothing (e.g. a stage that was skipped). */
  values: (number | null)[];
  color?: string;
}

interface Props {
  title: string;
  name: string;
  groups: string[];
  series: BarSeries[];
  /** Upper end of the y axis (default: the largest value). */
  yMax?: number;
  format?: (v: number) => string;
  yLabel?: string;
  /** Dashed horizontal reference lines, e.g. the majority-class baseline. */
  references?: { label: string; value: number }[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 24, right: 12, bottom: 40, left: 46 };

/** Grouped vertical bars (d3 scales, React-rendered SVG) with values in tooltips and a legend. */
export function BarChart({ title, name, groups, series, yMax, format = String, yLabel, references = [], width = 460, height = 220 }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const top = yMax ?? Math.max(1e-9, ...series.flatMap((s) => s.values.map((v) => v ?? 0)), ...references.map((r) => r.value));
  const x = scaleBand<string>().domain(groups).range([MARGIN.left, width - MARGIN.right]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand<string>().domain(series.map((s) => s.name)).range([0, x.bandwidth()]).padding(0.05);
  const y = scaleLinear().domain([0, top]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  const ticks = y.ticks(4);
  const showValues = groups.length * series.length <= 24;
  // Legend entries side by side, each as wide as its name (≈6.5 px a character at 11 px).
  const legendX = series.reduce<number[]>((xs, s, i) => [...xs, i === 0 ? MARGIN.left : xs[i - 1] + 30 + series[i - 1].name.length * 6.5], []);

  return (
    <ChartFrame title={title} name={name} source={() => svgRef.current && { text: svgDocument(svgRef.current), width, height }}>
      <svg ref={svgRef} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={describe(title, groups, series, format)} fontSize={11}>
        <rect width={width} height={height} fill="#ffffff" />
        {ticks.map((t) => (
          <g key={t} transform={`translate(0,${y(t)})`}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} stroke="#e5e9ef" />
            <text x={MARGIN.left - 4} dy="0.32em" textAnchor="end" fill="#4a5a6a">
              {format(t)}
            </text>
          </g>
        ))}
        {yLabel && (
          <text transform={`translate(11,${(height - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`} textAnchor="middle" fill="#4a5a6a">
            {yLabel}
          </text>
        )}
        {groups.map((group, g) => (
          <g key={group} transform={`translate(${x(group)},0)`}>
            {series.map((s, i) => {
              const v = s.values[g];
              if (v === null || v === undefined) return null;
              const barX = inner(s.name)!;
              return (
                <g key={s.name}>
                  <rect x={barX} y={y(Math.max(0, v))} width={inner.bandwidth()} height={Math.abs(y(0) - y(v))} fill={s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]} data-testid={`${name}-bar-${g}-${i}`}>
                    <title>{`${group} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                  {showValues && (
                    <text x={barX + inner.bandwidth() / 2} y={y(Math.max(0, v)) - 3} textAnchor="middle" fill="#1d2733" fontSize={series.length > 2 ? 8 : 10}>
                      {format(v)}
                    </text>
                  )}
                </g>
              );
            })}
            <text x={x.bandwidth() / 2} y={height - MARGIN.bottom + 14} textAnchor="middle" fill="#1d2733">
              {group}
            </text>
          </g>
        ))}
        {references.map((r) => (
          <g key={r.label}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(r.value)} y2={y(r.value)} stroke="#9b1c1c" strokeDasharray="4 3" />
            <text x={width - MARGIN.right} y={y(r.value) - 3} textAnchor="end" fill="#9b1c1c">
              {r.label} {format(r.value)}
            </text>
          </g>
        ))}
        <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#4a5a6a" />
        {series.length > 1 &&
          series.map((s, i) => (
            <g key={s.name} transform={`translate(${legendX[i]},${height - 8})`}>
              <rect width={10} height={10} y={-9} fill={s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]} />
              <text x={14} fill="#1d2733">
                {s.name}
              </text>
            </g>
          ))}
      </svg>
    </ChartFrame>
  );
}

/** The chart in words, for screen readers. */
function describe(title: string, groups: string[], series: BarSeries[], format: (v: number) => string): string {
  const parts = groups.map((g, i) => `${g}: ${series.map((s) => `${series.length > 1 ? `${s.name} ` : ''}${s.values[i] === null ? 'n/a' : format(s.values[i]!)}`).join(', ')}`);
  return `${title}. ${parts.join('; ')}`;
}
