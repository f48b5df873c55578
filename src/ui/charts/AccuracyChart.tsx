import type { LcaResult } from '../../core/evaluation';
import { BarChart } from './BarChart';
import { layerName } from './LayerDistribution';

const percent = (v: number) => `${(v * 100).toFixed(0)}%`;
const KINDS = ['top', 'random', 'bottom'] as const;
const KIND_COLORS = { top: '#2a9d8f', random: '#8a97a5', bottom: '#e76f51' };

/** Oracle vs control, the ablations (zero-out and retrain) and the layer-wise probes as bar charts. */
export function AccuracyChart({ result }: { result: LcaResult }) {
  const { oracle, control, selectivity, ablation, layerwise, minimalSet } = result;
  const percents = ablation ? Object.keys(ablation.top) : [];
  const reference = [{ label: 'oracle', value: oracle.test.accuracy }];
  return (
    <div className="chart-grid">
      <BarChart
        title="Oracle, control task and selectivity (test)"
        name="oracle"
        groups={['oracle', 'control', 'selectivity', ...(minimalSet ? ['minimal set (dev)'] : [])]}
        series={[{ name: 'accuracy', values: [oracle.test.accuracy, control?.test.accuracy ?? null, selectivity, ...(minimalSet ? [minimalSet.devAccuracy] : [])] }]}
        yMax={1}
        format={percent}
      />
      {ablation &&
        (['retrain', 'zeroOut'] as const).map((mode) => (
          <BarChart
            key={mode}
            title={mode === 'retrain' ? 'Ablation: probe retrained on the kept neurons' : 'Ablation: oracle probe with the other neurons zeroed'}
            name={`ablation-${mode}`}
            groups={percents.map((p) => `${p}% kept`)}
            series={KINDS.map((kind) => ({ name: kind, color: KIND_COLORS[kind], values: percents.map((p) => ablation[kind][p]?.[mode] ?? null) }))}
            yMax={1}
            format={percent}
            references={reference}
          />
        ))}
      {layerwise && (
        <BarChart
          title="One probe per layer (test)"
          name="layerwise"
          groups={layerwise.map((l) => layerName(l.layer, result))}
          series={[{ name: 'accuracy', values: layerwise.map((l) => l.accuracy) }]}
          yMax={1}
          format={percent}
          references={reference}
        />
      )}
    </div>
  );
}
