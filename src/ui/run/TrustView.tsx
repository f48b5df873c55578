import { useState } from 'react';
import type { Agreement, LcaResult, RankerName, Stability } from '../../core/evaluation';
import { RANKERS } from '../../core/ranking/rankers';

/** How far to trust the ranking: stability over probe seeds, and agreement between rankers. */
export function TrustView({ result }: { result: LcaResult }) {
  if (!result.stability && !result.agreement) return null;
  return (
    <div className="numbers" data-testid="trust-view">
      {result.stability && <StabilityTable stability={result.stability} />}
      {result.agreement && <AgreementMatrix agreement={result.agreement} />}
    </div>
  );
}

function StabilityTable({ stability }: { stability: Stability }) {
  const always = stability.inTop.filter((x) => x === 1).length;
  return (
    <table data-testid="stability">
      <caption>Stability over probe seeds {stability.seeds.join(', ')}: overlap of the top neurons (Jaccard)</caption>
      <thead>
        <tr>
          <th scope="col">Top</th>
          <th scope="col">mean</th>
          <th scope="col">least</th>
        </tr>
      </thead>
      <tbody>
        {stability.jaccard.map((j) => (
          <tr key={j.percent}>
            <th scope="row">{j.percent}%</th>
            <td data-testid={`stability-${j.percent}`}>{j.mean.toFixed(2)}</td>
            <td>{j.min.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={3} className="hint">
            {always} neurons are in the top {stability.topPercent}% for every seed (the heatmap's “stable neurons” colouring shows each neuron's share).
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Pairwise overlap of the rankers' top k% as a small symmetric matrix. */
export function AgreementMatrix({ agreement }: { agreement: Agreement }) {
  const percents = [...new Set(agreement.overlap.map((o) => o.percent))];
  const [percent, setPercent] = useState(percents.includes(10) ? 10 : percents[0]);
  const cell = (a: RankerName, b: RankerName) => {
    if (a === b) return null;
    return agreement.overlap.find((o) => o.percent === percent && ((o.a === a && o.b === b) || (o.a === b && o.b === a)));
  };
  return (
    <table data-testid="agreement">
      <caption>
        Agreement between rankings: top{' '}
        <select value={percent} onChange={(e) => setPercent(Number(e.target.value))} aria-label="Share of top neurons compared" data-testid="agreement-percent">
          {percents.map((p) => (
            <option key={p} value={p}>
              {p}%
            </option>
          ))}
        </select>{' '}
        shared (Jaccard)
      </caption>
      <thead>
        <tr>
          <th scope="col"></th>
          {RANKERS.map((r) => (
            <th key={r.name} scope="col" title={r.description}>
              {r.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {RANKERS.map((row) => (
          <tr key={row.name}>
            <th scope="row" title={row.description}>
              {row.label}
            </th>
            {RANKERS.map((col) => {
              const o = cell(row.name, col.name);
              return (
                <td key={col.name} data-testid={`agreement-${row.name}-${col.name}`}>
                  {o ? `${o.shared} of ${o.size} (${o.jaccard.toFixed(2)})` : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4} className="hint">
            AP threshold {agreement.apThreshold}. Low agreement means the rankers see different neurons as salient: read the layer distribution of one with care.
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Select for which ranking orders the heatmap and the inspector. */
export function RankerSelect({ value, onChange }: { value: RankerName; onChange(r: RankerName): void }) {
  return (
    <label>
      Ranking
      <select value={value} onChange={(e) => onChange(e.target.value as RankerName)} data-testid="ranker">
        {RANKERS.map((r) => (
          <option key={r.name} value={r.name} title={r.description}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}

