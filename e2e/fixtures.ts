/** Paths to the shared fixtures (read in place, never copied) and small helpers for the journeys. */
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const SHARED = resolve(import.meta.dirname, '../../shared');
export const MODELS = resolve(SHARED, 'models');
export const EWT_DEV = resolve(SHARED, 'data/ud-english-ewt/en_ewt-ud-dev.conllu');
export const SCREENSHOTS = resolve(import.meta.dirname, '../test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Picks a model from the dev server's MODELS_DIR list and loads it. */
export async function loadLocalModel(page: Page, name: string): Promise<void> {
  await page.getByTestId('local-model').selectOption(`local/${name}`);
  await page.getByTestId('load-model').click();
  await page.getByTestId('model-layers').waitFor({ timeout: 120_000 });
}

/** Drops a corpus file on the corpus panel and waits for its word count. */
export async function loadCorpusFile(page: Page, file = EWT_DEV, words = '25,147'): Promise<void> {
  await page.getByTestId('corpus-input').setInputFiles(file);
  await expect(page.getByTestId('corpus-words')).toHaveText(words, { timeout: 60_000 });
}

/** Runs LCA on what is set up and waits for it to finish (a run of EWT dev takes about a minute here). */
export async function runLca(page: Page, task = 'upos'): Promise<string> {
  await page.getByTestId('task-select').selectOption(task);
  await page.getByTestId('run-lca').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 600_000 });
  return new URL(page.url()).hash.split('/')[2];
}

/** axe-core's violations on the page as it is now (WCAG 2 A/AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: resolve(import.meta.dirname, '../node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}
