/**
 * npm run bench:extract [-- --rounds 3 --words N] — words/s extracting every layer of
 * EWT dev through tiny-bert-en, in headless Chromium (the app's extraction worker,
 * WASM, threads on) and natively through onnxruntime-node with the same engine and
 * the same batches. The two sides alternate (native, browser, native, browser, …)
 * after a warm-up of each; medians are reported and the spread is logged.
 * Last line: `extract words_per_s=<browser> native_words_per_s=<node> ratio=<browser/native> gflop_s=<browser> native_gflop_s=<node>`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConllu } from '../src/core/corpus';
import type { ExtractWork } from '../src/core/extract/extractor';
import { encoderFlops } from '../src/core/extract/flops';
import { extractToStore, memoryStore } from '../src/core/run';
import { fsModelSource } from '../src/node/fsModelSource';
import { loadNodeModel, nodeOrt } from '../src/node/ortDevice';
import { alternate, flag, median } from './alternate';
import { benchPage, conlluHead, EWT, launchChromium, log, MODELS, serveApp } from './shared';

const BATCH = 32;
const ROUNDS = flag('rounds', 3);
const corpusText = conlluHead(readFileSync(resolve(EWT, 'en_ewt-ud-dev.conllu'), 'utf8'), flag('words', Infinity));
const sentences = parseConllu(corpusText, 'en_ewt-ud-dev.conllu').sentences.map((s) => s.words);
const words = sentences.reduce((n, s) => n + s.length, 0);
const rates = { native: [] as number[], browser: [] as number[] };
const gflops = { native: [] as number[], browser: [] as number[] };
const describe = (side: 'native' | 'browser', rows: number, seconds: number, work: ExtractWork, flops: number) => {
  const rate = rows / seconds;
  rates[side].push(rate);
  gflops[side].push(flops / seconds / 1e9);
  log(`  ${side}: ${Math.round(rate)} words/s, ${(flops / seconds / 1e9).toFixed(1)} GFLOP/s, ${seconds.toFixed(2)} s, JS on the engine's thread ${((work.jsSeconds / seconds) * 100).toFixed(1)}%${side === 'native' ? ' (overlapping inference)' : ''}`);
  return rate;
};

log(`EWT dev: ${sentences.length} sentences, ${words} words; tiny-bert-en, batches of ${BATCH} sorted by length, all 5 layers, float16 store; ${ROUNDS} rounds`);
const model = await loadNodeModel(fsModelSource(resolve(MODELS, 'tiny-bert-en')), 'cpu', () => {});
const native = async () => {
  const key = { model: model.id, corpusHash: 'bench', aggregation: 'last', includeSpecialTokens: false, dtype: 'float16' } as const;
  const { summary } = await extractToStore(model, nodeOrt, sentences, key, memoryStore, { batchSize: BATCH });
  return describe('native', summary.rows, summary.seconds, summary.work, encoderFlops(model.config, summary.work));
};

const { server, url } = await serveApp();
const chromium = await launchChromium();
try {
  const page = await benchPage(chromium);
  await page.goto(`${url}/harness.html`);
  await page.waitForFunction(() => window.salientReady);
  const setup = await page.evaluate(async (text) => {
    const info = await window.salient.openModel({ kind: 'hub', id: 'local/tiny-bert-en', host: `${location.origin}/hub` }, { backend: 'wasm' });
    const loaded = await window.salient.loadCorpus('en_ewt-ud-dev.conllu', text);
    if (!loaded.ok) throw new Error(loaded.error.message);
    return { isolated: crossOriginIsolated, threads: info.backend.threads, backend: info.backend.backend };
  }, corpusText);
  log(`browser: ${setup.backend}, ${setup.threads} threads, crossOriginIsolated=${setup.isolated}`);
  const browser = async () => {
    const done = await page.evaluate(async (batchSize) => {
      const started = performance.now();
      const result = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', batchSize, reuseStored: false });
      return { rows: result.rows, seconds: (performance.now() - started) / 1000, work: result.work! };
    }, BATCH);
    return describe('browser', done.rows, done.seconds, done.work, done.work.flops);
  };
  const result = await alternate([{ name: 'native', run: native }, { name: 'browser', run: browser }], ROUNDS, 'words/s');
  const [nativeRate, browserRate] = result.medians;
  log(`median ratio of back-to-back pairs: ${result.pairedRatio.toFixed(3)}`);
  const measured = (xs: number[]) => median(xs.slice(1)); // the warm-up is the first entry
  console.log(
    `extract words_per_s=${Math.round(browserRate)} native_words_per_s=${Math.round(nativeRate)} ratio=${(browserRate / nativeRate).toFixed(3)} gflop_s=${measured(gflops.browser).toFixed(1)} native_gflop_s=${measured(gflops.native).toFixed(1)}`,
  );
} finally {
  await chromium.close();
  await server.close();
  await model.session.release();
}
