/**
 * npm run bench:scale-browser [-- --full | --words N] [--rounds 2] — Salient at real size in
 * the browser: the first 50,000 words of EWT train (all 204,577 with --full) through a
 * BERT-base-shaped model (13 × 768 = 9,984 neurons, seeded random weights, written on first
 * use into .cache/models by src/node/syntheticBert.ts), in headless Chromium with the app's
 * own workers:
 *  - extraction in the browser (WASM) into IndexedDB (float16), and natively through
 *    onnxruntime-node on the same batches, in two halves run before and after the browser's
 *    pass so a neighbour's load falls on both sides;
 *  - storage: bytes on disk per stored value (the origin's usage before and after);
 *  - the full LCA run in the LCA worker (oracle, control, ranking, ablations, minimal set,
 *    layer-wise; UPOS, seeded 80/10/10 sentence split), and the first heatmap: the app opened
 *    on the run as soon as its ranking is saved, until the heatmap is drawn;
 *  - the same oracle probe trained in Node on the native activations (before and after the
 *    browser's run; median);
 *  - peak memory of all the browser's processes (/proc, summed RSS every 100 ms).
 * `--keep DIR` makes a long run (--full takes hours on two cores) resumable: the browser's
 * profile, the native activations and the extraction's figures are kept in DIR, and a run
 * that finds them there goes straight to the probes (`--extract-only` stops after extraction).
 * The figures of such a run add both invocations' times and take the larger memory peak.
 * Last line: `scale_browser words=<n> neurons=<n> extract_words_per_s=<b> native_words_per_s=<n>
 * peak_browser_mb=<mb> stored_bytes_per_value=<b> probe_s=<s> node_probe_s=<s> first_heatmap_s=<s> total_s=<s>`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConllu } from '../src/core/corpus';
import { evaluateLca } from '../src/core/evaluation';
import { chunkSentencesFor, extractActivations } from '../src/core/extract/extractor';
import { encoderFlops } from '../src/core/extract/flops';
import { DEFAULT_SETTINGS, runTask, type RunRecord } from '../src/core/run';
import { MemoryActivationStore, type ActivationSink } from '../src/core/store/activationStore';
import { LayeredFeatureMatrix } from '../src/core/store/layeredFeatures';
import { hashString } from '../src/core/util/random';
import { fsModelSource } from '../src/node/fsModelSource';
import { loadNodeModel, nodeOrt } from '../src/node/ortDevice';
import { ensureBertBase } from '../src/node/syntheticBert';
import { flag, median, spread } from './alternate';
import { BrowserMemory } from './browserMemory';
import { conlluHead, EWT, launchPersistentChromium, log, MODELS, ROOT, serveApp } from './shared';

const FULL = process.argv.includes('--full');
const KEEP = (() => {
  const i = process.argv.indexOf('--keep');
  return i < 0 ? undefined : resolve(process.argv[i + 1] ?? '');
})();
const EXTRACT_ONLY = process.argv.includes('--extract-only');
if (EXTRACT_ONLY && !KEEP) throw new Error('--extract-only needs --keep DIR (where the extraction is kept for the next run)');

const WORDS = FULL ? Infinity : flag('words', 50_000);
const BATCH = 32;

const started = performance.now();
const seconds = (since: number) => (performance.now() - since) / 1000;

/** Thrown to end the run early (--extract-only), past the cleanup. */
class Stop extends Error {}

const modelsDir = resolve(ROOT, '.cache/models');
let t = performance.now();
const modelDir = ensureBertBase(modelsDir, resolve(MODELS, 'tiny-bert-en'));
log(`model: ${modelDir} (${seconds(t).toFixed(1)} s to make or find)`);

const corpusName = 'en_ewt-ud-train.conllu';
const corpusText = conlluHead(readFileSync(resolve(EWT, corpusName), 'utf8'), WORDS);
const corpus = parseConllu(corpusText, corpusName);
const sentences = corpus.sentences.map((s) => s.words);
const words = sentences.reduce((n, s) => n + s.length, 0);
log(`corpus: first ${sentences.length} sentences of EWT train, ${words} words; batches of ${BATCH} sorted by length, float16`);

