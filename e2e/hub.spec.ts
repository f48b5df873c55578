import { expect, test } from '@playwright/test';
import type { Server } from 'node:http';
import { startHubServer } from '../src/node/hubServer';
import { loadLocalModel, MODELS, screenshot } from './fixtures';

// A local stand-in for huggingface.co: ../shared/models in the hub's URL layout, counting requests.
let hub: { server: Server; url: string };
const requests: string[] = [];

test.beforeAll(async () => {
  hub = await startHubServer({ root: MODELS, onRequest: (url) => requests.push(url) });
});
test.afterAll(() => hub.server.close());

test('a model picked by hub id downloads, is cached, and extracts', async ({ page }) => {
  await page.goto(`/?hub=${encodeURIComponent(hub.url)}`);
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await page.getByText('Hub id', { exact: true }).click();
  await page.getByTestId('hub-trust').click(); // a host from a link is used once confirmed (see hardening.spec.ts)
  await page.getByPlaceholder('owner/name').fill('fixtures/tiny-bert-en');
  // The variants and their sizes are listed before the download.
  await expect(page.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
  await expect(page.getByTestId('load-model')).toContainText('42.1 MB');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-layers')).toContainText('5 (embeddings + 4) × 256');
  expect(requests.some((r) => r.endsWith('/fixtures/tiny-bert-en/resolve/main/onnx/model.onnx'))).toBe(true);

  await page.getByTestId('extract').click();
  await expect(page.getByTestId('result-words')).toHaveText('1,527');
  await screenshot(page, 'hub');

  // Second load, after a reload: everything comes from the browser cache.
  requests.length = 0;
  await page.reload();
  await page.getByText('Hub id', { exact: true }).click();
  await page.getByPlaceholder('owner/name').fill('fixtures/tiny-bert-en');
  await expect(page.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-layers')).toContainText('5 (embeddings + 4) × 256');
  // (The default curated model's listing may be fetched when the page opens; the chosen model makes no request.)
  expect(requests.filter((r) => r.includes('tiny-bert-en'))).toEqual([]);
});

test('a hub id that does not exist, and a hub that cannot be reached, say so', async ({ page }) => {
  await page.goto(`/?hub=${encodeURIComponent(hub.url)}`);
  await page.getByText('Hub id', { exact: true }).click();
  await page.getByTestId('hub-trust').click();
  await page.getByPlaceholder('owner/name').fill('nobody/no-such-model');
  await expect(page.getByTestId('model-error')).toContainText('was not found');

  await page.goto(`/?hub=${encodeURIComponent('http://127.0.0.1:9')}`);
  await page.getByText('Hub id', { exact: true }).click();
  await page.getByTestId('hub-trust').click();
  await page.getByPlaceholder('owner/name').fill('fixtures/tiny-bert-en');
  await expect(page.getByTestId('model-error')).toContainText('could not reach');
  // The app stays usable: the local models still load.
  await page.getByText('Local server', { exact: false }).click();
  await loadLocalModel(page, 'tiny-bert-en');
});
