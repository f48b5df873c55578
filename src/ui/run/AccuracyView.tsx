import type { LcaResult } from '../../core/evaluation';

/** An accuracy as a percentage with one decimal, or — where it was not computed. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

/** Oracle, control, selectivity, ablations, minimal set and layer-wise probes as tables (charts sit beside them), each beside its baseline. */
export function AccuracyTables({ result }: { result: LcaResult }) {
  const b = result.baseline;
  return (
    <div className="numbers" data-testid="accuracy-tables">
      {b?.note && (
        <p className="status" role="note" data-testid="baseline-note">
          {b.note}
        </p>
      )}
      <table>
        <caption>Probe accuracy</caption>
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">accuracy</th>
            <th scope="col">{b ? `majority class (“${b.majorityClass}”)` : 'majority class'}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Oracle (all {result.layers * result.neuronsPerLayer} neurons), test</th>
            <td data-testid="oracle-test">{pct(result.oracle.test.accuracy)}</td>
            <td data-testid="majority-test">{pct(b?.test)}</td>
          </tr>
          <tr>
            <th scope="row">Oracle, dev</th>
            <td data-testid="oracle-dev">{pct(result.oracle.dev.accuracy)}</td>
            <td data-testid="majority-dev">{pct(b?.dev)}</td>
          </tr>
          <tr>
            <th scope="row">Oracle macro-F1, test</th>
            <td data-testid="oracle-macro-f1">{pct(result.oracle.test.macroF1)}</td>
            <td></td>
          </tr>
          <tr>
            <th scope="row">Control task, test</th>
            <td data-testid="control-test">{pct(result.control?.test.accuracy)}</td>
            <td data-testid="majority-control">{pct(b?.control)}</td>
          </tr>
          <tr>
            <th scope="row">Selectivity (oracle − control)</th>
            <td data-testid="selectivity">{pct(result.selectivity)}</td>
            <td></td>
          </tr>
          {result.minimalSet && (
            <tr>
              <th scope="row">Minimal neuron set (dev within 1% of oracle)</th>
              <td data-testid="minimal-set">
                {result.minimalSet.size} neurons ({((result.minimalSet.size / (result.layers * result.neuronsPerLayer)) * 100).toFixed(1)}%), dev {pct(result.minimalSet.devAccuracy)}
              </td>
              <td></td>
            </tr>
          )}
        </tbody>
        {(result.unseen || result.probe) && (
          <tfoot>
            <tr>
              <td colSpan={3} className="hint" data-testid="probe-record">
                {result.probe && `Probe: L1 ${result.probe.l1Mode === 'gradient' ? 'in the gradient (NeuroX)' : 'proximal (sparse)'}, λ1 ${result.probe.lambda1}, ${result.probe.epochs} epochs. `}
                {result.unseen && result.unseen.dev + result.unseen.test > 0
                  ? `${result.unseen.dev} dev and ${result.unseen.test} test words carry labels never seen in training (${result.unseen.labels.join(', ')}): ${result.unseen.handling === 'other' ? 'scored as the catch-all OTHER, so they count as errors' : 'dropped'}.`
                  : result.unseen && 'Every dev and test label occurs in training.'}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      {result.ablation && (
        <table>
          <caption>Ablation: test accuracy keeping only some neurons</caption>
          <thead>
            <tr>
              <th scope="col">Neurons kept</th>
              {Object.keys(result.ablation.top).map((p) => (
                <th key={p} scope="col" colSpan={2}>
                  {p}%
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col"></th>
              {Object.keys(result.ablation.top).flatMap((p) => [
                <th key={`${p}z`} scope="col">zero-out</th>,
                <th key={`${p}r`} scope="col">retrain</th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {(['top', 'random', 'bottom'] as const).map((kind) => (
              <tr key={kind}>
                <th scope="row">{kind}</th>
                {Object.entries(result.ablation![kind]).flatMap(([p, score]) => [
                  <td key={`${p}z`} data-testid={`ablation-${kind}-${p}-zeroOut`}>{pct(score.zeroOut)}</td>,
                  <td key={`${p}r`} data-testid={`ablation-${kind}-${p}-retrain`}>{pct(score.retrain)}</td>,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.layerwise && (
        <table>
          <caption>One probe per layer, test accuracy</caption>
          <tbody>
            {result.layerwise.map((l) => (
              <tr key={l.layer}>
                <th scope="row">{l.layer === 0 ? 'embeddings' : `layer ${l.layer}`}</th>
                <td data-testid={`layerwise-${l.layer}`}>{pct(l.accuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
