import type { LcaResult } from '../../core/evaluation';
import { pct } from './AccuracyView';

/** Per label: how many top neurons it needs, its test recall, precision and F1, and the neurons themselves (closed vs open classes at a glance). */
export function ClassesView({ result, onNeuron }: { result: LcaResult; onNeuron(neuron: number): void }) {
  const rows = Object.entries(result.ranking.perClass).sort((a, b) => a[1].length - b[1].length);
  const most = Math.max(1, ...rows.map(([, n]) => n.length));
  return (
    <table className="numbers" data-testid="classes-view">
      <caption>Top neurons per class (fewest first)</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Neurons</th>
          <th scope="col">Test recall</th>
          <th scope="col">precision</th>
          <th scope="col">F1</th>
          <th scope="col">support</th>
          <th scope="col">Top neurons (layer:unit)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, neurons]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>
              <span className="bar" style={{ width: `${(neurons.length / most) * 6}rem` }} aria-hidden="true" /> {neurons.length}
            </td>
            <td>{pct(result.oracle.test.perClass[label])}</td>
            <td data-testid={`precision-${label}`}>{pct(result.oracle.test.classes?.[label]?.precision)}</td>
            <td data-testid={`f1-${label}`}>{pct(result.oracle.test.classes?.[label]?.f1)}</td>
            <td>{result.oracle.test.classes?.[label]?.support.toLocaleString('en-US') ?? '—'}</td>
            <td>
              {neurons.slice(0, 12).map((n) => (
                <button key={n} className="chip" onClick={() => onNeuron(n)} aria-label={`${Math.floor(n / result.neuronsPerLayer)}:${n % result.neuronsPerLayer}, inspect neuron ${n} (layer ${Math.floor(n / result.neuronsPerLayer)}, unit ${n % result.neuronsPerLayer})`}>
                  {Math.floor(n / result.neuronsPerLayer)}:{n % result.neuronsPerLayer}
                </button>
              ))}
              {neurons.length > 12 && <span className="hint"> +{neurons.length - 12}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
