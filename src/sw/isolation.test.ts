import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../node/serviceWorkerBuild';
import { appCacheName, pageFor, staleCaches, withIsolation } from './isolation';

describe('the service worker', () => {
  it('adds COOP/COEP and keeps status, body and the right MIME type', async () => {
    const response = withIsolation(new Response('ok', { status: 200, headers: { 'Content-Type': 'text/html', 'X-Kept': '1' } }), 'https://h.org/a/index.html');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-kept')).toBe('1');
    expect(await response.text()).toBe('ok');
    // Hosts that serve WASM and module scripts as octet-streams break streaming compilation and module loading.
    const wasm = withIsolation(new Response('', { headers: { 'Content-Type': 'application/octet-stream' } }), 'https://h.org/assets/ort.wasm?v=1');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(withIsolation(new Response(''), 'https://h.org/assets/ort.mjs').headers.get('content-type')).toBe('text/javascript');
    expect(withIsolation(new Response('gone', { status: 404 }), 'https://h.org/x').status).toBe(404);
  });

  it('maps navigations to the build’s pages whatever the query', () => {
    expect(pageFor('https://h.org/lab/salient/?hub=x', 'https://h.org/lab/salient/')).toBe('index.html');
    expect(pageFor('https://h.org/lab/salient/harness.html', 'https://h.org/lab/salient/')).toBe('harness.html');
    expect(pageFor('https://h.org/lab/salient/demo/', 'https://h.org/lab/salient/')).toBe('demo/index.html');
  });

  it('deletes only older app caches when a version activates', () => {
    expect(staleCaches(['salient-models', appCacheName('old'), appCacheName('new'), 'other'], 'new')).toEqual([appCacheName('old')]);
  });

  it('lists every file of a build with a version that changes with any file’s content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'salient-build-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<p>app</p>');
    writeFileSync(join(dir, 'sw.js'), 'worker');
    writeFileSync(join(dir, 'assets/ort.wasm'), Buffer.alloc(3 << 20));
    writeFileSync(join(dir, 'assets/app.js.map'), '{}');
    const first = buildManifest(dir);
    expect(first.shell).toEqual(['index.html']);
    expect(first.large).toEqual(['assets/ort.wasm']);
    writeFileSync(join(dir, 'index.html'), '<p>app 2</p>');
    expect(buildManifest(dir).version).not.toBe(first.version);
  });
});
