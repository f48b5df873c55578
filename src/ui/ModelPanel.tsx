import { useEffect, useRef, useState } from 'react';
import { Comlink, extractionEngine, type ModelInfo, type ModelSpec } from '../../workers/protocol';
import { defaultOnnxFile, type ModelFileInfo } from '../core/model/sources';
import { readDroppedFolder } from './folderDrop';
import { CURATED_MODELS, DEFAULT_HUB_HOST, formatBytes } from './models';
import { BACKEND, type BackendPreference } from '../core/options';
import { OptionSelect } from './controls';

type Origin = 'curated' | 'hub' | 'local' | 'folder';

interface Props {
  hubHost: string;
  /** False for a host that came in a link and is not confirmed yet: nothing is fetched from it. */
  hubTrusted: boolean;
  onHubHostChange(host: string): void;
  model?: ModelInfo;
  onModel(model: ModelInfo | undefined): void;
}

/** Picks a model (curated hub repo, any hub id, the dev server's MODELS_DIR, or a folder from disk) and loads it in the worker. */
export function ModelPanel({ hubHost, hubTrusted, onHubHostChange, model, onModel }: Props) {
  const [origin, setOrigin] = useState<Origin>('curated');
  const picked = useRef(false);
  const [curated, setCurated] = useState<string>(CURATED_MODELS[0].id);
  const [hubId, setHubId] = useState('');
  const [localModels, setLocalModels] = useState<{ id: string; name: string }[]>([]);
  const [localId, setLocalId] = useState('');
  const [folder, setFolder] = useState<{ name: string; files: [string, File][] }>();
  const [files, setFiles] = useState<ModelFileInfo[]>();
  const [onnxFile, setOnnxFile] = useState<string>();
  const [backend, setBackend] = useState<BackendPreference>(BACKEND.default);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // Models served by the dev server (MODELS_DIR); absent on a static deployment.
  useEffect(() => {
    fetch('/hub/api/local-models')
      .then((r) => (r.ok && r.headers.get('content-type')?.includes('json') ? r.json() : []))
      .then((list: { id: string; name: string }[]) => {
        setLocalModels(list);
        if (list.length) {
          setLocalId(list[0].id);
          // The local models are the default, unless the user already picked where models come from.
          if (!picked.current) setOrigin('local');
        }
      })
      .catch(() => setLocalModels([]));
  }, []);

  const fromHub = origin === 'curated' || origin === 'hub';
  const spec: ModelSpec | undefined =
    fromHub && !hubTrusted ? undefined
    : origin === 'curated' ? { kind: 'hub', id: curated, host: hubHost }
    : origin === 'hub' ? (hubId.trim() ? { kind: 'hub', id: hubId.trim(), host: hubHost } : undefined)
    : origin === 'local' ? (localId ? { kind: 'hub', id: localId, host: `${location.origin}/hub` } : undefined)
    : folder ? { kind: 'files', ...folder } : undefined;
  const specKey = JSON.stringify(spec && spec.kind === 'files' ? spec.name : spec);

  // List the ONNX variants (with sizes) before anything large is downloaded.
  useEffect(() => {
    setFiles(undefined);
    setOnnxFile(undefined);
    setError(undefined);
    if (!spec) return;
    let live = true;
    const timer = setTimeout(() => {
      extractionEngine()
        .listOnnxFiles(spec)
        .then((list) => {
          if (!live) return;
          setFiles(list);
          setOnnxFile(defaultOnnxFile(list)?.path);
          if (!list.some((f) => f.path.endsWith('.onnx'))) setError('This model has no ONNX file under onnx/. Pick a repo with a transformers.js export (e.g. the Xenova/* models).');
        })
        .catch((e: Error) => live && setError(e.message));
    }, origin === 'hub' ? 500 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [specKey]);

  async function load() {
    if (!spec) return;
    setBusy(true);
    setError(undefined);
    onModel(undefined);
    try {
      const progress = Comlink.proxy((stage: string, loaded: number, total: number) =>
        setStatus(`${stage === 'download' ? 'Downloading' : stage} ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}`),
      );
      setStatus('Loading…');
      const opened = await extractionEngine().openModel(spec, { onnxFile, backend }, progress);
      onModel(opened);
      setStatus(opened.cacheWarning);
    } catch (e) {
      setError((e as Error).message);
      setStatus(undefined);
    } finally {
      setBusy(false);
    }
  }

  const chosen = files?.find((f) => f.path === onnxFile);
  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">1. Model</h2>
      <div className="tabs" role="radiogroup" aria-label="Where the model comes from">
        {(['curated', 'hub', 'local', 'folder'] as Origin[]).map((o) => (
          <label key={o} className={origin === o ? 'tab active' : 'tab'}>
            <input
              type="radio"
              name="origin"
              value={o}
              checked={origin === o}
              onChange={() => {
                picked.current = true;
                setOrigin(o);
              }}
            />
            {{ curated: 'Popular models', hub: 'Hub id', local: `Local server (${localModels.length})`, folder: 'Folder from disk' }[o]}
          </label>
        ))}
      </div>

      {fromHub && !hubTrusted && (
        <div className="warning" role="alert" data-testid="hub-confirm">
          <p>
            The link you opened sends model downloads to another server: <strong data-testid="hub-host-untrusted">{hubHost}</strong>, not huggingface.co. A model from
            there can be anything, whatever its name says. Nothing has been requested from it yet.
          </p>
          <div className="row">
            <button data-testid="hub-trust" onClick={() => onHubHostChange(hubHost)}>
              Use {hubHost}
            </button>
            <button data-testid="hub-default" onClick={() => onHubHostChange(DEFAULT_HUB_HOST)}>
              Use huggingface.co
            </button>
          </div>
        </div>
      )}
      {fromHub && hubTrusted && hubHost !== DEFAULT_HUB_HOST && (
        <p className="warning" data-testid="hub-host">
          Models come from <strong>{hubHost}</strong>, not huggingface.co (change it under Hub address).
        </p>
      )}
      {origin === 'curated' && (
        <label>
          Hugging Face model
          <select value={curated} onChange={(e) => setCurated(e.target.value)}>
            {CURATED_MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id} — {m.note}
              </option>
            ))}
          </select>
        </label>
      )}
      {origin === 'hub' && (
        <label>
          Hub model id
          <input value={hubId} placeholder="owner/name, e.g. Xenova/bert-base-cased" onChange={(e) => setHubId(e.target.value)} />
        </label>
      )}
      {origin === 'local' && (
        <label>
          Model served by this server (MODELS_DIR)
          <select value={localId} onChange={(e) => setLocalId(e.target.value)} data-testid="local-model">
            {localModels.length === 0 && <option value="">none: start with MODELS_DIR=&lt;folder&gt; npm start</option>}
            {localModels.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {origin === 'folder' && <FolderPicker folder={folder} onFolder={setFolder} />}

      {(origin === 'curated' || origin === 'hub') && (
        <details>
          <summary>Hub address</summary>
          <label>
            Hub host (a mirror or proxy of huggingface.co)
            <input value={hubHost} onChange={(e) => onHubHostChange(e.target.value)} />
          </label>
        </details>
      )}

      <div className="row">
        <label>
          ONNX file
          <select value={onnxFile ?? ''} onChange={(e) => setOnnxFile(e.target.value)} disabled={!files?.length} data-testid="onnx-file">
            {files
              ?.filter((f) => f.path.endsWith('.onnx'))
              .map((f) => (
                <option key={f.path} value={f.path}>
                  {f.path} {f.size ? `(${formatBytes(f.size)})` : ''}
                </option>
              ))}
          </select>
        </label>
        <OptionSelect table={BACKEND} value={backend} onChange={setBackend} testId="backend-select" />
      </div>
      {chosen && /quantized|int8|uint8|q4|bnb4/.test(chosen.path) && <p className="warning">Quantized weights distort activations; prefer full precision for neuron analysis.</p>}
      <button onClick={load} disabled={!spec || !onnxFile || busy} data-testid="load-model">
        {busy ? 'Loading…' : `Load model${chosen?.size ? ` (${formatBytes(chosen.size)})` : ''}`}
      </button>
      {status && (
        <p className="status" data-testid="model-status">
          {status}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
      {model && (
        <dl className="facts" data-testid="model-info">
          <dt>Model</dt>
          <dd>{model.origin}</dd>
          <dt>File</dt>
          <dd>
            {model.onnxFile.path} ({formatBytes(model.onnxFile.size ?? 0)})
          </dd>
          <dt>Layers</dt>
          <dd data-testid="model-layers">
            {model.layers} (embeddings + {model.layers - 1}) × {model.hidden}
          </dd>
          <dt>Backend</dt>
          <dd data-testid="backend">
            {model.backend.backend} — {model.backend.reason}
          </dd>
        </dl>
      )}
    </section>
  );
}

function FolderPicker({ folder, onFolder }: { folder?: { name: string; files: [string, File][] }; onFolder(f: { name: string; files: [string, File][] }): void }) {
  const [over, setOver] = useState(false);
  const fromInput = (list: FileList | null) => {
    if (!list?.length) return;
    const files = [...list].map((f) => [(f as File & { webkitRelativePath: string }).webkitRelativePath || f.name, f] as [string, File]);
    onFolder({ name: files[0][0].split('/')[0], files });
  };
  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={async (e) => {
        e.preventDefault();
        setOver(false);
        const dropped = await readDroppedFolder(e.dataTransfer);
        if (dropped) onFolder(dropped);
      }}
    >
      <label>
        Model folder (config.json, tokenizer.json, onnx/model.onnx) — choose or drop it here
        <input type="file" data-testid="folder-input" {...({ webkitdirectory: '', directory: '' } as object)} multiple onChange={(e) => fromInput(e.target.files)} />
      </label>
      {folder && <p>Opened “{folder.name}” ({folder.files.length} files). Nothing is uploaded: it stays on your machine.</p>}
    </div>
  );
}
