/**
 * Where a model's files come from: the Hugging Face hub (or anything serving
 * its URL layout, such as our dev server's MODELS_DIR or a test stand-in), or
 * a folder the user opened from disk. Every source answers the same questions.
 */

export interface ModelFileInfo {
  path: string;
  /** Bytes, when the source can tell before downloading. */
  size?: number;
}

export interface ModelSource {
  /** Stable id used in cache keys and results (e.g. `Xenova/bert-base-cased`, `disk:my-model`). */
  id: string;
  /** Human-readable origin, shown in the UI and errors. */
  origin: string;
  /** Files under `onnx/` (path relative to the model root), for choosing a variant. */
  listOnnxFiles(): Promise<ModelFileInfo[]>;
  /** The file's bytes, or `undefined` when the source does not have it. */
  readFile(path: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array | undefined>;
}

export class ModelSourceError extends Error {}

/**
 * Full precision first: quantization distorts the activations we study. Older
 * decoder exports (Xenova/gpt2) ship `decoder_model.onnx` beside a merged one
 * whose If branches hide every inner tensor, so the plain one comes first.
 */
const PRECISION_PREFERENCE = ['model', 'decoder_model', 'model_fp16', 'decoder_model_fp16', 'model_quantized', 'decoder_model_quantized', 'model_int8', 'model_uint8'].map(
  (name) => `onnx/${name}.onnx`,
);

export function defaultOnnxFile(files: ModelFileInfo[]): ModelFileInfo | undefined {
  const models = files.filter((f) => f.path.endsWith('.onnx'));
  for (const path of PRECISION_PREFERENCE) {
    const found = models.find((f) => f.path === path);
    if (found) return found;
  }
  return models.find((f) => !/merged|with_past/.test(f.path)) ?? models[0];
}


/** The minimal Cache API we rely on (window.caches in browsers, a Map in tests). */
export interface ByteCache {
  match(url: string): Promise<Uint8Array | undefined>;
  /** Keeps a file: its bytes, or a download as it streams in (`size` bytes when known), so no second copy is made in memory. */
  put(url: string, body: Uint8Array | ReadableStream<Uint8Array>, size?: number): Promise<void>;
}

export interface HubOptions {
  /** e.g. `https://huggingface.co`; the app lets users point it at a mirror. */
  host: string;
  revision?: string;
  cache?: ByteCache;
  fetch?: typeof fetch;
}

export const DEFAULT_HUB_HOST = 'https://huggingface.co';

/** Refuses what is not a hub id: `owner/name` of letters, digits, `.`, `_`, `-`, no segment of dots only (`.`, `..`). */
export function checkHubId(id: string): void {
  const ok = /^[\w.-]+(\/[\w.-]+)?$/.test(id) && id.split('/').every((segment) => !/^\.+$/.test(segment)) && id.length <= 200;
  if (!ok) throw new ModelSourceError(`"${id}" is not a hub model id (expected owner/name, e.g. Xenova/bert-base-cased)`);
}

/** A hub repo: files at `<host>/<id>/resolve/<revision>/<path>`, listings at `<host>/api/models/<id>/tree/<revision>/<dir>`. */
export function hubSource(id: string, options: HubOptions): ModelSource {
  const host = options.host.replace(/\/+$/, '');
  const revision = options.revision ?? 'main';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  checkHubId(id);

  const request = async (url: string): Promise<Response> => {
    try {
      return await doFetch(url);
    } catch (error) {
      throw new ModelSourceError(`could not reach ${host} (${(error as Error).message}). Check your network connection, or open a model folder from disk instead.`);
    }
  };

  return {
    // Another host's model is another model: its id (results, activation cache keys) carries the host.
    id: host === DEFAULT_HUB_HOST ? id : `${host}/${id}`,
    origin: `${host}/${id}`,
    async listOnnxFiles() {
      // Cached like the files themselves, so a model used before opens with no request at all.
      const url = `${host}/api/models/${id}/tree/${revision}/onnx`;
      let listing = await options.cache?.match(url);
      if (!listing) {
        const response = await request(url);
        if (response.status === 404 || response.status === 401) throw new ModelSourceError(`model "${id}" was not found on ${host} (or it is private). Check the id's spelling.`);
        if (!response.ok) throw new ModelSourceError(`${host} answered ${response.status} when listing ${id}`);
        listing = new Uint8Array(await response.arrayBuffer());
        await options.cache?.put(url, listing);
      }
      const entries = JSON.parse(new TextDecoder().decode(listing)) as { type?: string; path: string; size?: number; lfs?: { size?: number } }[];
      return entries
        .filter((e) => e.type !== 'directory' && /\.onnx(_data)?$|\.onnx\.data$/.test(e.path))
        .map((e) => ({ path: e.path, size: e.lfs?.size ?? e.size }));
    },
    async readFile(path, onProgress) {
      const url = `${host}/${id}/resolve/${revision}/${path}`;
      const cached = await options.cache?.match(url);
      if (cached) return cached;
      const response = await request(url);
      if (response.status === 404) return undefined;
      if (!response.ok) throw new ModelSourceError(`${host} answered ${response.status} for ${id}/${path}`);
      const total = Number(response.headers.get('content-length') ?? 0);
      if (!response.body || !options.cache) return readBody(response.body, total, onProgress);
      // One download, two readers: the cache stores the stream while memory fills from its twin.
      const [toCache, toMemory] = response.body.tee();
      const [bytes] = await Promise.all([readBody(toMemory, total, onProgress), options.cache.put(url, toCache, total || undefined)]);
      return bytes;
    },
  };
}

/** Reads a response body with progress, into one buffer when the length (`total`) is known. */
async function readBody(body: ReadableStream<Uint8Array> | null, total: number, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  let buffer = new Uint8Array(total || 1 << 20);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + value.length));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(value, loaded);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}

/** A folder from disk (directory picker, drag and drop) or any path → bytes map. */
export function filesSource(id: string, origin: string, files: Map<string, Blob | Uint8Array>): ModelSource {
  // Dropped folders arrive as `my-model/onnx/model.onnx`: strip the common top folder.
  const normalized = new Map<string, Blob | Uint8Array>();
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]));
  const strip = tops.size === 1 && [...files.keys()].every((p) => p.includes('/'));
  for (const [path, file] of files) normalized.set(strip ? path.slice(path.indexOf('/') + 1) : path, file);

  return {
    id,
    origin,
    async listOnnxFiles() {
      return [...normalized]
        .filter(([path]) => path.startsWith('onnx/') && /\.onnx(_data)?$/.test(path))
        .map(([path, file]) => ({ path, size: file instanceof Uint8Array ? file.length : file.size }));
    },
    async readFile(path) {
      const file = normalized.get(path);
      if (!file) return undefined;
      return file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
    },
  };
}
