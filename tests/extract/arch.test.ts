/**
 * Every architecture fixture under shared/models/arch (encoders and decoders)
 * extracts per-word vectors equal to PyTorch's (reference.json): layer outputs
 * as transformers' output_hidden_states, and, where the reference has them, MLP
 * activations (GELU output for GPT-2, SiLU(gate)·up for Llama).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractActivations } from '../../src/core/extract/extractor';
import type { LoadedModel } from '../../src/core/model/loadModel';
import { loadModel } from '../../src/core/model/loadModel';
import { neuronGrid, type NeuronKind } from '../../src/core/neurons/neurons';
import { MemoryActivationStore } from '../../src/core/store/activationStore';
import { fsModelSource } from '../../src/node/fsModelSource';
import { MODELS, maxAbsDiff, ortApi, readJsonFile } from '../fixtures';

const ARCH = path.join(MODELS, 'arch');
const FIXTURES = readdirSync(ARCH).sort();
const DECODERS = ['gpt2', 'gpt2-with-past', 'llama'];

interface RefTensor {
  shape: number[];
  data: number[];
}
type Reference = Record<string, RefTensor | string>;

/** The reference batch's words: one WordPiece token each, between [CLS] and [SEP]. */
const SENTENCES = [['the', 'cat', 'sat', 'on', 'the', 'mat', '.'], ['hello', 'world']];

async function extractGrid(model: LoadedModel, kind: NeuronKind) {
  const grid = neuronGrid(model, kind);
  const rows = SENTENCES.reduce((n, s) => n + s.length + 2, 0);
  const store = new MemoryActivationStore({
    model: model.id, corpusHash: 'reference', aggregation: 'last', includeSpecialTokens: true, dtype: 'float32',
    layers: grid.taps.length, hidden: grid.width, rows, sentences: SENTENCES.length, rowOffsets: [], droppedWords: 0, complete: false, createdAt: '',
  });
  await extractActivations(model, ortApi, SENTENCES, [{ taps: grid.taps, width: grid.width, sink: store }], { aggregation: 'last', includeSpecialTokens: true, batchSize: 2 });
  return { grid, layers: await Promise.all(grid.taps.map((_, l) => store.readLayer(l))) };
}

/** Max |difference| between our rows (sentence by sentence, specials included) and the reference's unpadded positions. */
function compare(ours: Float32Array, ref: RefTensor, width: number): number {
  const [, seq, refWidth] = ref.shape;
  expect(refWidth).toBe(width);
  let row = 0;
  let worst = 0;
  SENTENCES.forEach((words, b) => {
    for (let t = 0; t < words.length + 2; t++, row++) {
      const expected = ref.data.slice((b * seq + t) * width, (b * seq + t + 1) * width);
      worst = Math.max(worst, maxAbsDiff(ours.subarray(row * width, (row + 1) * width), expected));
    }
  });
  return worst;
}

describe.each(FIXTURES)('arch fixture %s', (name) => {
  let model: LoadedModel;
  let reference: Reference;

  beforeAll(async () => {
    model = await loadModel(fsModelSource(path.join(ARCH, name)), ortApi);
    reference = readJsonFile<Reference>(path.join(ARCH, name, 'reference.json'));
  });

  it('is recognised as an encoder or a decoder, with tokens as in the reference', () => {
    expect(model.decoder !== undefined).toBe(DECODERS.includes(name));
    const ids = (reference['input.input_ids'] as RefTensor).data;
    const tok = model.tokenizer;
    expect([...tok.prefix, ...SENTENCES[0].flatMap((w, j) => tok.pieces(w, j === 0)), ...tok.suffix]).toEqual(ids.slice(0, 9));
  });

  it('layer outputs equal hidden_states (embeddings, each layer, a decoder’s final norm last) within 1e-4', async () => {
    const { grid, layers } = await extractGrid(model, 'outputs');
    const states = Object.keys(reference).filter((k) => k.startsWith('hidden_states.'));
    expect(grid.taps).toHaveLength(states.length);
    expect(grid.layerNumbers).toEqual(states.map((_, k) => k));
    layers.forEach((layer, k) => expect(compare(layer, reference[`hidden_states.${k}`] as RefTensor, model.hidden), `hidden_states.${k}`).toBeLessThan(1e-4));
  });

  it('MLP neurons: one tap per block, equal to mlp_act where the reference has it', async () => {
    const blocks = model.taps.length - 1;
    expect(model.mlpTaps).toHaveLength(blocks);
    expect(model.mlpWidth).toBe(Number(model.config.intermediate_size ?? model.config.n_inner ?? model.config.hidden_dim ?? 4 * model.hidden));
    const { grid, layers } = await extractGrid(model, 'mlp');
    expect(grid.layerNumbers).toEqual(Array.from({ length: blocks }, (_, i) => i + 1));
    if (!('mlp_act.0' in reference)) return; // encoder references hold hidden states only
    layers.forEach((layer, k) => expect(compare(layer, reference[`mlp_act.${k}`] as RefTensor, model.mlpWidth), `mlp_act.${k}`).toBeLessThan(1e-4));
  });
});
