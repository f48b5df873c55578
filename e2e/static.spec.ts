/**
 * The static build on a plain host: dist/ under a sub-path (/lab/salient/) of a server that sets no
 * COOP/COEP headers, and models from a hub stand-in on another origin that sends CORS but no CORP
 * headers, like a file host. The service worker alone must turn isolation (WASM threads) on; a share
 * link must open in a fresh browser; a new deployment must be announced and taken up; and with the
 * network cut the app must reopen with its runs and models. One context for the journey (serial).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { startHubServer } from '../src/node/hubServer';
import { serveStatic } from '../src/node/staticServer';
import { MODELS, runLca } from './fixtures';

test.describe.configure({ mode: 'serial' });

const DIST = resolve(import.meta.dirname, '../dist');
let app: { server: Server; url: string };
let hub: { server: Server; url: string };
const hubRequests: string[] = [];
/** Which deployment the static host serves: the build as it is, or the same files as a new version. */
let deployment: 'first' | 'next' = 'first';
let context: BrowserContext;
let page: Page;
let runId: string;

test.beforeAll(async ({ browser }) => {
  const sw = readFileSync(resolve(DIST, 'sw.js'), 'utf8');
  const version = /"version":"([0-9a-f]+)"/.exec(sw)?.[1];
  if (!version) throw new Error('dist/sw.js has no build version: run vite build first');
  const next = Buffer.from(sw.replaceAll(version, `${version}n`));
  app = await serveStatic({ root: DIST, mount: '/lab/salient/', override: (path) => (path === 'sw.js' && deployment === 'next' ? next : undefined) });
  hub = await startHubServer({ root: MODELS, corp: false, onRequest: (url) => hubRequests.push(url) });
  context = await browser.newContext();
  page = await context.newPage();
});
test.afterAll(async () => {
  await context.close();
  app.server.closeAllConnections();
  app.server.close();
  hub.server.close();
});

const threadWorkers = (p: Page) => p.workers().filter((w) => /ort-wasm-simd-threaded/.test(w.url())).length;

async function loadHubModel(p: Page): Promise<void> {
  await p.getByText('Hub id', { exact: true }).click();
  // A host from a link is used once confirmed (hardening.spec.ts); this browser may have confirmed it already.
  const trust = p.getByTestId('hub-trust');
  if (await trust.isVisible()) await trust.click();
  await p.getByPlaceholder('owner/name').fill('fixtures/tiny-bert-en');
  await expect(p.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
  await p.getByTestId('load-model').click();
  await expect(p.getByTestId('model-layers')).toContainText('5 (embeddings + 4) × 256', { timeout: 120_000 });
}

test('on a plain host under a sub-path, the service worker turns threads on after one reload', async () => {
  const first = await page.goto(`${app.url}?hub=${encodeURIComponent(hub.url)}`);
  expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  await page.waitForFunction(() => crossOriginIsolated && navigator.serviceWorker.controller !== null);
  expect(new URL(page.url()).pathname).toBe('/lab/salient/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');

  // Models from another origin, under COEP: the download, then extraction on more than one thread.
  await loadHubModel(page);
  expect(hubRequests.some((r) => r.endsWith('/fixtures/tiny-bert-en/resolve/main/onnx/model.onnx'))).toBe(true);
  const threads = Number(/(\d+) threads, SIMD/.exec(await page.getByTestId('backend').innerText())?.[1]);
  expect(threads).toBeGreaterThan(1);
  await page.getByTestId('extract').click();
  await expect(page.getByTestId('result-words')).toHaveText('1,527');
  expect(threadWorkers(page)).toBeGreaterThan(0); // ONNX Runtime's thread pool: workers beside the extraction worker
});

test('a share link made there opens in a fresh browser on the same host', async ({ browser }) => {
  runId = await runLca(page);
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url.startsWith(`${app.url}#/share/v1.`)).toBe(true);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('share-made-by')).toContainText('Shared from Salient 0.1.0');
  await expect(other.getByTestId('heatmap')).toHaveAttribute('data-neurons', '256');
  // The isolation reload keeps the link's fragment: the shared run is still on screen once isolated.
  await other.waitForFunction(() => crossOriginIsolated);
  await expect(other.getByTestId('heatmap')).toHaveAttribute('data-layers', '5');
  await fresh.close();
});

test('a new deployment is announced, and taken up cleanly when the researcher says so', async () => {
  await page.evaluate(() => (location.hash = '#/'));
  const second = await context.newPage(); // another tab on the old version
  await second.goto(app.url);
  await expect(second.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  deployment = 'next';
  const before = await page.evaluate(() => caches.keys());
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await expect(page.getByTestId('update-ready')).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await page.getByTestId('update-ready').getByRole('button').click();
  await reloaded;
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await expect(page.getByTestId('update-ready')).toBeHidden();
  await expect(async () => {
    const after = await page.evaluate(() => caches.keys());
    const appCaches = after.filter((n) => n.startsWith('salient-app-'));
    expect(appCaches).toHaveLength(1);
    expect(before).not.toContain(appCaches[0]); // the old version's cache is gone, the new one in place
    expect(after).toContain('salient-models');
  }).toPass();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId(`run-${runId}`)).toBeVisible();
  // The other tab is told, rather than reloaded under the researcher's hands.
  await expect(second.getByTestId('updated-elsewhere')).toBeVisible();
  await second.close();
});

test('with the network cut, a reload opens the app, its runs and its models', async () => {
  await expect(page.getByTestId('version')).toContainText('works offline');
  await context.setOffline(true);
  // And the host really gone: whatever answers now comes from the browser.
  app.server.closeAllConnections();
  app.server.close();
  hub.server.closeAllConnections();
  hub.server.close();
  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId(`run-${runId}`)).toContainText('done');
  await loadHubModel(page);
  await page.getByTestId(`run-${runId}`).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-neurons', '256');
  await context.setOffline(false);
});

test('where service workers are refused, WASM runs on one thread and says what that costs', async ({ browser }) => {
  const blocked = await browser.newContext({ serviceWorkers: 'block' });
  const other = await blocked.newPage();
  const server = await serveStatic({ root: DIST, mount: '/lab/salient/' });
  const models = await startHubServer({ root: MODELS, corp: false });
  try {
    await other.goto(`${server.url}?hub=${encodeURIComponent(models.url)}`);
    await expect(other.getByTestId('single-thread')).toContainText('not cross-origin isolated');
    await expect(other.getByTestId('single-thread')).toContainText('one core instead of all of them');
    expect(await other.evaluate(() => crossOriginIsolated)).toBe(false);
    await loadHubModel(other);
    await expect(other.getByTestId('backend')).toContainText('single thread');
    await expect(other.getByTestId('backend')).toContainText('one core instead of all of them');
  } finally {
    await blocked.close();
    server.server.close();
    models.server.close();
  }
});
