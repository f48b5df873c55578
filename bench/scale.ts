/**
 * npm run bench:scale — the sharded pipeline on a corpus too big for a browser
 * tab, in one Node process: the first 150,000 words of EWT train through every
 * layer of tiny-bert-en, extracted in 4 shards (`salient extract --shard i/4`,
 * float16 HDF5), merged (`salient merge`), read back and used to train the UPOS
 * probe (NeuroX defaults: 10 epochs), scored on EWT dev. Peak resident memory is
 * the kernel's high-water mark (VmHWM), cross-checked by sampling RSS.
 * Last line: `scale words=<n> peak_rss_mb=<mb> seconds=<s>`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractShard } from '../src/cli/extract';
import { mergeShards } from '../src/cli/merge';
import { firstWords, parseConllu } from '../src/core/corpus';
import { extractToStore, memoryStore } from '../src/core/run';
import { evaluateProbe, trainLogisticProbe } from '../src/core/probe';
import { LayeredFeatureMatrix } from '../src/core/store/layeredFeatures';
import { buildTask } from '../src/core/tasks';
import { loadActivationFile } from '../src/node/activationFiles';
import { fsModelSource } from '../src/node/fsModelSource';
import { loadNodeModel, nodeOrt } from '../src/node/ortDevice';
import { EWT, log, MODELS, ROOT } from './shared';

const WORDS = 150_000;
const SHARDS = 4;
const MODEL = resolve(MODELS, 'tiny-bert-en');
const TRAIN = resolve(EWT, 'en_ewt-ud-train.conllu');
const DIR = resolve(ROOT, '.cache/bench-scale');

let sampledPeak = 0;
const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 20);
const mb = (bytes: number) => bytes / 2 ** 20;
/** The kernel's record of this process's largest resident set (Linux), in bytes. */
function highWaterMark(): number {
  if (!existsSync('/proc/self/status')) return 0;
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return kb ? Number(kb[1]) * 1024 : 0;
}
const stage = (name: string, since: number) => log(`${name}: ${((performance.now() - since) / 1000).toFixed(1)} s, RSS now ${mb(process.memoryUsage().rss).toFixed(0)} MB, peak ${mb(Math.max(highWaterMark(), sampledPeak)).toFixed(0)} MB`);

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const started = performance.now();

let t = performance.now();
const shards: string[] = [];
let words = 0;
for (let i = 0; i < SHARDS; i++) {
  const out = resolve(DIR, `shard-${i}.hdf5`);
  const shard = await extractShard({
    model: MODEL, corpus: TRAIN, maxWords: WORDS, shard: { index: i, count: SHARDS },
    aggregation: 'last', format: 'hdf5', dtype: 'float16', device: 'cpu', out, log: () => {},
  });
  words += shard.words;
  shards.push(out);
  log(`shard ${i}: sentences ${shard.meta.from}–${shard.meta.to - 1}, ${shard.words} words, ${(statSync(out).size / 2 ** 20).toFixed(0)} MB, ${shard.seconds.toFixed(1)} s`);
}
stage(`extract (${SHARDS} shards, ${words} words)`, t);

t = performance.now();
const merged = resolve(DIR, 'merged.hdf5');
await mergeShards({ shards, out: merged, format: 'hdf5', log: () => {} });
stage(`merge (${(statSync(merged).size / 2 ** 20).toFixed(0)} MB)`, t);

t = performance.now();
const train = firstWords(parseConllu(readFileSync(TRAIN, 'utf8'), 'en_ewt-ud-train.conllu'), WORDS);
const store = await loadActivationFile(merged, train);
const dev = parseConllu(readFileSync(resolve(EWT, 'en_ewt-ud-dev.conllu'), 'utf8'), 'en_ewt-ud-dev.conllu');
const model = await loadNodeModel(fsModelSource(MODEL), 'cpu', log);
const { aggregation, includeSpecialTokens, dtype } = store.meta;
const { store: devStore } = await extractToStore(model, nodeOrt, dev.sentences.map((s) => s.words), { model: model.id, corpusHash: 'dev', aggregation, includeSpecialTokens, dtype }, memoryStore);
await model.session.release();
stage('read merged file + extract EWT dev', t);

t = performance.now();
const task = buildTask({ kind: 'column', column: 'upos' }, { train, dev, test: dev });
const features = {
  train: new LayeredFeatureMatrix(store.layerData(), store.meta.rows, store.meta.hidden),
  dev: new LayeredFeatureMatrix(devStore.layerData(), devStore.meta.rows, store.meta.hidden),
};
const { probe, backend } = await trainLogisticProbe({ features: features.train, rows: task.train.rows, y: task.train.y }, task.labels.length);
const accuracy = evaluateProbe(probe, { features: features.dev, rows: task.dev.rows, y: task.dev.y }).accuracy;
stage(`probe (${task.train.rows.length} words × ${features.train.dims} neurons, ${backend}; EWT dev accuracy ${accuracy.toFixed(3)})`, t);

clearInterval(sampler);
const peak = Math.max(highWaterMark(), sampledPeak);
rmSync(DIR, { recursive: true, force: true });
console.log(`scale words=${words} peak_rss_mb=${Math.round(mb(peak))} seconds=${((performance.now() - started) / 1000).toFixed(1)}`);
