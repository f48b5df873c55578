import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type LoadedModel } from '../../src/core/model/loadModel';
import { OnnxFormatError } from '../../src/core/model/onnxGraph';
import { hubSource, ModelSourceError, type ByteCache } from '../../src/core/model/sources';
import { startHubServer } from '../../src/node/hubServer';
import { fsModelSource } from '../../src/node/fsModelSource';
import { EWT_DEV, extract, maxAbsDiff, MODELS, modelDir, ortApi, readCorpus } from '../fixtures';

/** The browser Cache API reduced to what the hub source uses, backed by a Map. */
class MapCache implements ByteCache {
  readonly entries = new Map<string, Uint8Array>();
  async match(url: string) {
    return this.entries.get(url);
  }
  async put(url: string, body: Uint8Array | ReadableStream<Uint8Array>) {
    this.entries.set(url, body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer()));
  }
}

const ID = 'fixtures/tiny-bert-en';
const modelBytes = statSync(path.join(modelDir('tiny-bert-en'), 'onnx/model.onnx')).size;

let server: Server;
let url: string;
const requests: string[] = [];
const temps: string[] = [];

beforeAll(async () => {
  ({ server, url } = await startHubServer({ root: MODELS, onRequest: (u) => requests.push(u) }));
});

afterAll(async () => {
  await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The rejection of a promise (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function tempModelDir(files: Record<string, string | Uint8Array | { copy: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'salient-model-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'object' && 'copy' in content) copyFileSync(content.copy, target);
    else writeFileSync(target, content);
  }
  return dir;
}

describe('hub source against the local hub server', () => {
  const cache = new MapCache();
  let fromHub: LoadedModel;
  let fromDisk: LoadedModel;

  it('lists onnx/model.onnx with its real size', async () => {
    const files = await hubSource(ID, { host: url, cache }).listOnnxFiles();
    expect(files).toEqual([{ path: 'onnx/model.onnx', size: modelBytes }]);
    expect(requests).toContain(`/api/models/${ID}/tree/main/onnx`);
    expect(await fsModelSource(modelDir('tiny-bert-en')).listOnnxFiles()).toEqual(files);
  });

  it('loads the model and extracts exactly what loading from disk does', async () => {
    const progress: [string, number, number][] = [];
    fromHub = await loadModel(hubSource(ID, { host: url, cache }), ortApi, { onProgress: (...p) => progress.push(p) });
    fromDisk = await loadModel(fsModelSource(modelDir('tiny-bert-en')), ortApi);
    // The host is part of the id: activations of another host's model are never reused for this one.
    expect(fromHub.id).toBe(`${url}/${ID}`);
    expect(hubSource(ID, { host: 'https://huggingface.co/' }).id).toBe(ID);
    expect(fromDisk.id).toBe('local/tiny-bert-en');
    expect(fromHub.onnxFile).toEqual({ path: 'onnx/model.onnx', size: modelBytes });
    expect(fromHub.taps).toEqual(fromDisk.taps);
    expect([fromHub.hidden, fromHub.maxTokens, fromHub.taps.length]).toEqual([256, 128, 5]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toEqual(['download', modelBytes, modelBytes]);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(requests).toContain(`/${ID}/resolve/main/${file}`);
      expect(cache.entries.has(`${url}/${ID}/resolve/main/${file}`)).toBe(true);
    }

    const sentences = readCorpus(EWT_DEV).sentences.slice(0, 10).map((s) => s.words);
    const a = await extract(fromHub, sentences);
    const b = await extract(fromDisk, sentences);
    expect(a.summary.rows).toBe(sentences.reduce((n, s) => n + s.length, 0));
    expect(a.layers).toHaveLength(5);
    a.layers.forEach((layer, l) => expect(maxAbsDiff(layer, b.layers[l]), `layer ${l}`).toBe(0));
  });

  it('loads again from the cache with zero requests', async () => {
    const before = requests.length;
    const again = await loadModel(hubSource(ID, { host: url, cache }), ortApi);
    expect(requests.length).toBe(before);
    expect(again.taps).toEqual(fromHub.taps);
    await again.session.release();
    await fromHub.session.release();
    await fromDisk.session.release();
  });

  it('reports an unknown model id as not found', async () => {
    const source = hubSource('fixtures/no-such-model', { host: url, cache: new MapCache() });
    const listing = await rejection(source.listOnnxFiles());
    expect(listing).toBeInstanceOf(ModelSourceError);
    expect(listing.message).toMatch(/not found/);
    expect(listing.message).toContain('fixtures/no-such-model');
    expect(await source.readFile('config.json')).toBeUndefined();
    const load = await rejection(loadModel(source, ortApi));
    expect(load).toBeInstanceOf(ModelSourceError);
  });

  it('keeps listings inside the model folder and survives odd requests', async () => {
    const get = async (p: string) => {
      const response = await fetch(url + p);
      return { status: response.status, body: await response.text() };
    };
    // A sibling folder whose name extends the model's (tiny-bert-en-sst) is not part of tiny-bert-en.
    expect((await get(`/api/models/${ID}/tree/main/..%2Ftiny-bert-en-sst`)).status).toBe(404);
    expect((await get(`/${ID}/resolve/main/..%2Ftiny-bert-en-sst%2Fconfig.json`)).status).toBe(404);
    // Listing a file, or a malformed escape, is an error answer, not a crashed server.
    expect((await get(`/api/models/${ID}/tree/main/config.json`)).status).toBe(404);
    expect((await get(`/${ID}/resolve/main/%E0%A4%A`)).status).toBe(400);
    const root = await get(`/api/models/${ID}/tree/main/`);
    expect(root.status).toBe(200);
    expect(JSON.parse(root.body)).toContainEqual({ type: 'directory', path: 'onnx' });
    expect(JSON.parse((await get('/api/local-models')).body).map((m: { name: string }) => m.name)).toEqual(['tiny-bert-en', 'tiny-bert-en-random', 'tiny-bert-en-sst']);
  });

  it('rejects ids that are not hub ids', () => {
    for (const id of ['../etc/passwd', '.', '..', 'a/..', './b', '...', 'a/b/c', '', 'a b']) expect(() => hubSource(id, { host: url }), id).toThrow(ModelSourceError);
    expect(() => hubSource('..', { host: url })).toThrow('".." is not a hub model id');
    expect(hubSource('a.b/c..d', { host: url }).id).toBe(`${url}/a.b/c..d`);
  });

  it('reports an unreachable host', async () => {
    const source = hubSource(ID, { host: 'http://127.0.0.1:9' });
    const listing = await rejection(source.listOnnxFiles());
    expect(listing).toBeInstanceOf(ModelSourceError);
    expect(listing.message).toMatch(/could not reach http:\/\/127\.0\.0\.1:9/);
    const load = await rejection(loadModel(source, ortApi));
    expect(load).toBeInstanceOf(ModelSourceError);
    expect(load.message).toMatch(/could not reach/);
  });
});

describe('model folders on disk', () => {
  const fixture = (file: string) => ({ copy: path.join(modelDir('tiny-bert-en'), file) });

  it('a folder without config.json names the missing file', async () => {
    const dir = tempModelDir({ 'tokenizer.json': fixture('tokenizer.json') });
    const error = await rejection(loadModel(fsModelSource(dir), ortApi));
    expect(error).toBeInstanceOf(ModelSourceError);
    expect(error.message).toContain('config.json');
  });

  it('a folder without an ONNX file says so', async () => {
    const dir = tempModelDir({ 'config.json': fixture('config.json'), 'tokenizer.json': fixture('tokenizer.json') });
    const error = await rejection(loadModel(fsModelSource(dir), ortApi));
    expect(error).toBeInstanceOf(ModelSourceError);
    expect(error.message).toMatch(/no ONNX file/);
  });

  it('a folder whose onnx/model.onnx is garbage throws OnnxFormatError', async () => {
    const dir = tempModelDir({
      'config.json': fixture('config.json'),
      'tokenizer.json': fixture('tokenizer.json'),
      'tokenizer_config.json': fixture('tokenizer_config.json'),
      'onnx/model.onnx': 'this is not an ONNX model, just some text\n'.repeat(100),
    });
    const error = await rejection(loadModel(fsModelSource(dir), ortApi));
    expect(error).toBeInstanceOf(OnnxFormatError);
    expect(error.message).toContain('onnx/model.onnx is not a usable ONNX model');
  });

  it('a folder whose config.json is not JSON says so', async () => {
    const dir = tempModelDir({ 'config.json': '{ not json', 'tokenizer.json': fixture('tokenizer.json') });
    const error = await rejection(loadModel(fsModelSource(dir), ortApi));
    expect(error).toBeInstanceOf(ModelSourceError);
    expect(error.message).toMatch(/config\.json is not valid JSON/);
  });
});
