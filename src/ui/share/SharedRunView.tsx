import { useEffect, useState } from 'react';
import type { RunRecord } from '../../core/run/types';
import { decodeSummary, dequantizeSalience, formatRoute, neuronRef, SHARE_VERSION, sharedTopWords, ShareLinkError, type NeuronRef, type ResultView, type SharedTopWords, type ShareSummary } from '../../core/share';
import { listRuns } from '../../storage/runStore';
import { RunView } from '../run/RunView';

interface Props {
  payload: string;
  view: ResultView;
  neuron?: NeuronRef;
  onView(view: ResultView, neuron?: NeuronRef): void;
}

/** A run opened from a share link: every view that needs no activations, without rerunning anything. */
export function SharedRunView({ payload, view, neuron, onView }: Props) {
  const [state, setState] = useState<{ summary: ShareSummary; run: RunRecord; topWords: SharedTopWords } | { error: string }>();
  useEffect(() => {
    let current = true;
    setState(undefined);
    decodeSummary(payload)
      .then((summary) => current && setState({ summary, run: asRun(summary), topWords: sharedTopWords(summary) }))
      .catch((e: Error) => current && setState({ error: e instanceof ShareLinkError ? e.message : `This share link could not be read: ${e.message}` }));
    return () => {
      current = false;
    };
  }, [payload]);

  if (!state) return <p className="status">Reading the shared run…</p>;
  if ('error' in state)
    return (
      <p className="error" role="alert" data-testid="share-error">
        {state.error} <a href="#/">Open Salient</a>
      </p>
    );
  const { summary, run, topWords } = state;
  return (
    <>
      <p className="hint" data-testid="share-made-by">
        Shared from Salient {summary.app ?? '(version not recorded)'} · link format v{SHARE_VERSION} · opened with Salient {__SALIENT_VERSION__}
      </p>
      <RunView
        run={run}
        view={view}
        neuron={neuron}
        onView={onView}
        shared={{ perClassLayers: summary.perClassLayers, topWords, neuronView: (n) => <SharedNeuron summary={summary} neuron={n} topWords={topWords[n]} /> }}
      />
    </>
  );
}

function asRun(summary: ShareSummary): RunRecord {
  const { result, settings, salience } = summary;
  const dims = result.layers * result.neuronsPerLayer;
  return {
    id: 'shared',
    createdAt: '',
    settings,
    status: 'done',
    result,
    weights: salience ? { classes: 1, dims, values: dequantizeSalience(salience) } : undefined,
    activationIds: {},
  };
}

/** What a link can say about a neuron; its activations need the same model and corpus, named exactly. */
function SharedNeuron({ summary, neuron, topWords }: { summary: ShareSummary; neuron: number; topWords?: { word: string; score: number }[] }) {
  const [local, setLocal] = useState<RunRecord>();
  const { settings, result } = summary;
  const hashes = settings.corpora.map((c) => c.hash).join();
  useEffect(() => {
    void listRuns().then((runs) =>
      setLocal(runs.find((r) => r.status === 'done' && r.settings.model === settings.model && r.settings.task === settings.task && r.settings.corpora.map((c) => c.hash).join() === hashes)),
    );
  }, [settings, hashes]);
  const npl = result.neuronsPerLayer;
  const rank = result.ranking.ordering.indexOf(neuron);
  const classes = Object.entries(result.ranking.perClass).filter(([, list]) => list.includes(neuron)).map(([l]) => l);
  return (
    <div data-testid="shared-neuron">
      <h3 data-testid="neuron-title">
        Neuron {neuron}: {neuron < npl ? 'embeddings' : `layer ${Math.floor(neuron / npl)}`}, unit {neuron % npl} — rank {rank >= 0 ? `${rank + 1} of ${summary.totalNeurons}` : `below the shared top ${result.ranking.ordering.length}`}
      </h3>
      <p>{classes.length ? `Among the top neurons of: ${classes.join(', ')}.` : 'Not among the shared top neurons of any class.'}</p>
      {topWords ? (
        <section aria-labelledby="top-words-heading">
          <h4 id="top-words-heading">Top words (from the sender’s run)</h4>
          <ol className="top-words" data-testid="top-words">
            {topWords.map((w) => (
              <li key={w.word}>
                <span dir="auto">{w.word}</span> <span className="hint">{w.score.toFixed(2)}</span>
              </li>
            ))}
          </ol>
          <p className="hint">NeuroX’s get_top_words on the sender’s corpus: mean |z-score| per word type, normalised. The link carries them for the first {summary.topWords?.neurons.length} neurons of the ranking.</p>
        </section>
      ) : (
        summary.topWords && <p className="hint">The link carries top words for the first {summary.topWords.neurons.length} neurons of the ranking; this one is not among them.</p>
      )}
      {local ? (
        <p>
          This browser has a matching run (same model, property and corpus).{' '}
          <a href={formatRoute({ kind: 'run', id: local.id, view: 'neuron', neuron: neuronRef(neuron, npl) })} data-testid="open-local-neuron">
            Open this neuron there
          </a>{' '}
          to see its top words and activations.
        </p>
      ) : (
        <div className="hint" data-testid="shared-needs">
          <p>{topWords ? 'Token activations' : 'Top words and token activations'} need the activations, which a link does not carry. To see them, run the same analysis in this browser:</p>
          <ul>
            <li>
              model <code>{settings.model}</code> ({settings.onnxFile})
            </li>
            {settings.corpora.map((c) => (
              <li key={c.split}>
                {c.split} corpus <code>{c.name}</code>: {c.sentences.toLocaleString('en-US')} sentences, {c.words.toLocaleString('en-US')} words, hash <code>{c.hash.slice(0, 16)}</code> (checked when
                loaded)
              </li>
            ))}
            <li>
              property <code>{settings.task}</code>, aggregation {settings.aggregation}, seed {settings.seed}
            </li>
          </ul>
          <p>
            Once that run is done, this link opens the neuron there. <a href="#/">Set up the run</a>
          </p>
        </div>
      )}
    </div>
  );
}
