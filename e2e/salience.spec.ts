/**
 * Where a property lives (issue 11): on a slice of EWT dev through tiny-bert-en, three properties
 * (UPOS, suffix:3, DEPREL) probed on one extraction, then every view that shows where they live —
 * the salience heatmap (top k%, legend, sorted rows, raw |W|), class × layer with click-through,
 * properties × layers and overlap (equal to the runs' result files), reverse search (word, live word,
 * class), a share link whose top words equal the sender's, and the HTML report opened from disk.
 */
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { axeViolations, EWT_DEV, loadLocalModel, screenshot, SCREENSHOTS } from './fixtures';

test.describe.configure({ mode: 'serial' });

const LAYERS = 5;
const NPL = 256;
const TOTAL = LAYERS * NPL;
/** The first 150 sentences of EWT dev (read in place, uploaded from memory); 3 epochs keep three full runs to minutes. */
const SLICE = readFileSync(EWT_DEV, 'utf8').split(/\n\n/).slice(0, 150).join('\n\n') + '\n\n';
const TASKS = ['upos', 'deprel', 'suffix:3'];

interface Result {
  task: string;
  labels: string[];
  ranking: { ordering: number[]; perClass: Record<string, number[]> };
}

let context: BrowserContext;
let page: Page;
let runIds: string[];
const results: Result[] = [];
const layerOf = (n: number) => Math.floor(n / NPL);
const top = (r: Result, percent: number) => r.ranking.ordering.slice(0, Math.max(1, Math.round((TOTAL * percent) / 100)));
const histogram = (neurons: number[]) => neurons.reduce((h, n) => (h[layerOf(n)]++, h), new Array(LAYERS).fill(0));
const readDownload = async (d: Promise<Download>) => readFileSync((await (await d).path())!, 'utf8');

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
test.afterAll(() => context.close());

test('three properties on one extraction land on properties × layers, equal to their result files', async () => {
  test.setTimeout(1_800_000);
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en');
  await page.getByTestId('corpus-input').setInputFiles({ name: 'en_ewt-dev-150.conllu', mimeType: 'text/plain', buffer: Buffer.from(SLICE) });
  await expect(page.getByTestId('corpus-words')).toBeVisible();
  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('also-deprel').check();
  await page.getByTestId('also-custom').fill('suffix:3');
  await page.getByText('Advanced settings').click();
  await page.getByLabel('Epochs').fill('3');
  await expect(page.getByTestId('run-lca')).toHaveText('Run LCA for 3 properties');
  await page.getByTestId('run-lca').click();
  await expect(page.getByTestId('property-progress')).toContainText('Property 1 of 3: upos');
  await expect(page.getByTestId('property-progress')).toContainText('Property 2 of 3: deprel (activations reused from the first property)', { timeout: 900_000 });
  await page.getByTestId('properties-view').waitFor({ timeout: 1_500_000 });
  runIds = new URL(page.url()).hash.split('/').slice(2);
  expect(runIds).toHaveLength(3);

  // Each property is a full run: its result JSON comes from its own run view.
  for (const id of runIds) {
    await page.goto(`/#/run/${id}`);
    await page.locator('[data-testid="run-view"][data-status="done"]').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    results.push(JSON.parse(await readDownload(download)));
  }
  expect(results.map((r) => r.task)).toEqual(TASKS);

  await page.goto(`/#/properties/${runIds.join('/')}`);
  await page.getByTestId('properties-view').waitFor();
  for (const percent of [5, 10]) {
    await page.getByTestId('properties-percent').selectOption(String(percent));
    const sets = results.map((r) => top(r, percent));
    for (const [i, set] of sets.entries()) {
      const counts = histogram(set);
      for (let l = 0; l < LAYERS; l++) await expect(page.getByTestId(`property-share-${i}-${l}`)).toHaveAttribute('data-count', String(counts[l]));
      const mean = counts.reduce((s, c, l) => s + c * l, 0) / set.length;
      await expect(page.getByTestId(`property-mean-${i}`)).toHaveText(mean.toFixed(2));
    }
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        if (a === b) continue;
        const other = new Set(sets[b]);
        await expect(page.getByTestId(`overlap-${a}-${b}`)).toHaveAttribute('data-shared', String(sets[a].filter((n) => other.has(n)).length));
      }
  }
  await page.getByTestId('properties-percent').selectOption('5');
  await screenshot(page, 'properties');
});

