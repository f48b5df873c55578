import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { loadModel } from '../src/core/model/loadModel';
import { fsModelSource } from '../src/node/fsModelSource';
import { extractActivations } from '../src/core/extract/extractor';
import { MemoryActivationStore } from '../src/core/store/activationStore';
import { parseConllu } from '../src/core/corpus';
import type { OrtApi } from '../src/core/model/ort';
let t = Date.now();
const m = await loadModel(fsModelSource('/work/shared/models/tiny-bert-en'), ort as unknown as OrtApi);
const m2 = await loadModel(fsModelSource('/work/shared/models/tiny-bert-en'), ort as unknown as OrtApi);
console.log('load x2', Date.now() - t, m.maxTokens, m.hidden);
const c = parseConllu(readFileSync('/work/shared/data/ud-english-ewt/en_ewt-ud-dev.conllu', 'utf8'), 'dev');
const sents = c.sentences.slice(0, 200).map(s => s.words);
const rows = sents.reduce((n, s) => n + s.length, 0);
async function run(mm: typeof m) {
const store = new MemoryActivationStore({ model: 'x', corpusHash: 'h', aggregation: 'first', includeSpecialTokens: false, dtype: 'float32', layers: 5, hidden: 256, rows, sentences: sents.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: '' });
t = Date.now();
const s = await extractActivations(mm, ort as unknown as OrtApi, sents, store, { aggregation: 'first', includeSpecialTokens: false });
console.log('extract 200', Date.now() - t, s.tokens);
return Promise.all([0,1,2,3,4].map(l => store.readLayer(l)));
}
const a = await run(m), b = await run(m2);
let diff = 0; for (let l = 0; l < 5; l++) for (let i = 0; i < a[l].length; i++) diff = Math.max(diff, Math.abs(a[l][i] - b[l][i]));
console.log('diff between sessions', diff);
