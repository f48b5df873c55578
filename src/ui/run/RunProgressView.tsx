import type { RunProgress } from './pipeline';

const STAGES = ['extract', 'oracle', 'ranking', 'agreement', 'control', 'stability', 'ablation', 'minimalSet', 'layerwise'] as const;
const LABELS: Record<(typeof STAGES)[number], string> = {
  extract: 'Tokenize and extract every layer',
  oracle: 'Train the probe (all neurons)',
  ranking: 'Rank neurons',
  agreement: 'Rank by probeless and AP too',
  control: 'Control task',
  stability: 'Probes on more seeds (stability)',
  ablation: 'Ablation: top / random / bottom',
  minimalSet: 'Minimal neuron set',
  layerwise: 'Layer-wise probes',
};

/** A bar per stage: done, running (with rate and ETA during extraction) or waiting. */
export function RunProgressView({ progress }: { progress?: RunProgress }) {
  const current = progress ? STAGES.indexOf(progress.stage as (typeof STAGES)[number]) : 0;
  return (
    <ol className="stages" data-testid="run-progress" aria-live="polite">
      {STAGES.map((stage, i) => {
        const state = i < current ? 'done' : i === current ? 'running' : 'waiting';
        let detail = '';
        let value = state === 'done' ? 1 : 0;
        if (state === 'running' && progress?.stage === 'extract') {
          const p = progress.progress;
          detail = p
            ? `${progress.split}: ${p.sentencesDone.toLocaleString('en-US')} / ${p.sentences.toLocaleString('en-US')} sentences · ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tokens/s · ETA ${Math.ceil(p.etaSeconds)} s`
            : `${progress.split}: tokenizing…`;
          value = p ? p.sentencesDone / p.sentences : 0;
        }
        return (
          <li key={stage} className={`stage ${state}`}>
            <span>{LABELS[stage]}</span>
            <progress value={value} max={1} aria-label={LABELS[stage]} />
            <span className="hint">{state === 'running' ? detail || 'running…' : state === 'done' ? 'done' : ''}</span>
          </li>
        );
      })}
    </ol>
  );
}
