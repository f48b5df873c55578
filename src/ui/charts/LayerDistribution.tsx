import { useState } from 'react';
import { rowShortName, type GridLabels } from '../../core/neurons/neurons';
import { BarChart } from './BarChart';

interface Props {
  /** Top neurons per layer (embeddings first). */
  counts: number[];
  /** The same per class; adds a class picker. */
  perClass?: Record<string, number[]>;
  /** Tells apart several charts on one page (exports and test ids). */
  name?: string;
  /** MLP neurons or layer outputs, and the model layer of each row. */
  grid?: GridLabels;
}

/** emb, L1, L2 … (layer outputs) or M1, M2 … (MLP neurons), by model layer number. */
export const layerName = (layer: number, grid: GridLabels = {}) => rowShortName(grid, layer);

/** How many top neurons fall in each layer, overall or for one class: lower vs higher layers at a glance. */
export function LayerDistribution({ counts, perClass, name = 'layers', grid }: Props) {
  const [cls, setCls] = useState('all');
  const shown = cls === 'all' ? counts : (perClass?.[cls] ?? counts);
  const total = shown.reduce((a, b) => a + b, 0);
  return (
    <div data-testid={`${name}-distribution`}>
      {perClass && (
        <label>
          Top neurons of
          <select value={cls} onChange={(e) => setCls(e.target.value)} data-testid={`${name}-class`}>
            <option value="all">all classes (minimal neuron set)</option>
            {Object.keys(perClass).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <BarChart
        title={`Top neurons per layer${cls === 'all' ? '' : ` for ${cls}`} (${total} in all)`}
        name={name}
        groups={shown.map((_, l) => layerName(l, grid))}
        series={[{ name: 'neurons', values: shown }]}
        yLabel="neurons"
      />
    </div>
  );
}
