/**
 * npm run bench:decoder — words/s extracting the llama decoder fixture (LlamaForCausalLM with past key/values,
 * grouped-query attention; 3 layers × 64, MLP 3 × 128) on EWT dev, layer outputs and MLP neurons from the same
 * forward passes, natively (onnxruntime-node, 2 threads) and in headless Chromium (the app's extraction worker,
 * WASM). The two sides alternate, three rounds each; medians are reported.
 * Last line: `decoder words_per_s=<browser> native_words_per_s=<node> ratio=<browser/native>`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { parseConllu } from '../src/core/corpus';
import { extractActivations } from '../src/core/extract/extractor';
import { loadModel, type LoadedModel } from '../src/core/model/loadModel';
import type { OrtApi } from '../src/core/model/ort';
import { kindsOf, neuronGrid } from '../src/core/neurons/neurons';
import { MemoryActivationStore } from '../src/core/store/activationStore';
import { fsModelSource } from '../src/node/fsModelSource';
import { benchPage, EWT, launchChromium, log, MODELS, serveApp } from './shared';

const BATCH = 32;
const ROUNDS = 3;
const corpusText = readFileSync(resolve(EWT, 'en_ewt-ud-dev.conllu'), 'utf8');
const sentences = parseConllu(corpusText, 'en_ewt-ud-dev.conllu').sentences.map((s) => s.words);
const words = sentences.reduce((n, s) => n + s.length, 0);
const ort = ortNode as unknown as OrtApi;

async function nativeRound(model: LoadedModel): Promise<number> {
  const groups = kindsOf('both').map((kind) => {
    const grid = neuronGrid(model, kind);
    const sink = new MemoryActivationStore({
      model: model.id, corpusHash: 'bench', aggregation: 'last', includeSpecialTokens: false, dtype: 'float16',
      layers: grid.taps.length, hidden: grid.width, rows: words, sentences: sentences.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: '',
    });
    return { taps: grid.taps, width: grid.width, sink };
  });
  const summary = await extractActivations(model, ort, sentences, groups, { aggregation: 'last', includeSpecialTokens: false, batchSize: BATCH });
  return summary.rows / summary.seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

log(`EWT dev: ${sentences.length} sentences, ${words} words; arch/llama, batches of ${BATCH} sorted by length, 4 output layers × 64 + 3 MLP layers × 128, float16`);
const model = await loadModel(fsModelSource(resolve(MODELS, 'arch/llama')), ort, { sessionOptions: { executionProviders: ['cpu'], intraOpNumThreads: 2 } });
const { server, url } = await serveApp();
const chromium = await launchChromium();
const page = await benchPage(chromium);
await page.goto(`${url}/harness.html`);
await page.waitForFunction(() => window.salientReady);
const opened = await page.evaluate(async (text) => {
  const info = await window.salient.openModel({ kind: 'hub', id: 'arch/llama', host: `${location.origin}/hub` }, { backend: 'wasm' });
  const loaded = await window.salient.loadCorpus('en_ewt-ud-dev.conllu', text);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return { backend: info.backend.backend, threads: info.backend.threads, isolated: crossOriginIsolated };
}, corpusText);
const native: number[] = [];
const browser: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    native.push(await nativeRound(model));
    log(`native round ${round + 1}: ${Math.round(native[round])} words/s`);
    browser.push(
      await page.evaluate(async (batchSize) => {
        const started = performance.now();
        const done = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', batchSize, reuseStored: false, neurons: ['outputs', 'mlp'] });
        return done.rows / ((performance.now() - started) / 1000);
      }, BATCH),
    );
    log(`browser round ${round + 1}: ${Math.round(browser[round])} words/s (${opened.backend}, ${opened.threads} threads, crossOriginIsolated=${opened.isolated})`);
  }
} finally {
  await chromium.close();
  await server.close();
  await model.session.release();
}
console.log(`decoder words_per_s=${Math.round(median(browser))} native_words_per_s=${Math.round(median(native))} ratio=${(median(browser) / median(native)).toFixed(3)}`);
