/**
 * Runs over time: a reload in the middle of a run, resuming it, comparing a base
 * model with its fine-tuned version, and accessibility of every screen on the way.
 * Uses the bundled demo corpus (200 sentences), so runs take seconds.
 */
import { expect, test } from '@playwright/test';
import { axeViolations, loadLocalModel, runLca, screenshot } from './fixtures';

test('a run interrupted by a reload is marked, and resuming it finishes it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await loadLocalModel(page, 'tiny-bert-en');
  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('run-lca').click();
  // Reload once extraction is over and the probe is training: the activations are stored by then.
  await expect(page.locator('.stage.running')).toContainText(/probe|Rank|Control|Ablation|Minimal/, { timeout: 120_000 });
  await page.reload();
  await page.goto('/');
  const row = page.getByTestId('runs-list').locator('tr', { hasText: 'interrupted' });
  await expect(row).toBeVisible();
  await screenshot(page, 'interrupted');
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('[data-testid="run-view"][data-status="done"]')).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('summary-oracle')).toHaveText(/%$/);
  await page.goto('/');
  await expect(page.getByTestId('runs-list')).not.toContainText('interrupted');
});

test('compare tiny-bert-en with its sentiment fine-tune', async ({ page }) => {
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en');
  await runLca(page);
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en-sst');
  await runLca(page);
  await page.goto('/');
  const list = page.getByTestId('runs-list');
  await list.getByRole('checkbox', { name: /local\/tiny-bert-en upos/ }).check();
  await list.getByRole('checkbox', { name: /local\/tiny-bert-en-sst upos/ }).check();
  await page.getByTestId('compare-runs').click();
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('compare-a-Model')).toHaveText(/tiny-bert-en(-sst)?$/);
  await expect(page.getByTestId('compare-b-Oracle test accuracy')).toHaveText(/%$/);
  await expect(page.getByTestId('chart-compare-layers')).toBeVisible();
  // Same architecture: neuron i is the same unit in both, so the top neurons' overlap is shown.
  await expect(page.getByTestId('overlap')).toContainText('Jaccard');
  await screenshot(page, 'compare');
  expect(await axeViolations(page)).toEqual([]);
});

test('setup and result screens pass axe checks', async ({ page }) => {
  await page.goto('/');
  expect(await axeViolations(page)).toEqual([]);
  await loadLocalModel(page, 'tiny-bert-en');
  await runLca(page);
  for (const view of ['heatmap', 'layers', 'accuracy', 'classes', 'neuron']) {
    await page.getByTestId(`view-${view}`).click();
    if (view === 'neuron') await page.getByRole('button', { name: 'top-ranked neuron' }).click();
    if (view === 'neuron') await expect(page.getByTestId('top-words')).toBeVisible();
    expect(await axeViolations(page), view).toEqual([]);
  }
});
