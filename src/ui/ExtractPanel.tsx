import { useState } from 'react';
import { Comlink, type CorpusInfo, extractionEngine, type ExtractResult, type ModelInfo } from '../../workers/protocol';
import type { ExtractProgress } from '../core/extract/extractor';
import { formatBytes } from './models';
import { AGGREGATION, STORAGE_DTYPE, type Aggregation, type StorageDType } from '../core/options';
import { OptionSelect } from './controls';

interface Props {
  model?: ModelInfo;
  corpus?: CorpusInfo;
  /** The page's one aggregation choice, shared with the run panel. */
  aggregation: Aggregation;
  onAggregation(aggregation: Aggregation): void;
  onExtracted(): void;
}

/** Extraction settings, the run button, live progress with cancel, and what came out. */
export function ExtractPanel({ model, corpus, aggregation, onAggregation, onExtracted }: Props) {
  const [includeSpecialTokens, setIncludeSpecial] = useState(false);
  const [dtype, setDtype] = useState<StorageDType>(STORAGE_DTYPE.default);
  const [progress, setProgress] = useState<ExtractProgress>();
  const [result, setResult] = useState<ExtractResult>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  async function run() {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    setProgress(undefined);
    try {
      const done = await extractionEngine().extract({ aggregation, includeSpecialTokens, dtype }, Comlink.proxy(setProgress));
      setResult(done);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      onExtracted();
      setRunning(false);
    }
  }

  const ready = Boolean(model && corpus);
  const fraction = progress ? progress.sentencesDone / progress.sentences : 0;
  return (
    <section className="panel" aria-labelledby="extract-heading">
      <h2 id="extract-heading">3. Extract every layer</h2>
      <div className="row">
        <OptionSelect table={AGGREGATION} value={aggregation} onChange={onAggregation} testId="aggregation" />
        <OptionSelect table={STORAGE_DTYPE} value={dtype} onChange={setDtype} />
        <label className="check" title="Also keep vectors for the model's special tokens ([CLS], [SEP]) as extra rows.">
          <input type="checkbox" checked={includeSpecialTokens} onChange={(e) => setIncludeSpecial(e.target.checked)} />
          include special tokens
        </label>
      </div>
      <div className="row">
        <button onClick={run} disabled={!ready || running} data-testid="extract">
          Extract activations
        </button>
        {running && (
          <button onClick={() => extractionEngine().cancel()} data-testid="cancel">
            Cancel
          </button>
        )}
        {!ready && <span className="hint">Load a model and a corpus first.</span>}
      </div>
      {running && (
        <div className="progress" data-testid="progress">
          <progress value={fraction} max={1} aria-label="Extraction progress" />
          <span>
            {progress
              ? `${progress.sentencesDone.toLocaleString('en-US')} / ${progress.sentences.toLocaleString('en-US')} sentences · ${Math.round(progress.tokensPerSecond).toLocaleString('en-US')} tokens/s · ETA ${Math.ceil(progress.etaSeconds)} s`
              : 'Tokenizing…'}
          </span>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="extract-error">
          {error}
        </p>
      )}
      {result && model && (
        <dl className="facts" data-testid="extract-result">
          <dt>Activations</dt>
          <dd>
            <span data-testid="result-layers">{result.layers}</span> layers × <span data-testid="result-words">{result.rows.toLocaleString('en-US')}</span> words × {result.hidden} neurons
          </dd>
          <dt>Backend</dt>
          <dd data-testid="result-backend">{model.backend.backend}</dd>
          <dt>Speed</dt>
          <dd>{result.fromCache ? 'loaded from this browser’s store (no recomputation)' : `${Math.round(result.wordsPerSecond).toLocaleString('en-US')} words/s (${result.seconds.toFixed(1)} s)`}</dd>
          <dt>Stored</dt>
          <dd>
            {formatBytes(result.storedBytes)} ({dtype}) in IndexedDB
          </dd>
          {result.extraWindows > 0 && (
            <>
              <dt>Long sentences</dt>
              <dd>{result.extraWindows} extra overlapping windows for sentences longer than {model.maxTokens} tokens</dd>
            </>
          )}
          {result.droppedWords.length > 0 && (
            <>
              <dt>Warning</dt>
              <dd className="warning" data-testid="dropped-words">
                {result.droppedWords.length} word(s) tokenized to nothing and got a zero vector, e.g. sentence {result.droppedWords[0].sentence + 1}, word {result.droppedWords[0].word + 1}: “
                {result.droppedWords[0].text}”. Check for control characters or an unsuitable tokenizer.
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
