/**
 * NeuroX activations into and out of the app: EWT dev extracted by the CLI (as a
 * cluster job would) into a float16 HDF5 file, imported with its .word/.upos files,
 * probed with no model loaded, and exported again as NeuroX files.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MODELS, SHARED } from './fixtures';

const NEUROX = resolve(SHARED, 'data/ud-english-ewt/neurox');
const activations = join(mkdtempSync(join(tmpdir(), 'salient-acts-')), 'en_ewt-ud-dev.hdf5');

test.beforeAll(() => {
  execFileSync(process.execPath, ['bin/salient.mjs', 'extract', '--model', join(MODELS, 'tiny-bert-en'), '--corpus', join(NEUROX, 'en_ewt-ud-dev.word'), '--dtype', 'float16', '--out', activations], { stdio: 'pipe' });
});

test('a run on imported NeuroX activations needs no model, and exports NeuroX files', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-activations').setInputFiles(activations);
  await page.getByTestId('import-words').setInputFiles(join(NEUROX, 'en_ewt-ud-dev.word'));
  await page.getByTestId('import-labels').setInputFiles(join(NEUROX, 'en_ewt-ud-dev.upos'));
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-result')).toContainText('2,001 sentences, 25,147 words', { timeout: 120_000 });
  await expect(page.getByTestId('import-result')).toContainText('5 layers × 256 neurons, float16');

  // No model is loaded: the run uses the imported activations.
  await expect(page.getByTestId('run-source')).toHaveValue('imported');
  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('run-lca').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 600_000 });
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-neurons', '256');
  const oracle = Number((await page.getByTestId('summary-oracle').textContent())!.replace('%', ''));
  expect(oracle).toBeGreaterThan(40); // far above the majority class (~17%)

  await page.getByTestId('view-neuron').click();
  await page.getByRole('button', { name: 'top-ranked neuron' }).click();
  await expect(page.getByTestId('top-words').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('typed-sentence')).toBeDisabled();

  await page.getByTestId('run-view').getByText('NeuroX files', { exact: true }).click();
  let download = page.waitForEvent('download');
  await page.getByTestId('export-activations').click();
  const hdf5 = readFileSync(await (await download).path());
  expect(hdf5.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  download = page.waitForEvent('download');
  await page.getByTestId('export-neurox-ranking').click();
  const ranking = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(ranking.ordering.length + (ranking.unranked?.length ?? 0)).toBe(1280);
});