test('the heatmap colours the top k% by rank, with a legend, sorted rows and raw |W|', async () => {
  const upos = results[0];
  await page.goto(`/#/run/${runIds[0]}`);
  await expect(page.getByTestId('heatmap-legend')).toBeVisible();
  await expect(page.getByTestId('heatmap-legend')).toContainText('rank 1');
  const perLayer = (percent: number) => histogram(top(upos, percent)).map((c, l) => `${l === 0 ? 'emb' : `L${l}`} ${c}`).join(' · ');
  await expect(page.getByTestId('top-per-layer')).toContainText(perLayer(5));
  await page.getByTestId('heatmap-k').fill('12.5');
  await expect(page.getByTestId('heatmap-k-value')).toHaveText('12.5%');
  await expect(page.getByTestId('top-per-layer')).toContainText(perLayer(12.5));
  await expect(page.getByTestId('heatmap-legend')).toContainText(String(top(upos, 12.5).length));
  await screenshot(page, 'heatmap-topk');

  // Sorted: the first cell of each row is that layer's best-ranked neuron.
  await page.getByTestId('heatmap-sorted').check();
  const cells = page.getByTestId('heatmap-cells');
  const box = (await cells.boundingBox())!;
  for (const layer of [0, 3]) {
    const best = upos.ranking.ordering.find((n) => layerOf(n) === layer)!;
    await cells.hover({ position: { x: 0.5 * (box.width / NPL), y: ((layer + 0.5) / LAYERS) * box.height } });
    await expect(page.getByTestId('heatmap-tooltip')).toContainText(`neuron ${best % NPL} (#${best})`);
  }
  await screenshot(page, 'heatmap-sorted');
  // Raw |W|, per class, still there.
  await page.getByTestId('heatmap-color').selectOption('weight');
  await expect(page.getByTestId('heatmap-legend')).toContainText('|weight|');
  await page.getByTestId('heatmap-class').selectOption('NOUN');
  await expect(page.getByTestId('heatmap-legend')).toContainText('for NOUN');
});

test('class × layer counts equal the per-class lists, and a cell opens that class’s neurons there', async () => {
  const upos = results[0];
  await page.getByTestId('view-layers').click();
  const noun = upos.ranking.perClass.NOUN;
  const counts = histogram(noun);
  for (let l = 0; l < LAYERS; l++) await expect(page.getByTestId(`class-layer-NOUN-${l}`)).toHaveAttribute('data-count', String(counts[l]));
  const layer = counts.indexOf(Math.max(...counts));
  await page.getByTestId(`class-layer-NOUN-${layer}`).click();
  const expected = noun.filter((n) => layerOf(n) === layer);
  await expect(page.getByTestId('class-layer-neuron')).toHaveCount(expected.length);
  await page.getByTestId('class-layer-mode').selectOption('shares');
  await screenshot(page, 'class-layers');
  await page.getByTestId('class-layer-neuron').first().click();
  await expect(page).toHaveURL(new RegExp(`#/run/${runIds[0]}/layer/${layer}/neuron/${expected[0] % NPL}$`));
  await expect(page.getByTestId('top-words').locator('li').first()).toBeVisible();
});

test('reverse search: a word, a word the corpus lacks (extracted live), a class', async () => {
  const upos = results[0];
  await page.goto(`/#/run/${runIds[0]}/search`);
  await page.getByTestId('search-word').fill('the');
  await page.getByTestId('search-word-go').click();
  await expect(page.getByTestId('word-results')).toHaveAttribute('data-matched', 'exact');
  await expect(page.getByTestId('word-results-summary')).toContainText('occurrences of “the”');
  await expect(page.getByTestId('word-result')).toHaveCount(30);
  await screenshot(page, 'search');

  await page.getByTestId('search-word').fill('Zanzibarquux');
  await page.getByTestId('search-word-go').click();
  await expect(page.getByTestId('word-results')).toHaveAttribute('data-matched', 'live');
  await expect(page.getByTestId('word-results-summary')).toContainText(/extracted live with \S*tiny-bert-en/);
  await expect(page.getByTestId('word-result')).toHaveCount(30);

  await page.getByTestId('search-class').selectOption('VERB');
  const verb = upos.ranking.perClass.VERB;
  await expect(page.getByTestId('class-result')).toHaveCount(Math.min(30, verb.length));
  await expect(page.getByTestId('class-result').first()).toHaveAttribute('data-neuron', String(verb[0]));
  const first = Number(await page.getByTestId('word-result').first().getAttribute('data-neuron'));
  await page.getByTestId('word-result').first().click();
  await expect(page).toHaveURL(new RegExp(`#/run/${runIds[0]}/layer/${layerOf(first)}/neuron/${first % NPL}$`));
});

