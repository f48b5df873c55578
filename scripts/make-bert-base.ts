/**
 * npx tsx scripts/make-bert-base.ts [out-folder] — writes the BERT-base-shaped model
 * (12 × 768, 12 heads, FFN 3,072, vocab 30,522, 512 positions; seeded random weights,
 * Optimum's node names, tiny-bert-en's tokenizer) to .cache/models/bert-base-shaped,
 * or to the given folder. The real-size benchmarks call the same code on first use.
 */
import { resolve } from 'node:path';
import { BERT_BASE, ensureBertBase, writeBertFolder } from '../src/node/syntheticBert';

const root = resolve(import.meta.dirname, '..');
const tokenizer = resolve(root, '../shared/models/tiny-bert-en');
const out = process.argv[2];
const dir = out ? (writeBertFolder(resolve(out), BERT_BASE, tokenizer), resolve(out)) : ensureBertBase(resolve(root, '.cache/models'), tokenizer);
console.log(dir);
