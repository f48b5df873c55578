/**
 * npm run bench:probe — trains the probe with its defaults (λ1 = λ2 = 1e-5, 10 epochs,
 * Adam lr 1e-3, batch 32) on cached activations of tiny-bert-en (all 5 layers × 256)
 * for UPOS on the first 50,000 words of EWT train, in Node and in headless Chromium
 * (in the app's LCA worker), and reports test accuracy on EWT test.
 * Last line: `probe node_s=<s> browser_s=<s> accuracy=<acc>`.
 * Reference: NeuroX's PyTorch probe took 8.6 s for this work on a 2-core machine (test accuracy 0.716).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { parseConllu } from '../src/core/corpus';
import { loadModel } from '../src/core/model/loadModel';
import type { OrtApi } from '../src/core/model/ort';
import { evaluateProbe, Float16FeatureMatrix, trainLogisticProbe } from '../src/core/probe';
import { extractToStore, memoryStore } from '../src/core/run';
import { buildTask } from '../src/core/tasks';
import { fsModelSource } from '../src/node/fsModelSource';
import { benchPage, EWT, launchChromium, log, MODELS, ROOT, serveApp, serveFolder } from './shared';

const TRAIN_WORDS = 50_000;
const CACHE = resolve(ROOT, '.cache/bench-probe');

interface Split {
  data: Uint16Array;
  rows: number;
  dims: number;
  y: Int32Array;
}

/** Activations of all layers side by side (float16), one row per example, cached on disk. */
async function cachedSplits(): Promise<{ train: Split; test: Split; classes: number }> {
  const meta = resolve(CACHE, 'meta.json');
  if (existsSync(meta)) {
    const { classes, train, test } = JSON.parse(readFileSync(meta, 'utf8'));
    const load = (name: string, m: { rows: number; dims: number }): Split => ({
      ...m,
      data: new Uint16Array(readFileSync(resolve(CACHE, `${name}.f16`)).buffer.slice(0)),
      y: new Int32Array(readFileSync(resolve(CACHE, `${name}.y`)).buffer.slice(0)),
    });
    return { classes, train: load('train', train), test: load('test', test) };
  }
  log('extracting activations once (cached in .cache/bench-probe)…');
  const ort = ortNode as unknown as OrtApi;
  const model = await loadModel(fsModelSource(resolve(MODELS, 'tiny-bert-en')), ort);
  const corpora = {
    train: parseConllu(readFileSync(resolve(EWT, 'en_ewt-ud-train.conllu'), 'utf8'), 'en_ewt-ud-train.conllu'),
    test: parseConllu(readFileSync(resolve(EWT, 'en_ewt-ud-test.conllu'), 'utf8'), 'en_ewt-ud-test.conllu'),
  };
  const task = buildTask({ kind: 'column', column: 'upos' }, { ...corpora, dev: corpora.test }, { maxTrainTokens: TRAIN_WORDS });
  const splits: Record<string, Split> = {};
  for (const name of ['train', 'test'] as const) {
    const taskSplit = task[name];
    const sentences = corpora[name].sentences.map((s) => s.words);
    const needed = name === 'train' ? sentences.slice(0, sentenceCount(sentences, Math.max(...taskSplit.rows) + 1)) : sentences;
    const key = { model: model.id, corpusHash: name, aggregation: 'last', includeSpecialTokens: false, dtype: 'float16' } as const;
    const { store } = await extractToStore(model, ort, needed, key, memoryStore);
    const layers = store.layerData() as Uint16Array[];
    const dims = layers.length * model.hidden;
    const data = new Uint16Array(taskSplit.rows.length * dims);
    taskSplit.rows.forEach((row, i) => layers.forEach((layer, l) => data.set(layer.subarray(row * model.hidden, (row + 1) * model.hidden), i * dims + l * model.hidden)));
    splits[name] = { data, rows: taskSplit.rows.length, dims, y: taskSplit.y };
  }
  mkdirSync(CACHE, { recursive: true });
  for (const [name, split] of Object.entries(splits)) {
    writeFileSync(resolve(CACHE, `${name}.f16`), split.data);
    writeFileSync(resolve(CACHE, `${name}.y`), split.y);
  }
  const shape = (s: Split) => ({ rows: s.rows, dims: s.dims });
  writeFileSync(meta, JSON.stringify({ classes: task.labels.length, train: shape(splits.train), test: shape(splits.test) }));
  return { classes: task.labels.length, train: splits.train, test: splits.test };
}

function sentenceCount(sentences: string[][], words: number): number {
  let n = 0;
  for (let total = 0; n < sentences.length && total < words; n++) total += sentences[n].length;
  return n;
}

async function node(train: Split, test: Split, classes: number) {
  const result = await trainLogisticProbe({ features: new Float16FeatureMatrix(train.data, train.rows, train.dims), y: train.y }, classes);
  const metrics = evaluateProbe(result.probe, { features: new Float16FeatureMatrix(test.data, test.rows, test.dims), y: test.y });
  return { seconds: result.seconds, accuracy: metrics.accuracy, backend: result.backend };
}

async function browser(train: Split, test: Split, classes: number) {
  const { server, url } = await serveApp();
  const data = await serveFolder(CACHE);
  const chromium = await launchChromium();
  try {
    const page = await benchPage(chromium);
    await page.goto(`${url}/harness.html`);
    await page.waitForFunction(() => window.salientReady);
    return await page.evaluate(
      async ({ train, test, classes, dataUrl }) => {
        const fetchArray = async (name: string) => (await fetch(`${dataUrl}/${name}`)).arrayBuffer();
        const split = async (name: string, shape: { rows: number; dims: number }) => ({
          ...shape,
          data: new Uint16Array(await fetchArray(`${name}.f16`)),
          y: new Int32Array(await fetchArray(`${name}.y`)),
        });
        const trainSplit = await split('train', train);
        const testSplit = await split('test', test);
        const report = await window.salientLca.trainProbe(
          window.Comlink.transfer(trainSplit, [trainSplit.data.buffer, trainSplit.y.buffer]),
          window.Comlink.transfer(testSplit, [testSplit.data.buffer, testSplit.y.buffer]),
          classes,
        );
        return { seconds: report.trainSeconds, accuracy: report.accuracy, backend: report.backend };
      },
      { train: { rows: train.rows, dims: train.dims }, test: { rows: test.rows, dims: test.dims }, classes, dataUrl: data.url },
    );
  } finally {
    await chromium.close();
    await server.close();
    data.server.close();
  }
}

const { train, test, classes } = await cachedSplits();
log(`UPOS: ${train.rows} train × ${train.dims} dims, ${test.rows} test, ${classes} classes; NeuroX defaults`);
const nodeRun = await node(train, test, classes);
log(`node: ${nodeRun.seconds.toFixed(2)} s (${nodeRun.backend}), test accuracy ${nodeRun.accuracy.toFixed(4)}`);
const browserRun = await browser(train, test, classes);
log(`browser: ${browserRun.seconds.toFixed(2)} s (${browserRun.backend}), test accuracy ${browserRun.accuracy.toFixed(4)}`);
log(`NeuroX (PyTorch, 2 cores) for the same work: 8.6 s, test accuracy 0.716 → browser speed-up ×${(8.6 / browserRun.seconds).toFixed(1)}`);
console.log(`probe node_s=${nodeRun.seconds.toFixed(2)} browser_s=${browserRun.seconds.toFixed(2)} accuracy=${browserRun.accuracy.toFixed(4)}`);
