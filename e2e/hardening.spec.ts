/**
 * Hostile links, dying workers, full disks and broken records (issue 10), in real Chromium.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import { startHubServer } from '../src/node/hubServer';
import { EWT_DEV, loadLocalModel, MODELS } from './fixtures';

test('a worker killed in the middle of an extraction: the app says so, the run is interrupted, resume finishes it', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await loadLocalModel(page, 'tiny-bert-en');
  // EWT dev (25,000 words) takes long enough to extract that the worker can die in the middle.
  await page.getByTestId('corpus-input').setInputFiles(EWT_DEV);
  await expect(page.getByTestId('corpus-name')).toHaveText('en_ewt-ud-dev.conllu');
  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('run-lca').click();
  await expect(page.locator('.stage.running')).toContainText(/sentences ·/, { timeout: 120_000 });

  // What an abort inside ONNX Runtime or an allocation failure looks like from the page: an error outside any call.
  const worker = page.workers().find((w) => w.url().includes('extraction.worker'));
  expect(worker, 'the extraction worker').toBeDefined();
  await worker!.evaluate(() => setTimeout(() => {
    throw new Error('RangeError: Array buffer allocation failed');
  }));

  await expect(page.getByRole('status')).toContainText('The extraction worker stopped (Uncaught Error: RangeError: Array buffer allocation failed)');
  await expect(page.getByTestId('model-info')).toHaveCount(0); // its model died with it
  const row = page.getByTestId('runs-list').locator('tr', { hasText: 'interrupted' });
  await expect(row).toContainText('The extraction worker stopped');
  // The corpus is still there (put back into the fresh worker from IndexedDB).
  await expect(page.getByTestId('corpus-name')).toHaveText('en_ewt-ud-dev.conllu');

  await loadLocalModel(page, 'tiny-bert-en');
  await row.getByRole('button', { name: 'Resume' }).click();
  // Extracted again and ranked: the run opens with its results (the later stages fill in while one looks).
  await expect(page.getByTestId('run-view')).toBeVisible({ timeout: 400_000 });
  await expect(page.getByTestId('summary-oracle')).toHaveText(/%$/);
  await page.getByRole('link', { name: '← Setup and runs' }).click(); // in-page: a reload would interrupt the run again
  await expect(page.getByTestId('runs-list')).toContainText(/running|done/);
  await expect(page.getByTestId('runs-list')).not.toContainText('interrupted');
});

/**
 * A nearly full disk. The Cache API's quota is capped through the DevTools protocol
 * (`Storage.overrideQuotaForOrigin`); this Chromium does not apply that override to IndexedDB
 * (tested: 5 MB writes pass under a 50 KB cap), so IndexedDB gets the equivalent inside the
 * extraction worker: puts past a byte budget throw the browser's QuotaExceededError.
 */
let cdp: CDPSession | undefined;
async function capQuota(page: Page, bytes: number): Promise<void> {
  cdp ??= await page.context().newCDPSession(page); // kept: a detached session drops its overrides
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: bytes });
  const worker = page.workers().find((w) => w.url().includes('extraction.worker'));
  expect(worker, 'the extraction worker').toBeDefined();
  await worker!.evaluate((budget) => {
    const scope = self as unknown as { quotaLeft: number; realPut?: typeof IDBObjectStore.prototype.put };
    scope.quotaLeft = budget;
    if (scope.realPut) return;
    const realPut = (scope.realPut = IDBObjectStore.prototype.put);
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const data = (value as { data?: ArrayBufferView } | undefined)?.data;
      scope.quotaLeft -= data?.byteLength ?? JSON.stringify(value)?.length ?? 0;
      if (scope.quotaLeft < 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.call(this, value, key);
    };
  }, bytes);
}

