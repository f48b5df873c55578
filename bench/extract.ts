/**
 * npm run bench:extract — words/s extracting every layer of EWT dev through
 * tiny-bert-en, in headless Chromium (WASM, threads on) and, in the same run,
 * natively through onnxruntime-node with the same engine and the same batches.
 * Last line: `extract words_per_s=<browser> native_words_per_s=<node> ratio=<browser/native>`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { parseConllu } from '../src/core/corpus';
import { loadModel } from '../src/core/model/loadModel';
import type { OrtApi } from '../src/core/model/ort';
import { extractToStore, memoryStore } from '../src/core/run';
import { fsModelSource } from '../src/node/fsModelSource';
import { benchPage, EWT, launchChromium, log, MODELS, serveApp } from './shared';

const BATCH = 32;
const corpusFile = resolve(EWT, 'en_ewt-ud-dev.conllu');
const corpusText = readFileSync(corpusFile, 'utf8');
const sentences = parseConllu(corpusText, 'en_ewt-ud-dev.conllu').sentences.map((s) => s.words);
const words = sentences.reduce((n, s) => n + s.length, 0);

async function native(): Promise<number> {
  const ort = ortNode as unknown as OrtApi;
  const model = await loadModel(fsModelSource(resolve(MODELS, 'tiny-bert-en')), ort, { sessionOptions: { executionProviders: ['cpu'], intraOpNumThreads: 2 } });
  let best = 0;
  for (let run = 0; run < 2; run++) {
    const key = { model: model.id, corpusHash: 'bench', aggregation: 'last', includeSpecialTokens: false, dtype: 'float16' } as const;
    const { summary } = await extractToStore(model, ort, sentences, key, memoryStore, { batchSize: BATCH });
    best = Math.max(best, summary.rows / summary.seconds);
    log(`native run ${run + 1}: ${Math.round(summary.rows / summary.seconds)} words/s (${summary.seconds.toFixed(2)} s)`);
  }
  await model.session.release();
  return best;
}

async function browser(): Promise<number> {
  const { server, url } = await serveApp();
  const chromium = await launchChromium();
  try {
    const page = await benchPage(chromium);
    await page.goto(`${url}/harness.html`);
    await page.waitForFunction(() => window.salientReady);
    const result = await page.evaluate(
      async ({ text, batchSize }) => {
        const isolated = crossOriginIsolated;
        const info = await window.salient.openModel({ kind: 'hub', id: 'local/tiny-bert-en', host: `${location.origin}/hub` }, { backend: 'wasm' });
        const loaded = await window.salient.loadCorpus('en_ewt-ud-dev.conllu', text);
        if (!loaded.ok) throw new Error(loaded.error.message);
        const runs: number[] = [];
        for (let run = 0; run < 2; run++) {
          const started = performance.now();
          const done = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', batchSize, reuseStored: false });
          runs.push(done.rows / ((performance.now() - started) / 1000));
        }
        return { isolated, threads: info.backend.threads, backend: info.backend.backend, runs };
      },
      { text: corpusText, batchSize: BATCH },
    );
    result.runs.forEach((r, i) => log(`browser run ${i + 1}: ${Math.round(r)} words/s (${result.backend}, ${result.threads} threads, crossOriginIsolated=${result.isolated})`));
    return Math.max(...result.runs);
  } finally {
    await chromium.close();
    await server.close();
  }
}

log(`EWT dev: ${sentences.length} sentences, ${words} words; tiny-bert-en, batches of ${BATCH} sorted by length, all 5 layers, float16 store`);
const nativeRate = await native();
const browserRate = await browser();
console.log(`extract words_per_s=${Math.round(browserRate)} native_words_per_s=${Math.round(nativeRate)} ratio=${(browserRate / nativeRate).toFixed(3)}`);