test('a share link carries the top neurons’ top words: the recipient sees the sender’s', async ({ browser }) => {
  const upos = results[0];
  const words = async (p: Page) => (await p.getByTestId('top-words').locator('li span[dir="auto"]').allTextContents()).slice(0, 10);
  const picks = [upos.ranking.ordering[0], upos.ranking.ordering[7]];
  const sender: string[][] = [];
  for (const n of picks) {
    await page.goto(`/#/run/${runIds[0]}/layer/${layerOf(n)}/neuron/${n % NPL}`);
    await expect(page.getByTestId('neuron-title')).toContainText(`Neuron ${n}:`);
    await expect.poll(async () => (await words(page)).length).toBeGreaterThan(0);
    sender.push(await words(page));
  }
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  for (const [i, n] of picks.entries()) {
    await other.goto(url.replace(/\/layer\/\d+\/neuron\/\d+$/, '') + `/layer/${layerOf(n)}/neuron/${n % NPL}`);
    await expect(other.getByTestId('neuron-title')).toContainText(`Neuron ${n}:`);
    await expect.poll(() => words(other)).toEqual(sender[i]);
  }
  await screenshot(other, 'shared-neuron');
  await fresh.close();
});

test('the new views pass axe (WCAG 2 A/AA)', async () => {
  for (const hash of [`#/properties/${runIds.join('/')}`, `#/run/${runIds[0]}`, `#/run/${runIds[0]}/layers`, `#/run/${runIds[0]}/search`]) {
    await page.goto(`/${hash}`);
    await page.locator('[data-testid="properties-view"], [data-testid="run-view"]').first().waitFor();
    if (hash.endsWith('/layers')) await page.getByTestId('class-layer-NOUN-0').click();
    if (hash.endsWith('/search')) await page.getByTestId('search-class').selectOption('NOUN');
    expect(await axeViolations(page), hash).toEqual([]);
  }
});

test('the HTML report opens from disk, offline, with every chart', async ({ browser }) => {
  await page.goto(`/#/run/${runIds[0]}`);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const html = await readDownload(download);
  const file = resolve(SCREENSHOTS, '..', 'salient-report.html');
  writeFileSync(file, html);

  const offline = await browser.newContext({ offline: true });
  const report = await offline.newPage();
  const requests: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  await report.goto(`file://${file}`);
  await expect(report.locator('h1')).toContainText(/upos in \S*tiny-bert-en/);
  for (const chart of ['figure[data-chart="heatmap"] svg', '[data-testid="chart-report-layers"] svg', '[data-testid="class-layer-grid"]', '[data-testid="chart-oracle"] svg', '[data-testid="chart-ablation-retrain"] svg', '[data-testid="chart-ablation-zeroOut"] svg', '[data-testid="chart-layerwise"] svg']) {
    const svg = report.locator(chart).first();
    await expect(svg, chart).toBeVisible();
    expect((await svg.boundingBox())!.height, chart).toBeGreaterThan(20);
  }
  await expect(report.locator('[data-testid="report-neuron"]')).toHaveCount(10);
  await expect(report.locator('[data-testid="report-neuron"]').first().locator('.activation-text').first()).toBeVisible();
  await expect(report.locator('[data-testid="report-top-words"] li').first()).toBeVisible();
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  await report.screenshot({ path: resolve(SCREENSHOTS, 'report.png'), fullPage: false });
  await offline.close();
});
