/** Shared setup for the benchmarks: fixtures by path, a served build of the app, and Chromium. */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { assertChromium, chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
export const SHARED = resolve(ROOT, '../shared');
export const MODELS = resolve(SHARED, 'models');
export const EWT = resolve(SHARED, 'data/ud-english-ewt');

/** Builds the app (unless dist/ exists and BENCH_NO_BUILD is set) and serves it with /hub → `models` (../shared/models). */
export async function serveApp(models = MODELS, port = 0): Promise<{ server: PreviewServer; url: string }> {
  process.env.MODELS_DIR = models;
  if (!process.env.BENCH_NO_BUILD || !existsSync(resolve(ROOT, 'dist/index.html'))) await build({ root: ROOT, logLevel: 'warn' });
  // A fixed port keeps the origin, and so its stored data, the same across runs that keep a profile.
  const server = await preview({ root: ROOT, preview: { port, strictPort: port !== 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!url) throw new Error('preview server has no URL');
  return { server, url };
}

export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * Chromium with an on-disk profile: storage (IndexedDB, Cache API) goes to disk with a real
 * quota, as in a user's browser, not to memory as in a new context. The profile is a fresh
 * temporary folder, removed on close, unless `keep` names a folder to reuse and keep.
 */
export async function launchPersistentChromium(keep?: string): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  assertChromium();
  const dir = keep ?? mkdtempSync(resolve(tmpdir(), 'salient-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: chromiumArgs });
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  return { context, close: async () => (await context.close(), keep ? undefined : rmSync(dir, { recursive: true, force: true })) };
}

/** A page where functions compiled by tsx can run: esbuild's keepNames wraps them in `__name(...)`. */
export async function benchPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  return page;
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Serves a folder's files on loopback, readable from the cross-origin-isolated app (CORS + CORP). */
export async function serveFolder(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = resolve(dir, basename(req.url ?? ''));
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** The first sentences of a CoNLL-U text holding at least `words` words (whole sentences, text kept as is). */
export function conlluHead(text: string, words: number): string {
  const blocks = text.split(/\n\s*\n/);
  let count = 0;
  let n = 0;
  while (n < blocks.length && count < words) count += blocks[n++].split('\n').filter((line) => /^\d+\t/.test(line)).length;
  return `${blocks.slice(0, n).join('\n\n')}\n\n`;
}