// ---- native extraction, first half (the second half runs after the browser's pass)
const model = await loadNodeModel(fsModelSource(modelDir), 'cpu', log);
const neurons = model.taps.length * model.hidden;
const nativeStore = new MemoryActivationStore({
  model: model.id, corpusHash: 'bench', aggregation: 'last', includeSpecialTokens: false, dtype: 'float16',
  layers: model.taps.length, hidden: model.hidden, rows: words, sentences: sentences.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: '',
});
// The engine's default chunk for this width: halves split on a chunk boundary keep the batches identical.
const CHUNK = chunkSentencesFor(neurons);
const halfAt = Math.max(CHUNK, Math.floor(sentences.length / 2 / CHUNK) * CHUNK);
/** The engine directly (not the run recipe's extractToStore): both halves write into one store, the second at a row offset. */
async function nativeHalf(from: number, to: number): Promise<NativeHalf | undefined> {
  if (from >= to) return undefined;
  const part = sentences.slice(from, to);
  const rowOffset = sentences.slice(0, from).reduce((n, s) => n + s.length, 0);
  const sink: ActivationSink = { writeRows: (row, layers) => nativeStore.writeRows(row + rowOffset, layers), finish: async () => {} };
  const summary = await extractActivations(model, nodeOrt, part, sink, { aggregation: 'last', includeSpecialTokens: false, batchSize: BATCH, chunkSentences: CHUNK });
  const flops = encoderFlops(model.config, summary.work);
  log(`native sentences ${from}–${to - 1}: ${Math.round(summary.rows / summary.seconds)} words/s, ${(flops / summary.seconds / 1e9).toFixed(1)} GFLOP/s (${summary.seconds.toFixed(1)} s)`);
  return { words: summary.rows, seconds: summary.seconds, flops };
}

interface NativeHalf {
  words: number;
  seconds: number;
  flops: number;
}
/** What the extraction phase measured; kept in DIR/extraction.json with --keep. */
interface Extraction {
  words: number;
  /** The port the app was served on (the origin of the kept IndexedDB). */
  port: number;
  corpus: { hash: string; sentences: number; words: number };
  model: string;
  onnxFile: string;
  browser: { rows: number; layers: number; hidden: number; seconds: number; storedBytes: number; activationId: string; flops: number; jsSeconds: number };
  nativeHalves: NativeHalf[];
  peakMb: number;
  hwmMb: number;
  seconds: number;
}
const keptFile = KEEP && resolve(KEEP, 'extraction.json');
const nativeFile = (layer: number) => resolve(KEEP!, `native-layer-${layer}.f16`);
const kept: Extraction | undefined = keptFile && existsSync(keptFile) ? JSON.parse(readFileSync(keptFile, 'utf8')) : undefined;
if (kept && kept.words !== words) throw new Error(`${KEEP} holds an extraction of ${kept.words} words, not ${words}: give another folder`);

