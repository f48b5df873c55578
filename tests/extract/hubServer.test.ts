/**
 * The models server (dev server MODELS_DIR, test stand-in) against hostile folders and pages
 * (issue 10): no CORS unless asked, broken symlinks skipped, symlinks out of the root refused.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer } from '../../src/node/hubServer';

const base = mkdtempSync(path.join(tmpdir(), 'salient-hubserver-'));
const root = path.join(base, 'models');
const outside = path.join(base, 'secret');

beforeAll(() => {
  mkdirSync(path.join(root, 'good/onnx'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'config.json'), '{"secret": true}');
  writeFileSync(path.join(outside, 'passwords.txt'), 'hunter2');
  writeFileSync(path.join(root, 'good/config.json'), '{}');
  writeFileSync(path.join(root, 'good/onnx/model.onnx'), 'onnx');
  symlinkSync(path.join(root, 'good/onnx/gone.onnx'), path.join(root, 'good/onnx/dangling.onnx')); // points nowhere
  symlinkSync(path.join(outside, 'passwords.txt'), path.join(root, 'good/onnx/leak.onnx')); // points out of the root
  symlinkSync(outside, path.join(root, 'escape')); // a "model" folder that is really outside
  symlinkSync(path.join(root, 'good'), path.join(root, 'alias')); // a link inside the root is fine
});

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('hub server', () => {
  let plain: { server: Server; url: string };
  let cors: { server: Server; url: string };
  beforeAll(async () => {
    plain = await startHubServer({ root, cors: false });
    cors = await startHubServer({ root });
  });
  afterAll(() => {
    plain.server.close();
    cors.server.close();
  });

  it('sends no CORS headers unless asked (the dev server never asks)', async () => {
    const answer = await get(`${plain.url}/api/local-models`);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('cross-origin-resource-policy')).toBeNull();
    expect((await get(`${cors.url}/api/local-models`)).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lists only models whose real folder is inside the root', async () => {
    expect(JSON.parse((await get(`${plain.url}/api/local-models`)).body).map((m: { name: string }) => m.name)).toEqual(['alias', 'good']);
    expect((await get(`${plain.url}/api/models/local/escape/tree/main/`)).status).toBe(404);
    expect((await get(`${plain.url}/local/escape/resolve/main/passwords.txt`)).status).toBe(404);
    expect((await get(`${plain.url}/local/alias/resolve/main/onnx/model.onnx`)).body).toBe('onnx');
  });

  it('skips a dangling symlink in a listing instead of crashing, and refuses a link out of the root', async () => {
    const listing = await get(`${plain.url}/api/models/local/good/tree/main/onnx`);
    expect(listing.status).toBe(200);
    expect(JSON.parse(listing.body)).toEqual([{ type: 'file', path: 'onnx/model.onnx', size: 4 }]);
    expect((await get(`${plain.url}/local/good/resolve/main/onnx/dangling.onnx`)).status).toBe(404);
    expect((await get(`${plain.url}/local/good/resolve/main/onnx/leak.onnx`)).status).toBe(404);
    // Still serving.
    expect((await get(`${plain.url}/local/good/resolve/main/config.json`)).body).toBe('{}');
  });
});
