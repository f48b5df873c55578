import { useEffect, useState } from 'react';
import { topNeuronOverlap } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { getRun } from '../../storage/runStore';
import { pct } from '../run/AccuracyView';
import { BarChart, LayerDistribution, layerName } from '../charts';


/** Two runs side by side (base vs fine-tuned, or one property in two languages), aligned view by view. */
export function CompareView({ a, b }: { a: string; b: string }) {
  const [runs, setRuns] = useState<[RunRecord | undefined, RunRecord | undefined]>();
  useEffect(() => void Promise.all([getRun(a), getRun(b)]).then((r) => setRuns(r as [RunRecord, RunRecord])), [a, b]);
  if (!runs) return <p className="hint">Opening the runs…</p>;
  const [left, right] = runs;
  if (!left?.result || !right?.result) return <p className="error" role="alert">One of the runs to compare is not in this browser or has no result.</p>;
  const overlap = topNeuronOverlap(left.result, right.result);
  const rows: [string, (r: RunRecord) => string][] = [
    ['Model', (r) => r.settings.model],
    ['Property', (r) => r.settings.task],
    ['Corpus', (r) => r.settings.corpora.map((c) => c.name).join(' + ')],
    ['Oracle test accuracy', (r) => pct(r.result!.oracle.test.accuracy)],
    ['Control test accuracy', (r) => pct(r.result!.control?.test.accuracy)],
    ['Selectivity', (r) => pct(r.result!.selectivity)],
    ['Minimal neuron set', (r) => (r.result!.minimalSet ? `${r.result!.minimalSet.size} neurons` : '—')],
    ['Top 10% retrained', (r) => pct(r.result!.ablation?.top['10']?.retrain)],
    ['Bottom 10% retrained', (r) => pct(r.result!.ablation?.bottom['10']?.retrain)],
  ];
  return (
    <section className="panel" aria-labelledby="compare-heading" data-testid="compare-view">
      <h2 id="compare-heading">Compare runs</h2>
      <table className="numbers">
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">A</th>
            <th scope="col">B</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td data-testid={`compare-a-${label}`}>{value(left)}</td>
              <td data-testid={`compare-b-${label}`}>{value(right)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {left.result.layers === right.result.layers ? (
        <BarChart
          title="Top neurons per layer, A beside B"
          name="compare-layers"
          groups={left.result.layerDistribution.map((_, l) => layerName(l))}
          series={[
            { name: `A: ${left.settings.model}`, values: left.result.layerDistribution },
            { name: `B: ${right.settings.model}`, values: right.result.layerDistribution },
          ]}
          yLabel="neurons"
          width={720}
        />
      ) : (
        <div className="compare-grid">
          <LayerDistribution name="compare-a" counts={left.result.layerDistribution} />
          <LayerDistribution name="compare-b" counts={right.result.layerDistribution} />
        </div>
      )}
      <BarChart
        title="Test accuracy, A beside B"
        name="compare-accuracy"
        groups={['oracle', 'control', 'top 10% retrained', 'bottom 10% retrained']}
        series={[left, right].map((r, i) => ({
          name: `${'AB'[i]}: ${r.settings.model}`,
          values: [r.result!.oracle.test.accuracy, r.result!.control?.test.accuracy ?? null, r.result!.ablation?.top['10']?.retrain ?? null, r.result!.ablation?.bottom['10']?.retrain ?? null],
        }))}
        yMax={1}
        format={(v) => `${(v * 100).toFixed(0)}%`}
        width={720}
      />
      {overlap ? (
        <table className="numbers" data-testid="overlap">
          <caption>Overlap of top neurons (same architecture: neuron i is the same unit in both)</caption>
          <thead>
            <tr>
              <th scope="col">Top</th>
              <th scope="col">Shared</th>
              <th scope="col">Jaccard</th>
            </tr>
          </thead>
          <tbody>
            {overlap.map((o) => (
              <tr key={o.percent}>
                <th scope="row">{o.percent}%</th>
                <td>
                  {o.shared} of {o.size}
                </td>
                <td>{o.jaccard.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">The models differ in shape, so neurons cannot be matched one to one; compare the layer distributions instead.</p>
      )}
    </section>
  );
}
