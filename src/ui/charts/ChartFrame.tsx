import type { ReactNode } from 'react';
import { exportChart, type ChartSvg } from './exportChart';

interface Props {
  title: string;
  /** File name (without extension) for exports. */
  name: string;
  source: () => ChartSvg | null | undefined;
  children: ReactNode;
}

/** A chart with its title and SVG/PNG export buttons. */
export function ChartFrame({ title, name, source, children }: Props) {
  const save = (format: 'svg' | 'png') => {
    const s = source();
    if (s) void exportChart(s, format, name);
  };
  return (
    <figure className="chart" data-testid={`chart-${name}`}>
      <figcaption>
        <span>{title}</span>
        <span className="chart-actions">
          <button type="button" className="chip" onClick={() => save('svg')} aria-label={`Download ${title} as SVG`} data-testid={`chart-${name}-svg`}>
            SVG
          </button>
          <button type="button" className="chip" onClick={() => save('png')} aria-label={`Download ${title} as PNG`} data-testid={`chart-${name}-png`}>
            PNG
          </button>
        </span>
      </figcaption>
      {children}
    </figure>
  );
}