// A kept profile's IndexedDB belongs to the app's origin, so a kept run is served on its port again.
const port = kept?.port ?? (KEEP ? 4300 + (hashString(KEEP) % 1000) : 0);
const memory = new BrowserMemory();
const { server, url } = await serveApp(modelsDir, port);
const chromium = await launchPersistentChromium(KEEP && resolve(KEEP, 'profile'));
let line = '';
try {
  const page = await chromium.context.newPage();
  await page.goto(`${url}/harness.html`);
  await page.waitForFunction(() => window.salientReady);

  let extraction: Extraction;
  if (kept) {
    extraction = kept;
    nativeStore.layerData().forEach((layer, l) => {
      const bytes = readFileSync(nativeFile(l));
      layer.set(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2));
    });
    log(`extraction: kept in ${KEEP} (${kept.browser.rows} rows in the browser's IndexedDB, native activations from files); going on to the probes`);
  } else {
    const phaseStarted = performance.now();
    const first = await nativeHalf(0, Math.min(halfAt, sentences.length));
    t = performance.now();
    const opened = await page.evaluate(async (text) => {
      const info = await window.salient.openModel({ kind: 'hub', id: 'local/bert-base-shaped', host: `${location.origin}/hub` }, { backend: 'wasm' });
      const loaded = await window.salient.loadCorpus('en_ewt-ud-train.conllu', text);
      if (!loaded.ok) throw new Error(loaded.error.message);
      return { backend: info.backend.reason, corpus: loaded.corpus, model: info.id, onnxFile: info.onnxFile.path };
    }, corpusText);
    log(`browser: model loaded in ${seconds(t).toFixed(1)} s (${opened.backend}); browser memory now ${memory.nowMb().toFixed(0)} MB (${memory.breakdown()})`);

    const extracted = await page.evaluate(async (batchSize) => {
      const before = (await navigator.storage.estimate()).usage ?? 0;
      const started = performance.now();
      const result = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', batchSize, reuseStored: false });
      const seconds = (performance.now() - started) / 1000;
      const after = (await navigator.storage.estimate()).usage ?? 0;
      return { ...result, seconds, storedBytes: after - before };
    }, BATCH);
    const second = await nativeHalf(halfAt, sentences.length);
    await model.session.release();
    const { peakMb, hwmMb } = memory.peaks();
    log(`peak browser memory while loading and extracting: ${peakMb.toFixed(0)} MB summed RSS (${memory.peakBreakdown}; ΣVmHWM ${hwmMb.toFixed(0)} MB)`);
    extraction = {
      words,
      port,
      corpus: { hash: opened.corpus.hash, sentences: opened.corpus.sentences, words: opened.corpus.words },
      model: opened.model,
      onnxFile: opened.onnxFile,
      browser: { rows: extracted.rows, layers: extracted.layers, hidden: extracted.hidden, seconds: extracted.seconds, storedBytes: extracted.storedBytes, activationId: extracted.activationId, flops: extracted.work!.flops, jsSeconds: extracted.work!.jsSeconds },
      nativeHalves: [first, second].filter((h) => h !== undefined),
      peakMb,
      hwmMb,
      seconds: seconds(phaseStarted),
    };
    if (KEEP) {
      mkdirSync(KEEP, { recursive: true });
      nativeStore.layerData().forEach((layer, l) => writeFileSync(nativeFile(l), new Uint8Array(layer.buffer, layer.byteOffset, layer.byteLength)));
      writeFileSync(keptFile!, JSON.stringify(extraction, null, 1));
      log(`extraction kept in ${KEEP}`);
    }
  }
  const { browser, nativeHalves } = extraction;
  const browserRate = browser.rows / browser.seconds;
  const values = browser.rows * browser.layers * browser.hidden;
  const nativeRate = nativeHalves.reduce((n, h) => n + h.words, 0) / nativeHalves.reduce((n, h) => n + h.seconds, 0);
  const nativeGflops = nativeHalves.reduce((n, h) => n + h.flops, 0) / nativeHalves.reduce((n, h) => n + h.seconds, 0) / 1e9;
  log(`browser extraction: ${Math.round(browserRate)} words/s, ${(browser.flops / browser.seconds / 1e9).toFixed(1)} GFLOP/s (${browser.seconds.toFixed(1)} s; JS on the worker's thread ${((browser.jsSeconds / browser.seconds) * 100).toFixed(1)}%); stored ${(browser.storedBytes / 2 ** 20).toFixed(0)} MB for ${values} values; native ${Math.round(nativeRate)} words/s, ${nativeGflops.toFixed(1)} GFLOP/s (ratio ${(browserRate / nativeRate).toFixed(2)})`);
  if (EXTRACT_ONLY) {
    line = `scale_browser extraction kept in ${KEEP}: rerun with the same --keep for the probes`;
    throw new Stop();
  }

  // ---- Node's oracle probe on the native activations: the run recipe's task, LCA with only the oracle stage
  const settings = { ...DEFAULT_SETTINGS, maxTrainTokens: words + 1, model: extraction.model, onnxFile: extraction.onnxFile };
  const task = runTask(settings, { train: corpus });
  const features = { train: new LayeredFeatureMatrix(nativeStore.layerData(), words, model.hidden) };
  const nodeProbe = async () => {
    const result = await evaluateLca(
      { model: model.id, task, features, layers: model.taps.length, neuronsPerLayer: model.hidden },
      { probe: { lambda1: settings.lambda1, lambda2: settings.lambda2, epochs: settings.epochs, seed: settings.seed }, seed: settings.seed, control: false, ablation: false, minimalSet: false, layerwise: false },
    );
    log(`node oracle probe: ${result.timings.oracle.toFixed(1)} s, test accuracy ${result.oracle.test.accuracy.toFixed(4)} (${task.train.rows.length} train words × ${neurons} neurons, ${task.labels.length} classes)`);
    return result.timings.oracle;
  };
  const nodeProbeSeconds = [await nodeProbe()];

  // ---- the full LCA run in the browser, and the app opened on it once the ranking is saved
  const run: RunRecord = {
    id: `scale-${Date.now().toString(36)}`,
    createdAt: new Date().toISOString(),
    settings: { ...settings, corpora: [{ split: 'train', name: corpusName, ...extraction.corpus }] },
    status: 'running',
    stage: 'oracle',
    activationIds: { train: browser.activationId },
  };
  t = performance.now();
  const lca = page.evaluate(async (record) => {
    const w = window as unknown as { rankedAt?: number };
    const started = performance.now();
    const done = await window.salientLca.runLca(record, undefined, window.Comlink.proxy(() => void (w.rankedAt ??= performance.now())));
    return { result: done.result!, seconds: (performance.now() - started) / 1000 };
  }, run);
  await page.waitForFunction(() => (window as unknown as { rankedAt?: number }).rankedAt !== undefined, undefined, { timeout: 0, polling: 250 });
  const app = await chromium.context.newPage();
  await app.goto(`${url}/#/run/${run.id}`);
  await app.getByTestId('heatmap-cells').waitFor({ timeout: 0 });
  const firstHeatmap = seconds(t);
  log(`first heatmap after ${firstHeatmap.toFixed(1)} s of LCA (browser memory now ${memory.nowMb().toFixed(0)} MB: ${memory.breakdown()})`);
  await app.close();
  const { result, seconds: lcaSeconds } = await lca;
  const timings = Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
  log(`browser LCA: ${lcaSeconds.toFixed(1)} s (${timings}); oracle test accuracy ${result.oracle.test.accuracy.toFixed(4)}, control ${result.control?.test.accuracy.toFixed(4)}, minimal set ${result.minimalSet?.size} neurons`);
  nodeProbeSeconds.push(await nodeProbe());
  log(`node oracle probe: ${spread(nodeProbeSeconds, 1)} s (before and after the browser's run)`);

  const lcaPeaks = memory.stop();
  const peakMb = Math.max(lcaPeaks.peakMb, kept?.peakMb ?? 0);
  const hwmMb = Math.max(lcaPeaks.hwmMb, kept?.hwmMb ?? 0);
  if (kept) log(`peak browser memory during the kept extraction: ${kept.peakMb.toFixed(0)} MB; during the probes: ${lcaPeaks.peakMb.toFixed(0)} MB`);
  log(`peak browser memory: ${peakMb.toFixed(0)} MB summed RSS (${memory.peakBreakdown}; ΣVmHWM over its processes ${hwmMb.toFixed(0)} MB); native rate over its halves: ${nativeHalves.map((h) => Math.round(h.words / h.seconds)).join(', ')} words/s`);
  line = [
    'scale_browser',
    `words=${words}`,
    `neurons=${neurons}`,
    `extract_words_per_s=${browserRate.toFixed(0)}`,
    `native_words_per_s=${nativeRate.toFixed(0)}`,
    `peak_browser_mb=${peakMb.toFixed(0)}`,
    `stored_bytes_per_value=${(browser.storedBytes / values).toFixed(2)}`,
    `probe_s=${result.timings.oracle.toFixed(1)}`,
    `node_probe_s=${median(nodeProbeSeconds).toFixed(1)}`,
    `first_heatmap_s=${firstHeatmap.toFixed(1)}`,
    `total_s=${(seconds(started) + (kept?.seconds ?? 0)).toFixed(1)}`,
  ].join(' ');
} catch (error) {
  if (!(error instanceof Stop)) throw error;
} finally {
  memory.stop();
  await chromium.close();
  await server.close();
}
console.log(line);
