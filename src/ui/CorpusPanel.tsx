import { useEffect, useState } from 'react';
import type { CorpusInfo } from '../../workers/extraction.worker';
import { extractionEngine } from './engine';

interface Props {
  corpus?: CorpusInfo;
  onCorpus(corpus: CorpusInfo): void;
}

export const DEMO_CORPUS = { name: 'demo-en.conllu', url: `${import.meta.env.BASE_URL}demo/demo-en.conllu` };

/** Loads the bundled demo corpus on first view, or a file the user uploads or drops. Parse errors say file:line:column. */
export function CorpusPanel({ corpus, onCorpus }: Props) {
  const [error, setError] = useState<string>();
  const [columns, setColumns] = useState('word,pos,chunk,ner');
  const [busy, setBusy] = useState(false);

  async function load(name: string, text: string) {
    setBusy(true);
    const result = await extractionEngine().loadCorpus(name, text, columns.split(',').map((c) => c.trim()).filter(Boolean));
    setBusy(false);
    if (result.ok) {
      setError(undefined);
      onCorpus(result.corpus);
    } else {
      // The previous corpus stays loaded: a bad file never costs the user what they had.
      setError(result.error.message);
    }
  }

  async function loadDemo() {
    const response = await fetch(DEMO_CORPUS.url);
    await load(DEMO_CORPUS.name, await response.text());
  }

  useEffect(() => {
    if (!corpus) void loadDemo();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section
      className="panel"
      aria-labelledby="corpus-heading"
      onDragOver={(e) => e.preventDefault()}
      onDrop={async (e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) await load(file.name, await file.text());
      }}
    >
      <h2 id="corpus-heading">2. Corpus</h2>
      <p className="hint">CoNLL-U (.conllu) or CoNLL-2003-style columns. Drop a file here or choose one.</p>
      <div className="row">
        <label>
          Corpus file
          <input
            type="file"
            accept=".conllu,.conll,.txt,.tsv,.iob,.bio"
            data-testid="corpus-input"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) await load(file.name, await file.text());
              e.target.value = '';
            }}
          />
        </label>
        <label>
          Column names (CoNLL-2003 files)
          <input value={columns} onChange={(e) => setColumns(e.target.value)} />
        </label>
        <button onClick={loadDemo} disabled={busy}>
          Use the demo corpus
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="corpus-error">
          {error}
        </p>
      )}
      {corpus && (
        <dl className="facts" data-testid="corpus-info">
          <dt>Corpus</dt>
          <dd data-testid="corpus-name">{corpus.name}</dd>
          <dt>Size</dt>
          <dd>
            <span data-testid="corpus-sentences">{corpus.sentences.toLocaleString('en-US')}</span> sentences,{' '}
            <span data-testid="corpus-words">{corpus.words.toLocaleString('en-US')}</span> words
          </dd>
          <dt>Annotations</dt>
          <dd>{corpus.columns.filter((c) => !c.startsWith('feats:')).join(', ')} and {corpus.columns.filter((c) => c.startsWith('feats:')).length} FEATS keys</dd>
        </dl>
      )}
    </section>
  );
}
