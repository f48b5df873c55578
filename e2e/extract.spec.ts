import { expect, test } from '@playwright/test';
import { EWT_DEV, loadCorpusFile, loadLocalModel, screenshot } from './fixtures';

test('pick the local tiny-bert-en, load EWT dev, extract every layer', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The demo corpus is there out of the box.
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');

  await page.getByTestId('local-model').selectOption('local/tiny-bert-en');
  await expect(page.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-layers')).toContainText('5 (embeddings + 4) × 256');
  await expect(page.getByTestId('backend')).toContainText('wasm');

  await page.getByTestId('corpus-input').setInputFiles(EWT_DEV);
  await expect(page.getByTestId('corpus-words')).toHaveText('25,147');
  await expect(page.getByTestId('corpus-sentences')).toHaveText('2,001');

  await page.getByTestId('extract').click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('extract-result')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('result-layers')).toHaveText('5');
  await expect(page.getByTestId('result-words')).toHaveText('25,147');
  await expect(page.getByTestId('result-backend')).toHaveText('wasm');
  await screenshot(page, 'extract');

  // A reload finds the stored activations instead of recomputing.
  await page.reload();
  await loadLocalModel(page, 'tiny-bert-en');
  await loadCorpusFile(page);
  await page.getByTestId('extract').click();
  await expect(page.getByTestId('extract-result')).toContainText('no recomputation');
});

test('the page stays responsive during extraction, and cancel stops it', async ({ page }) => {
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en');
  await loadCorpusFile(page);

  // Watch animation frames on the UI thread while the worker extracts.
  await page.evaluate(() => {
    const w = window as unknown as { maxFrameGap: number };
    w.maxFrameGap = 0;
    let last = performance.now();
    const tick = (now: number) => {
      w.maxFrameGap = Math.max(w.maxFrameGap, now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByTestId('extract').click();
  await expect(page.getByTestId('progress')).toContainText('tokens/s');
  await page.waitForTimeout(1500);
  const gap = await page.evaluate(() => (window as unknown as { maxFrameGap: number }).maxFrameGap);
  expect(gap).toBeLessThan(500); // a frozen tab would show multi-second gaps

  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('extract-error')).toContainText('cancelled');
  await expect(page.getByText('interrupted')).toBeVisible();
  await expect(page.getByTestId('extract')).toBeEnabled();
});
