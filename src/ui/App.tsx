import { useState } from 'react';
import type { CorpusInfo, ModelInfo } from '../../workers/extraction.worker';
import { CorpusPanel } from './CorpusPanel';
import { ExtractPanel } from './ExtractPanel';
import { ModelPanel } from './ModelPanel';
import { initialHubHost } from './models';
import { StoragePanel } from './StoragePanel';

export function App() {
  const [hubHost, setHubHost] = useState(initialHubHost);
  const [model, setModel] = useState<ModelInfo>();
  const [corpus, setCorpus] = useState<CorpusInfo>();
  const [extractions, setExtractions] = useState(0);

  return (
    <main>
      <header>
        <h1>Salient</h1>
        <p>Find the neurons of a transformer that encode a linguistic property (Linguistic Correlation Analysis).</p>
        {!crossOriginIsolated && <p className="warning">This page is not cross-origin isolated, so WASM runs on one thread. Serve it with COOP/COEP headers (npm start does).</p>}
      </header>
      <ModelPanel
        hubHost={hubHost}
        onHubHostChange={(host) => {
          setHubHost(host);
          localStorage.setItem('salient.hubHost', host);
        }}
        model={model}
        onModel={setModel}
      />
      <CorpusPanel corpus={corpus} onCorpus={setCorpus} />
      <ExtractPanel model={model} corpus={corpus} onExtracted={() => setExtractions((n) => n + 1)} />
      <StoragePanel refresh={extractions} />
    </main>
  );
}
