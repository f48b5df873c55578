/** Paths to the shared fixtures (read in place, never copied) and small helpers for the journeys. */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

export const SHARED = resolve(import.meta.dirname, '../../shared');
export const MODELS = resolve(SHARED, 'models');
export const EWT_DEV = resolve(SHARED, 'data/ud-english-ewt/en_ewt-ud-dev.conllu');
export const SCREENSHOTS = resolve(import.meta.dirname, '../test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}
