/** The lines `salient run` prints at the end: every accuracy beside its baseline. */
import type { LcaResult } from '../core/evaluation';
import { rankerLabel } from '../core/ranking/rankers';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));

export function summaryLines(r: LcaResult): string[] {
  const lines: string[] = [];
  const b = r.baseline;
  lines.push(
    `oracle test accuracy ${f3(r.oracle.test.accuracy)} (dev ${f3(r.oracle.dev.accuracy)}), macro-F1 ${f3(r.oracle.test.macroF1)}` +
      (b ? `; majority class "${b.majorityClass}" alone ${f3(b.test)} (dev ${f3(b.dev)})` : ''),
  );
  if (r.control) {
    lines.push(
      `control task ${f3(r.control.test.accuracy)}` + (b?.control !== null && b?.control !== undefined ? ` (its majority class ${f3(b.control)})` : '') +
        `; selectivity ${r.selectivity! >= 0 ? '+' : ''}${((r.selectivity ?? 0) * 100).toFixed(1)} points`,
    );
  }
  if (b?.note) lines.push(b.note);
  if (r.unseen && (r.unseen.dev > 0 || r.unseen.test > 0)) {
    lines.push(
      `labels never seen in training: ${r.unseen.dev} dev and ${r.unseen.test} test words (${r.unseen.labels.join(', ')}), ` +
        (r.unseen.handling === 'other' ? 'mapped to OTHER (counted as errors)' : 'dropped'),
    );
  }
  if (r.probe) lines.push(`probe: L1 ${r.probe.l1Mode} (λ1 ${r.probe.lambda1}, λ2 ${r.probe.lambda2}), ${r.probe.epochs} epochs; ablations follow the ${rankerLabel(r.probe.ranker)} ranking`);
  if (r.ablation) {
    const a = (k: 'top' | 'random' | 'bottom') => f3(r.ablation![k]['10']?.retrain);
    lines.push(`retrained on 10% of the neurons: top ${a('top')}, random ${a('random')}, bottom ${a('bottom')}`);
  }
  if (r.stability) {
    lines.push(
      `stability over probe seeds ${r.stability.seeds.join(', ')} (mean Jaccard of the top neurons): ` +
        r.stability.jaccard.map((j) => `${j.percent}% ${f3(j.mean)}`).join(', ') +
        `; ${r.stability.inTop.filter((x) => x === 1).length} neurons are in every seed's top ${r.stability.topPercent}%`,
    );
  }
  if (r.agreement) {
    const at = r.agreement.overlap.filter((o) => o.percent === 10);
    lines.push(`agreement of rankers (Jaccard of the top 10%): ${at.map((o) => `${rankerLabel(o.a)}–${rankerLabel(o.b)} ${f3(o.jaccard)}`).join(', ')}`);
  }
  return lines;
}