test.describe('a full disk', () => {
  // The service worker's own caching (best effort too) would compete for the tiny quota: this journey is about IndexedDB and the model cache.
  test.use({ serviceWorkers: 'block' });
  test('the model still loads, extraction says how much space it needs, a loaded corpus is kept', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await capQuota(page, usage + 600_000);

    // The model's 42 MB cannot be cached: it loads anyway, and says why the next load downloads again.
    await loadLocalModel(page, 'tiny-bert-en');
    await expect(page.getByTestId('model-status')).toContainText('The model is loaded, but its files could not be kept for next time. Not enough storage in this browser to keep the model files: about 42.1 MB needed');
    await expect(page.getByTestId('model-status')).toContainText('Storage panel');

    // Activations of the demo corpus (1,527 words × 5 × 256 × 2 bytes = 3.7 MB) do not fit.
    await page.getByTestId('extract').click();
    const error = page.getByTestId('extract-error');
    await expect(error).toContainText('Not enough storage in this browser to store the activations of demo-en.conllu: about 3.7 MB needed');
    await expect(error).toContainText('delete stored activations in the Storage panel (or runs in the run list)');

    // A corpus that cannot be stored does not replace the one loaded.
    await page.getByTestId('corpus-input').setInputFiles(EWT_DEV);
    await expect(page.getByTestId('corpus-error')).toContainText('Not enough storage in this browser to store en_ewt-ud-dev.conllu');
    await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');

    // With room again, the same steps work.
    await capQuota(page, 2 ** 40);
    await page.getByTestId('extract').click();
    await expect(page.getByTestId('result-words')).toHaveText('1,527');
  });
});

test('a stored run that breaks its view is contained, and can be discarded', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  // A record as an old import could leave it: an object where the model name belongs.
  await page.evaluate(
    () =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('salient');
        open.onsuccess = () => {
          const tx = open.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put({
            id: 'evil',
            createdAt: '2026-01-01T00:00:00Z',
            status: 'done',
            stage: 'done',
            activationIds: {},
            settings: { model: { evil: 1 }, task: 'upos', corpora: [] },
            result: { labels: { evil: 1 } },
          });
          tx.oncomplete = () => (open.result.close(), done());
          tx.onerror = () => fail(tx.error);
        };
        open.onerror = () => fail(open.error);
      }),
  );
  await page.reload();
  // The run list cannot show it; the rest of the page still works.
  await expect(page.getByTestId('panel-error')).toContainText('The run list could not be shown');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await page.goto('/#/run/evil/heatmap');
  const broken = page.getByTestId('panel-error').filter({ hasText: 'This run could not be shown' });
  await expect(broken).toBeVisible();
  await broken.getByTestId('discard-broken-run').click();
  await expect(page).toHaveURL(/#\/$/);
  await page.reload();
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
});

test.describe('a link carrying ?hub=', () => {
  let hub: { server: Server; url: string };
  const requests: string[] = [];
  test.beforeAll(async () => {
    hub = await startHubServer({ root: MODELS, onRequest: (url) => requests.push(url) });
  });
  test.afterAll(() => hub.server.close());

  test('fetches nothing from that host until the user confirms it, and names it in the model id', async ({ page }) => {
    await page.goto(`/?hub=${encodeURIComponent(hub.url)}`);
    await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
    await page.getByText('Popular models', { exact: true }).click();
    await expect(page.getByTestId('hub-confirm')).toContainText(`sends model downloads to another server: ${hub.url}`);
    await page.getByText('Hub id', { exact: true }).click();
    await page.getByPlaceholder('owner/name').fill('fixtures/tiny-bert-en');
    await page.waitForTimeout(1500);
    expect(requests).toEqual([]);
    await expect(page.getByTestId('load-model')).toBeDisabled();

    await page.getByTestId('hub-trust').click();
    await expect(page.getByTestId('hub-host')).toContainText(hub.url);
    await expect(page.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
    await page.getByTestId('load-model').click();
    await expect(page.getByTestId('model-info')).toContainText(`${hub.url}/fixtures/tiny-bert-en`);
    expect(requests.length).toBeGreaterThan(0);

    // Choosing huggingface.co instead is one click, and is remembered.
    await page.goto(`/?hub=${encodeURIComponent('http://127.0.0.1:9')}`);
    await page.getByText('Popular models', { exact: true }).click();
    await page.getByTestId('hub-default').click();
    await expect(page.getByTestId('hub-confirm')).toHaveCount(0);
    await expect(page.getByTestId('hub-host')).toHaveCount(0);
  });
});
