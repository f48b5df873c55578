import { useEffect, useState } from 'react';
import { type CorpusInfo, extractionEngine } from '../../workers/protocol';

interface Props {
  corpus?: CorpusInfo;
  onCorpus(corpus: CorpusInfo): void;
  /** Dev/test corpora that came in the same drop (named by their files). */
  onHeldOut(split: 'dev' | 'test', corpus: CorpusInfo): void;
}

export const DEMO_CORPUS = { name: 'demo-en.conllu', url: `${import.meta.env.BASE_URL}demo/demo-en.conllu` };

/** Loads the bundled demo corpus on first view, or a file the user uploads or drops. Parse errors say file:line:column. */
export function CorpusPanel({ corpus, onCorpus, onHeldOut }: Props) {
  const [error, setError] = useState<string>();
  const [columns, setColumns] = useState('word,pos,chunk,ner');
  const [busy, setBusy] = useState(false);

  async function load(files: { name: string; text: string }[]) {
    setBusy(true);
    try {
      const result = await extractionEngine().loadCorpora(files, columns.split(',').map((c) => c.trim()).filter(Boolean));
      if (!result.ok) {
        // Every corpus already loaded stays: a bad file never costs the user what they had.
        setError(result.error.message);
        return;
      }
      setError(undefined);
      for (const { split, info } of result.corpora) {
        if (split === 'train') onCorpus(info);
        else onHeldOut(split, info);
      }
      if (!result.corpora.some((c) => c.split === 'train')) setError(`Loaded ${result.corpora.map((c) => `${c.info.name} as ${c.split}`).join(', ')}; the training corpus is still ${corpus?.name ?? 'missing'}.`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  /** Reads every file first; one that cannot be read (moved, permissions, a folder) is named and nothing is loaded. */
  const loadFiles = async (list: FileList | null | undefined) => {
    if (!list?.length) return;
    const files: { name: string; text: string }[] = [];
    for (const f of list) {
      try {
        files.push({ name: f.name, text: await f.text() });
      } catch (e) {
        setError(`Could not read ${f.name}: ${(e as Error).message || 'the browser refused to read it'}. Nothing was loaded.`);
        return;
      }
    }
    await load(files);
  };

  async function loadDemo() {
    try {
      const response = await fetch(DEMO_CORPUS.url);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      await load([{ name: DEMO_CORPUS.name, text: await response.text() }]);
    } catch (e) {
      setError(`Could not load the demo corpus: ${(e as Error).message}`);
    }
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
        await loadFiles(e.dataTransfer.files);
      }}
    >
      <h2 id="corpus-heading">2. Corpus</h2>
      <p className="hint">
        CoNLL-U (.conllu), CoNLL-2003-style columns, or NeuroX parallel files (<code>train.word</code> with <code>train.upos</code>, …). Drop or choose one file, or several at once: names
        saying train, dev and test fill those splits.
      </p>
      <div className="row">
        <label>
          Corpus files
          <input
            type="file"
            multiple
            data-testid="corpus-input"
            onChange={async (e) => {
              await loadFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <label>
          Column names (CoNLL-2003 files)
          <input value={columns} onChange={(e) => setColumns(e.target.value)} data-testid="column-names" />
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
