/**
 * The researcher's journey: set up, run LCA on EWT dev through tiny-bert-en, then
 * look: heatmap → neuron, typed sentences, accuracies equal to the result JSON,
 * share link in a fresh browser, reloads. One browser context for the whole file
 * (serial), so the run made first is the one explored after.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { EWT_DEV, loadLocalModel, runLca, screenshot } from './fixtures';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let runId: string;
let result: {
  labels: string[];
  layers: number;
  neuronsPerLayer: number;
  oracle: { dev: { accuracy: number }; test: { accuracy: number } };
  control: { test: { accuracy: number } };
  selectivity: number;
  ablation: Record<string, Record<string, { zeroOut: number; retrain: number }>>;
  layerwise: { layer: number; accuracy: number }[];
  layerDistribution: number[];
  ranking: { ordering: number[]; perClass: Record<string, number[]> };
  baseline: { majorityClass: string; dev: number; test: number; control: number | null; note: string | null };
  stability: { seeds: number[]; jaccard: { percent: number; mean: number }[]; inTop: number[] };
  agreement: { rankings: Record<'probe' | 'probeless' | 'ap', number[]>; overlap: { percent: number; a: string; b: string; shared: number; size: number; jaccard: number }[] };
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
});
test.afterAll(() => context.close());

test('run LCA for UPOS on EWT dev and land on the heatmap', async () => {
  test.slow(); // the whole run: three probe seeds, three rankers, ablations, minimal set, layer-wise probes
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en');
  await page.getByTestId('corpus-input').setInputFiles(EWT_DEV);
  await expect(page.getByTestId('corpus-words')).toHaveText('25,147');
  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('run-lca').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await expect(page.getByTestId('run-progress')).toContainText('tokens/s');
  await screenshot(page, 'run-progress');
  // The heatmap opens as soon as the neurons are ranked, while the ablations still run.
  await page.getByTestId('heatmap').waitFor({ timeout: 600_000 });
  runId = new URL(page.url()).hash.split('/')[2];
  await expect(page.getByTestId('run-status-banner')).toContainText('Still running');
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 600_000 });
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-layers', '5');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-neurons', '256');
  await screenshot(page, 'heatmap');
});

test('the numbers on screen equal the result JSON', async () => {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  result = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(result.layers).toBe(5);
  expect(result.labels.length).toBeGreaterThan(10);
  // Real relations on a weak fixture: well above the majority class, top neurons above bottom ones.
  expect(result.oracle.test.accuracy).toBeGreaterThan(0.4);
  expect(result.ablation.top['10'].retrain).toBeGreaterThan(result.ablation.bottom['10'].retrain);

  await expect(page.getByTestId('summary-oracle')).toHaveText(pct(result.oracle.test.accuracy));
  await page.getByTestId('view-accuracy').click();
  await expect(page.getByTestId('oracle-test')).toHaveText(pct(result.oracle.test.accuracy));
  await expect(page.getByTestId('oracle-dev')).toHaveText(pct(result.oracle.dev.accuracy));
  await expect(page.getByTestId('control-test')).toHaveText(pct(result.control.test.accuracy));
  await expect(page.getByTestId('selectivity')).toHaveText(pct(result.selectivity));
  for (const kind of ['top', 'random', 'bottom'])
    for (const p of ['10', '15', '20'])
      for (const mode of ['zeroOut', 'retrain'] as const)
        await expect(page.getByTestId(`ablation-${kind}-${p}-${mode}`)).toHaveText(pct(result.ablation[kind][p][mode]));
  for (const { layer, accuracy } of result.layerwise) await expect(page.getByTestId(`layerwise-${layer}`)).toHaveText(pct(accuracy));
  await expect(page.getByTestId('chart-ablation-retrain')).toBeVisible();
  await screenshot(page, 'accuracy');

  await page.getByTestId('view-layers').click();
  for (const [layer, count] of result.layerDistribution.entries()) {
    await expect(page.getByTestId(`layers-bar-${layer}-0`)).toContainText(`: ${count}`);
  }
  await screenshot(page, 'layers');
  await page.getByTestId('view-classes').click();
  await expect(page.getByTestId('classes-view')).toContainText('PUNCT');
  await screenshot(page, 'classes');
});

test('baselines, stability and agreement are on screen, and any ranking orders the heatmap and inspector', async () => {
  await expect(page.getByTestId('summary-majority')).toContainText(`“${result.baseline.majorityClass}” alone ${pct(result.baseline.test)}`);
  await page.getByTestId('view-accuracy').click();
  await expect(page.getByTestId('majority-test')).toHaveText(pct(result.baseline.test));
  await expect(page.getByTestId('majority-dev')).toHaveText(pct(result.baseline.dev));
  expect(result.stability.seeds).toEqual([1, 2, 3]);
  for (const j of result.stability.jaccard) await expect(page.getByTestId(`stability-${j.percent}`)).toHaveText(j.mean.toFixed(2));
  for (const o of result.agreement.overlap.filter((x) => x.percent === 10)) {
    const text = `${o.shared} of ${o.size} (${o.jaccard.toFixed(2)})`;
    await expect(page.getByTestId(`agreement-${o.a}-${o.b}`)).toHaveText(text);
    await expect(page.getByTestId(`agreement-${o.b}-${o.a}`)).toHaveText(text);
  }
  await screenshot(page, 'trust');

  await page.getByTestId('view-heatmap').click();
  await page.getByTestId('heatmap-color').selectOption('stable');
  await expect(page.getByTestId('heatmap')).toBeVisible();
  await page.getByTestId('ranker').selectOption('ap');
  await page.getByTestId('view-neuron').click();
  const top = result.agreement.rankings.ap[0];
  await page.getByRole('button', { name: 'top-ranked neuron' }).click();
  await expect(page.getByTestId('neuron-title')).toContainText(`Neuron ${top}:`);
  await expect(page.getByTestId('neuron-title')).toContainText('rank 1 of');
  await expect(page.getByTestId('neuron-ranks')).toContainText(`average precision 1`);
  await page.getByTestId('view-heatmap').click();
  await page.getByTestId('ranker').selectOption('probe');
});

test('charts download as SVG and PNG', async () => {
  await page.getByTestId('view-accuracy').click();
  for (const format of ['svg', 'png']) {
    const download = page.waitForEvent('download');
    await page.getByTestId(`chart-layerwise-${format}`).click();
    const file = readFileSync(await (await download).path());
    if (format === 'svg') expect(file.toString('utf8')).toContain('<svg');
    else expect(file.subarray(1, 4).toString('ascii')).toBe('PNG');
  }
});

test('clicking a heatmap cell opens that neuron with its top words; typed sentences light up', async () => {
  await page.getByTestId('view-heatmap').click();
  const cells = page.getByTestId('heatmap-cells');
  const box = (await cells.boundingBox())!;
  // The top-ranked neuron's cell: hover shows its details, click opens it.
  const top = result.ranking.ordering[0];
  const layer = Math.floor(top / 256);
  const unit = top % 256;
  const x = ((unit + 0.5) / 256) * box.width;
  const y = ((layer + 0.5) / 5) * box.height;
  await cells.hover({ position: { x, y } });
  await expect(page.getByTestId('heatmap-tooltip')).toContainText(`neuron ${unit} (#${top})`);
  await expect(page.getByTestId('heatmap-tooltip')).toContainText('rank 1');
  await cells.click({ position: { x, y } });
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}/layer/${layer}/neuron/${unit}$`));
  await expect(page.getByTestId('neuron-title')).toContainText(`unit ${unit} — rank 1 of 1280`);
  await expect(page.getByTestId('top-words').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('histogram')).toBeVisible();
  await expect(page.getByTestId('activation-text').first()).toBeVisible();

  await page.getByTestId('typed-sentence').fill('She quickly wrote three letters to her friends .');
  const typed = page.locator('section[aria-labelledby="typed-heading"] [data-testid="activation-text"] span');
  await expect(typed).toHaveCount(9);
  expect(Number(await typed.nth(1).getAttribute('data-value'))).not.toBeNaN();
  await screenshot(page, 'neuron');

  await page.getByTestId('next-neuron').click();
  await expect(page.getByTestId('neuron-title')).toContainText('rank 2 of 1280');
});

test('the heatmap works from the keyboard', async () => {
  await page.getByTestId('view-heatmap').click();
  await page.getByTestId('heatmap').focus();
  for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}/layer/1/neuron/3$`));
  await expect(page.getByTestId('neuron-title')).toContainText('layer 1, unit 3');
});

test('the share link opens in a fresh browser with the same heatmap and numbers', async ({ browser }) => {
  await page.getByTestId('view-accuracy').click();
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toContain('#/share/v1.');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('run-view')).toBeVisible();
  await expect(other.getByTestId('oracle-test')).toHaveText(pct(result.oracle.test.accuracy));
  await expect(other.getByTestId('selectivity')).toHaveText(pct(result.selectivity));
  await expect(other.getByTestId('ablation-top-10-retrain')).toHaveText(pct(result.ablation.top['10'].retrain));
  await other.getByTestId('view-heatmap').click();
  await expect(other.getByTestId('heatmap')).toHaveAttribute('data-neurons', '256');
  await other.getByTestId('view-layers').click();
  await expect(other.getByTestId('layers-bar-0-0')).toContainText(`: ${result.layerDistribution[0]}`);
  await screenshot(other, 'shared');

  // A neuron link in the shared run names exactly what its activations need.
  const top = result.ranking.ordering[0];
  await other.goto(url.replace(/\/accuracy$/, '') + `/layer/${Math.floor(top / 256)}/neuron/${top % 256}`);
  await expect(other.getByTestId('neuron-title')).toContainText('rank 1 of 1280');
  await expect(other.getByTestId('shared-needs')).toContainText('en_ewt-ud-dev.conllu');
  await expect(other.getByTestId('shared-needs')).toContainText('local/tiny-bert-en');
  await fresh.close();
});

test('damaged, tampered and oversized share links get a clear message', async () => {
  const cases: [string, RegExp][] = [
    ['#/share/v1.AAAA', /damaged or truncated|not valid JSON/],
    ['#/share/v7.AAAA', /version 7/],
    ['#/share/v1.' + 'A'.repeat(500_000), /too long/],
    ['#/share/%3Cimg%20src=x%20onerror=alert(1)%3E', /characters/],
    ['#/run/nope/whatever/else', /not a view/],
  ];
  for (const [hash, message] of cases) {
    await page.goto(`/${hash}`);
    await expect(page.getByRole('alert')).toContainText(message);
  }
  expect(await page.locator('img').count()).toBe(0);
});

test('after a reload the run list is there and the run opens', async () => {
  await page.goto('/');
  await expect(page.getByTestId(`run-${runId}`)).toContainText('done');
  await page.getByTestId(`run-${runId}`).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('summary-oracle')).toHaveText(pct(result.oracle.test.accuracy));
  // A deep link to a neuron works after a reload too (activations come back from IndexedDB).
  await page.goto(`/#/run/${runId}/layer/2/neuron/7`);
  await expect(page.getByTestId('neuron-title')).toContainText('layer 2, unit 7');
  await expect(page.getByTestId('top-words').locator('li').first()).toBeVisible();
});
