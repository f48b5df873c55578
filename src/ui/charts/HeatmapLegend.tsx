/** The colour key of a heatmap: a ramp with its scale, and a swatch for the neurons it leaves neutral. */
import type { LegendSpec } from './salience';

const RAMP_WIDTH = 240;
const RAMP_HEIGHT = 10;
const STOPS = 24;

const escape = (s: string) => s.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

function layout(spec: LegendSpec) {
  const titleWidth = Math.min(260, spec.title.length * 6.2 + 10);
  return { rampX: titleWidth, otherX: titleWidth + RAMP_WIDTH + 24, width: titleWidth + RAMP_WIDTH + 24 + (spec.other ? spec.other.label.length * 6.2 + 20 : 0) };
}

export function HeatmapLegend({ spec, name }: { spec: LegendSpec; name: string }) {
  const { rampX, otherX, width } = layout(spec);
  const id = `${name}-legend-ramp`;
  return (
    <svg
      width={width}
      height={34}
      className="heatmap-legend"
      role="img"
      aria-label={`Colour key: ${spec.title}, from ${spec.ticks[0]?.label} to ${spec.ticks[spec.ticks.length - 1]?.label}${spec.other ? `; ${spec.other.label}` : ''}`}
      data-testid={`${name}-legend`}
      fontSize={11}
    >
      <defs>
        <linearGradient id={id}>
          {Array.from({ length: STOPS + 1 }, (_, i) => (
            <stop key={i} offset={i / STOPS} stopColor={spec.color(i / STOPS)} />
          ))}
        </linearGradient>
      </defs>
      <text x={0} y={14} fill="#1d2733">
        {spec.title}
      </text>
      <rect x={rampX} y={4} width={RAMP_WIDTH} height={RAMP_HEIGHT} fill={`url(#${id})`} />
      {spec.ticks.map((t) => (
        <g key={t.t} transform={`translate(${rampX + t.t * RAMP_WIDTH},0)`}>
          <line y1={4 + RAMP_HEIGHT} y2={4 + RAMP_HEIGHT + 4} stroke="#4a5a6a" />
          <text y={30} textAnchor={t.t === 0 ? 'start' : t.t === 1 ? 'end' : 'middle'} fill="#4a5a6a" data-testid={`${name}-legend-tick`}>
            {t.label}
          </text>
        </g>
      ))}
      {spec.other && (
        <g transform={`translate(${otherX},0)`}>
          <rect y={4} width={14} height={RAMP_HEIGHT} fill={spec.other.color} stroke="#b8c4d0" />
          <text x={18} y={13} fill="#4a5a6a">
            {spec.other.label}
          </text>
        </g>
      )}
    </svg>
  );
}

/** The same key as SVG markup at (x, y), for exported heatmaps and reports. */
export function legendSvg(spec: LegendSpec, x: number, y: number): { markup: string; height: number } {
  const { rampX, otherX } = layout(spec);
  const step = RAMP_WIDTH / STOPS;
  const parts = [`<g transform="translate(${x},${y})">`, `<text x="0" y="14" fill="#1d2733">${escape(spec.title)}</text>`];
  for (let i = 0; i < STOPS; i++) parts.push(`<rect x="${(rampX + i * step).toFixed(1)}" y="4" width="${(step + 0.5).toFixed(1)}" height="${RAMP_HEIGHT}" fill="${spec.color((i + 0.5) / STOPS)}"/>`);
  for (const t of spec.ticks) {
    const tx = rampX + t.t * RAMP_WIDTH;
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${4 + RAMP_HEIGHT}" y2="${8 + RAMP_HEIGHT}" stroke="#4a5a6a"/>`);
    parts.push(`<text x="${tx}" y="30" text-anchor="${t.t === 0 ? 'start' : t.t === 1 ? 'end' : 'middle'}" fill="#4a5a6a">${escape(t.label)}</text>`);
  }
  if (spec.other) parts.push(`<rect x="${otherX}" y="4" width="14" height="${RAMP_HEIGHT}" fill="${spec.other.color}" stroke="#b8c4d0"/>`, `<text x="${otherX + 18}" y="13" fill="#4a5a6a">${escape(spec.other.label)}</text>`);
  parts.push('</g>');
  return { markup: parts.join(''), height: 34 };
}
