/**
 * npm run bench:ui — what a researcher waits for and feels in the explorer, in headless Chromium:
 *  1. time to first heatmap: open the app (nothing cached), load tiny-bert-en, upload EWT dev,
 *     run LCA for UPOS, until the heatmap is on screen;
 *  2. hover frame time on a 13 × 768 heatmap (a BERT-base-sized run written into IndexedDB):
 *     real mouse moves across the cells; per move, the work the page does (capture → bubble of
 *     pointermove: hit test, overlay redraw, tooltip), and the intervals between animation frames.
 * Last line: `ui first_heatmap_s=<s> hover_frame_ms=<p95 work per move>`.
 */
import { resolve } from 'node:path';
import { EWT, launchChromium, log, serveApp } from './shared';

const LAYERS = 13;
const NEURONS = 768;
const MOVES = 400;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

const { server, url } = await serveApp();
const chromium = await launchChromium();
try {
  const context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript('globalThis.__name = (fn) => fn;'); // tsx's keepNames wrapper, in page functions
  const page = await context.newPage();

  // 1. Time to first heatmap.
  const started = Date.now();
  await page.goto(url);
  await page.getByTestId('local-model').selectOption('local/tiny-bert-en');
  await page.getByTestId('load-model').click();
  await page.getByTestId('model-layers').waitFor({ timeout: 120_000 });
  const modelLoaded = (Date.now() - started) / 1000;
  await page.getByTestId('corpus-input').setInputFiles(resolve(EWT, 'en_ewt-ud-dev.conllu'));
  await page.getByTestId('corpus-words').filter({ hasText: '25,147' }).waitFor();
  await page.getByTestId('task-select').selectOption('upos');
  const runStarted = Date.now();
  await page.getByTestId('run-lca').click();
  await page.getByTestId('heatmap-cells').waitFor({ timeout: 600_000 });
  const firstHeatmap = (Date.now() - started) / 1000;
  log(`first heatmap: ${firstHeatmap.toFixed(1)} s from opening the page (model loaded after ${modelLoaded.toFixed(1)} s; run ${((Date.now() - runStarted) / 1000).toFixed(1)} s)`);

  // 2. A 13 × 768 run, stored as the app stores runs, opened on its heatmap.
  const runId = await page.evaluate(
    ({ layers, neurons }) =>
      new Promise<string>((done, fail) => {
        const total = layers * neurons;
        const ordering = Array.from({ length: total }, (_, i) => (i * 7919) % total);
        const values = Float32Array.from({ length: 17 * total }, (_, i) => Math.abs(Math.sin(i * 12.9898)) ** 4);
        const labels = Array.from({ length: 17 }, (_, i) => `C${i}`);
        const score = { accuracy: 0.9, perClass: Object.fromEntries(labels.map((l) => [l, 0.9])) };
        const run = {
          id: 'bench-13x768',
          createdAt: new Date().toISOString(),
          status: 'done',
          stage: 'done',
          activationIds: {},
          settings: { model: 'bench/bert-base-shaped', onnxFile: 'onnx/model.onnx', corpora: [{ split: 'train', name: 'synthetic', hash: 'x', sentences: 1, words: 1 }], task: 'upos', aggregation: 'last', lambda1: 1e-5, lambda2: 1e-5, epochs: 10, seed: 1, minLabelCount: 1, maxTrainTokens: 150000, balance: false },
          result: {
            model: 'bench', task: 'upos', labels, layers, neuronsPerLayer: neurons, counts: { train: 1, dev: 1, test: 1 },
            oracle: { dev: score, test: score }, control: null, selectivity: null,
            ranking: { ordering, perClass: Object.fromEntries(labels.map((l, i) => [l, ordering.slice(i * 10, i * 10 + 40)])) },
            ablation: null, minimalSet: null, layerwise: null, layerDistribution: new Array(layers).fill(0), timings: {},
          },
          weights: { classes: 17, dims: total, values },
        };
        const open = indexedDB.open('salient');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put(run);
          tx.oncomplete = () => done(run.id);
          tx.onerror = () => fail(tx.error);
        };
      }),
    { layers: LAYERS, neurons: NEURONS },
  );
  await page.goto(`${url}/#/run/${runId}`);
  const cells = page.getByTestId('heatmap-cells');
  await cells.waitFor();
  const box = (await cells.boundingBox())!;
  log(`13 × 768 heatmap: ${Math.round(box.width)} × ${Math.round(box.height)} px`);

  await page.evaluate(() => {
    const w = window as unknown as { hoverWork: number[]; frames: number[]; moveStart: number };
    w.hoverWork = [];
    w.frames = [];
    window.addEventListener('pointermove', () => (w.moveStart = performance.now()), { capture: true });
    window.addEventListener('pointermove', () => w.hoverWork.push(performance.now() - w.moveStart));
    let last = performance.now();
    const tick = (now: number) => {
      w.frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // A sweep back and forth over every row: each move lands on a different cell.
  for (let i = 0; i < MOVES; i++) {
    const x = box.x + ((i * 37) % Math.floor(box.width - 2)) + 1;
    const y = box.y + (((i % LAYERS) + 0.5) / LAYERS) * box.height;
    await page.mouse.move(x, y);
  }
  const { hoverWork, frames } = await page.evaluate(() => {
    const w = window as unknown as { hoverWork: number[]; frames: number[] };
    return { hoverWork: w.hoverWork, frames: w.frames };
  });
  const tooltip = await page.getByTestId('heatmap-tooltip').textContent();
  log(`hover: ${hoverWork.length} moves; work per move median ${percentile(hoverWork, 50).toFixed(2)} ms, p95 ${percentile(hoverWork, 95).toFixed(2)} ms, max ${Math.max(...hoverWork).toFixed(2)} ms`);
  log(`frames during hover: ${frames.length}; interval median ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms (60 Hz = 16.7 ms)`);
  log(`last tooltip: ${tooltip}`);
  console.log(`ui first_heatmap_s=${firstHeatmap.toFixed(1)} hover_frame_ms=${percentile(hoverWork, 95).toFixed(2)}`);
} finally {
  await chromium.close();
  await server.close();
}
