/**
 * npm run bench:static — the static build (dist/) on a plain host under a sub-path, no COOP/COEP
 * headers, as a researcher meets it:
 *  - first visit (nothing stored): time until the app is on screen, and until the service worker's
 *    reload has made it cross-origin isolated (threads on);
 *  - repeat visit (a new tab, everything from the service worker's cache): time until the app is on screen;
 *  - what one thread costs: words/s extracting EWT dev sentences through tiny-bert-en with threads (service
 *    worker on) and on one thread (service workers blocked, as in a private window that refuses them),
 *    alternated, medians.
 * Times are from navigation start to the demo corpus's name on screen. Medians of ROUNDS (5) fresh browser contexts,
 * and of EXTRACT_ROUNDS (3) extractions of the first SENTENCES (800) sentences each way. On a loaded machine threads
 * buy nothing (they wait for cores), so run it on a quiet one.
 * Last line: `static first_visit_ms=… first_isolated_ms=… repeat_visit_ms=… threaded_words_per_s=… single_words_per_s=… single_thread_cost=…`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext } from '@playwright/test';
import { build } from 'vite';
import { startHubServer } from '../src/node/hubServer';
import { serveStatic } from '../src/node/staticServer';
import { EWT, launchChromium, log, MODELS, ROOT } from './shared';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const EXTRACT_ROUNDS = Number(process.env.EXTRACT_ROUNDS ?? 3);
const SENTENCES = Number(process.env.SENTENCES ?? 800);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function context(browser: Browser, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ serviceWorkers });
  await ctx.addInitScript('globalThis.__name = (fn) => fn;'); // tsx's keepNames wrapper in evaluated functions
  return ctx;
}

async function visits(browser: Browser, url: string): Promise<{ first: number; isolated: number; repeat: number }> {
  const ctx = await context(browser, 'allow');
  const page = await ctx.newPage();
  let started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByTestId('corpus-name').waitFor();
  const first = Date.now() - started;
  await page.waitForFunction(() => crossOriginIsolated && document.querySelector('[data-testid="corpus-name"]'), null, { polling: 10 });
  const isolated = Date.now() - started;
  await page.close();
  const again = await ctx.newPage();
  started = Date.now();
  await again.goto(url, { waitUntil: 'commit' });
  await again.getByTestId('corpus-name').waitFor();
  const repeat = Date.now() - started;
  if (!(await again.evaluate(() => crossOriginIsolated))) throw new Error('the repeat visit is not cross-origin isolated');
  await ctx.close();
  return { first, isolated, repeat };
}

async function extraction(browser: Browser, url: string, hub: string, serviceWorkers: 'allow' | 'block', text: string) {
  const ctx = await context(browser, serviceWorkers);
  const page = await ctx.newPage();
  if (serviceWorkers === 'allow') {
    await page.goto(url);
    await page.waitForFunction(() => crossOriginIsolated);
  }
  await page.goto(`${url}harness.html`);
  await page.waitForFunction(() => window.salientReady);
  const result = await page.evaluate(
    async ({ text, hub }) => {
      const info = await window.salient.openModel({ kind: 'hub', id: 'fixtures/tiny-bert-en', host: hub }, { backend: 'wasm' });
      const loaded = await window.salient.loadCorpus('ewt-dev-part.conllu', text);
      if (!loaded.ok) throw new Error(loaded.error.message);
      const done = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', batchSize: 32, reuseStored: false });
      return { isolated: crossOriginIsolated, threads: info.backend.threads, wordsPerSecond: done.rows / done.seconds };
    },
    { text, hub },
  );
  await ctx.close();
  return result;
}

if (!process.env.BENCH_NO_BUILD) await build({ root: ROOT, logLevel: 'warn' });
const app = await serveStatic({ root: resolve(ROOT, 'dist'), mount: '/lab/salient/' });
const hub = await startHubServer({ root: MODELS, corp: false });
const browser = await launchChromium();
const corpus = readFileSync(resolve(EWT, 'en_ewt-ud-dev.conllu'), 'utf8').split(/\n\n/).slice(0, SENTENCES).join('\n\n') + '\n\n';
try {
  const loads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const v = await visits(browser, app.url);
    log(`visit round ${round + 1}: first ${v.first} ms (isolated at ${v.isolated} ms), repeat ${v.repeat} ms`);
    loads.push(v);
  }
  const threaded: number[] = [];
  const single: number[] = [];
  for (let round = 0; round < EXTRACT_ROUNDS; round++) {
    for (const mode of round % 2 ? (['block', 'allow'] as const) : (['allow', 'block'] as const)) {
      const r = await extraction(browser, app.url, hub.url, mode, corpus);
      if ((mode === 'allow') !== r.isolated || (mode === 'allow' ? r.threads < 2 : r.threads !== 1)) throw new Error(`unexpected isolation ${r.isolated} / ${r.threads} threads with service workers ${mode}`);
      (mode === 'allow' ? threaded : single).push(r.wordsPerSecond);
      log(`extraction round ${round + 1}, ${mode === 'allow' ? `${r.threads} threads` : '1 thread'}: ${Math.round(r.wordsPerSecond)} words/s`);
    }
  }
  const t = median(threaded);
  const s = median(single);
  console.log(
    `static first_visit_ms=${median(loads.map((l) => l.first))} first_isolated_ms=${median(loads.map((l) => l.isolated))} repeat_visit_ms=${median(loads.map((l) => l.repeat))} ` +
      `threaded_words_per_s=${Math.round(t)} single_words_per_s=${Math.round(s)} single_thread_cost=${(t / s).toFixed(2)}`,
  );
} finally {
  await browser.close();
  app.server.close();
  hub.server.close();
}
