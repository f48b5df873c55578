/**
 * Reverse search: from a word or a class to the neurons that respond to it most. A word's
 * neurons are ranked by the mean |z| of their activations on its occurrences, over every layer
 * (a word the corpus lacks is extracted live with the loaded model); a class's are its top neurons.
 */
import { describeNeuron } from '../../core/neurons/neurons';
import { useState } from 'react';
import type { WordSearch } from '../../../workers/protocol';
import type { RunRecord } from '../../core/run/types';
import { layerHistogram } from '../../core/ranking/select';
import { layerName } from '../charts';
import { extractionEngine, lcaEngine } from '../../../workers/protocol';
import { rankOf } from '../charts/salience';

interface Props {
  run: RunRecord;
  onNeuron(neuron: number): void;
  /** A shared run has no activations: words are looked up among the top words the link carries. */
  sharedTopWords?: Record<number, { word: string; score: number }[]>;
}

const SHOWN = 30;

export function ReverseSearch({ run, onNeuron, sharedTopWords }: Props) {
  const result = run.result!;
  const npl = result.neuronsPerLayer;
  const [word, setWord] = useState('');
  const [found, setFound] = useState<WordSearch>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [cls, setCls] = useState('');
  const rank = rankOf(result.ranking.ordering, result.layers * npl);
  const hasModel = run.settings.onnxFile !== '';

  async function search(e: React.FormEvent) {
    e.preventDefault();
    const w = word.trim();
    if (!w) return;
    setBusy(true);
    setError(undefined);
    setFound(undefined);
    try {
      if (sharedTopWords) {
        const neurons = Object.entries(sharedTopWords)
          .flatMap(([n, words]) => words.filter((t) => t.word === w || t.word.toLocaleLowerCase() === w.toLocaleLowerCase()).map((t) => ({ neuron: Number(n), score: t.score })))
          .sort((a, b) => b.score - a.score || a.neuron - b.neuron);
        setFound({ word: w, occurrences: 0, matched: neurons.length ? 'exact' : 'none', neurons });
        return;
      }
      let found = await lcaEngine().searchWord(run, w, SHOWN);
      if (found.matched === 'none' && hasModel) {
        const live = await extractionEngine().wordActivations(run.settings.model, w, run.settings.aggregation);
        found = await lcaEngine().searchWord(run, w, SHOWN, live);
      }
      setFound(found);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const classNeurons = cls ? (result.ranking.perClass[cls] ?? []) : [];
  const neuronChip = (n: number, detail: string, testId: string) => (
    <li key={n}>
      <button className="chip" onClick={() => onNeuron(n)} data-testid={testId} data-neuron={n} aria-label={`${Math.floor(n / npl)}:${n % npl}, inspect ${describeNeuron(result, Math.floor(n / npl), n % npl)} (#${n}), ${detail}`}>
        {Math.floor(n / npl)}:{n % npl}
      </button>{' '}
      <span className="hint">{detail}</span>
    </li>
  );
  const perLayer = (neurons: number[]) => layerHistogram(neurons, result.layers, npl).map((c, l) => `${layerName(l, result)} ${c}`).join(' · ');

  return (
    <div className="inspector-grid" data-testid="reverse-search">
      <section aria-labelledby="word-search-heading">
        <h4 id="word-search-heading">Neurons for a word</h4>
        <form onSubmit={search} className="row">
          <label>
            Word
            <input value={word} onChange={(e) => setWord(e.target.value)} dir="auto" placeholder="e.g. the, running, Paris" data-testid="search-word" />
          </label>
          <button type="submit" disabled={busy || !word.trim()} data-testid="search-word-go">
            Find neurons
          </button>
        </form>
        <p className="hint">
          {sharedTopWords
            ? 'This shared link carries the top words of its top neurons: the neurons whose top words include this word, by their score.'
            : 'Mean |z-score| of each neuron on the word’s occurrences (z against the neuron’s mean and spread over the training words), over every layer. A word the corpus lacks is run through the loaded model alone.'}
        </p>
        {busy && <p className="status">Searching…</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {found && (
          <div data-testid="word-results" data-matched={found.matched}>
            <p className="status" data-testid="word-results-summary">
              {found.matched === 'none'
                ? `“${found.word}” is not ${sharedTopWords ? 'among the top words this link carries' : `in the training words${hasModel ? '' : ', and this run has no model to extract it with'}`}.`
                : found.matched === 'live'
                  ? `“${found.word}” is not in the training words: extracted live with ${run.settings.model}.`
                  : `${sharedTopWords ? '' : `${found.occurrences.toLocaleString('en-US')} occurrence${found.occurrences === 1 ? '' : 's'} of “${found.word}”${found.matched === 'case-insensitive' ? ' (ignoring case)' : ''}. `}Top neurons per layer: ${perLayer(found.neurons.map((n) => n.neuron))}`}
            </p>
            <ol className="search-results">
              {found.neurons.slice(0, SHOWN).map(({ neuron, score }) =>
                neuronChip(neuron, `${sharedTopWords ? 'score' : 'mean |z|'} ${score.toFixed(2)} · rank ${rank[neuron] >= 0 ? rank[neuron] + 1 : '—'}`, 'word-result'),
              )}
            </ol>
          </div>
        )}
      </section>
      <section aria-labelledby="class-search-heading">
        <h4 id="class-search-heading">Neurons for a class</h4>
        <label>
          Class
          <select value={cls} onChange={(e) => setCls(e.target.value)} data-testid="search-class">
            <option value="">pick a class…</option>
            {result.labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {cls && (
          <div data-testid="class-results">
            <p className="status">
              {classNeurons.length} top neuron{classNeurons.length === 1 ? '' : 's'} of {cls} (most salient first). Per layer: {perLayer(classNeurons)}
            </p>
            <ol className="search-results">{classNeurons.slice(0, SHOWN).map((n, i) => neuronChip(n, `#${i + 1} for ${cls} · overall rank ${rank[n] >= 0 ? rank[n] + 1 : '—'}`, 'class-result'))}</ol>
            {classNeurons.length > SHOWN && <p className="hint">and {classNeurons.length - SHOWN} more (see Per class).</p>}
          </div>
        )}
      </section>
    </div>
  );
}
