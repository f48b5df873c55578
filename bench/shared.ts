/** Shared setup for the benchmarks: fixtures by path, a served build of the app, and Chromium. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { assertChromium, chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
export const SHARED = resolve(ROOT, '../shared');
export const MODELS = resolve(SHARED, 'models');
export const EWT = resolve(SHARED, 'data/ud-english-ewt');

/** Builds the app (unless dist/ exists and BENCH_NO_BUILD is set) and serves it with /hub → ../shared/models. */
export async function serveApp(): Promise<{ server: PreviewServer; url: string }> {
  process.env.MODELS_DIR = MODELS;
  if (!process.env.BENCH_NO_BUILD || !existsSync(resolve(ROOT, 'dist/index.html'))) await build({ root: ROOT, logLevel: 'warn' });
  const server = await preview({ root: ROOT, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!url) throw new Error('preview server has no URL');
  return { server, url };
}

export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
