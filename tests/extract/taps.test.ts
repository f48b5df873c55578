import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInputs } from '../../src/core/model/loadModel';
import { addGraphOutputs, ELEM_FLOAT, OnnxFormatError, readOnnxGraph, type OnnxGraph } from '../../src/core/model/onnxGraph';
import { MessageWriter } from '../../src/core/model/protobuf';
import { findTaps, TapsNotFoundError, type Tap } from '../../src/core/model/taps';
import { wordTokenizer, type WordTokenizer } from '../../src/core/model/tokenizer';
import { EWT_DEV, fixtureTokenizer, maxAbsDiff, MODEL_NAMES, modelDir, ortApi, readCorpus, readJsonFile } from '../fixtures';
import { createRng } from '../../src/core/util/random';

const onnxPath = (name: string) => path.join(modelDir(name), 'onnx/model.onnx');

describe.each(MODEL_NAMES)('taps of %s', (name) => {
  let bytes: Uint8Array;
  let graph: OnnxGraph;
  let taps: Tap[];
  let family: string;
  let layers: number;
  let tokenizer: WordTokenizer;

  beforeAll(() => {
    bytes = new Uint8Array(readFileSync(onnxPath(name)));
    graph = readOnnxGraph(bytes);
    ({ taps, family } = findTaps(graph));
    layers = readJsonFile<{ num_hidden_layers: number }>(path.join(modelDir(name), 'config.json')).num_hidden_layers;
    tokenizer = wordTokenizer(fixtureTokenizer(name));
  });

  it('reads the graph: BERT inputs, one float output', () => {
    expect(graph.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(graph.outputs).toEqual([{ name: 'last_hidden_state', elemType: ELEM_FLOAT }]);
    expect(graph.nodes.length).toBeGreaterThan(100);
  });

  it('finds embeddings + one tap per layer, in order', () => {
    expect(family).toMatch(/^BERT-style/);
    expect(taps).toHaveLength(layers + 1);
    expect(taps.map((t) => t.layer)).toEqual([...Array(layers + 1).keys()]);
    expect(taps[0].scope).toBe('/embeddings/LayerNorm');
    taps.slice(1).forEach((tap, k) => expect(tap.scope).toBe(`/encoder/layer.${k}/output/LayerNorm`));
    expect(taps[taps.length - 1].tensor).toBe('last_hidden_state');
    expect(new Set(taps.map((t) => t.tensor)).size).toBe(taps.length);
    // Each tap is produced inside its own layer-norm scope.
    for (const tap of taps) {
      const producer = graph.nodes.find((n) => n.outputs.includes(tap.tensor));
      expect(producer?.name.startsWith(tap.scope + '/'), `${tap.tensor} from ${producer?.name}`).toBe(true);
    }
  });

  it('addGraphOutputs lists the taps as outputs and adds under 2 KB', () => {
    const patched = addGraphOutputs(bytes, graph, taps.map((t) => t.tensor), ELEM_FLOAT);
    const reread = readOnnxGraph(patched);
    const expected = ['last_hidden_state', ...taps.slice(0, -1).map((t) => t.tensor)];
    expect(reread.outputs.map((o) => o.name)).toEqual(expected);
    expect(reread.outputs.every((o) => o.elemType === ELEM_FLOAT)).toBe(true);
    expect(reread.nodes).toEqual(graph.nodes);
    expect(reread.inputs).toEqual(graph.inputs);
    const growth = patched.length - bytes.length;
    expect(growth).toBeGreaterThan(0);
    expect(growth).toBeLessThan(2048);
    // Everything before the graph and after it is copied byte for byte.
    const { start, valueEnd } = graph.graphField;
    expect(Buffer.from(patched.subarray(0, start)).equals(Buffer.from(bytes.subarray(0, start)))).toBe(true);
    const tail = bytes.length - valueEnd;
    expect(Buffer.from(patched.subarray(patched.length - tail)).equals(Buffer.from(bytes.subarray(valueEnd)))).toBe(true);
    // Patching again with the same names adds nothing.
    expect(addGraphOutputs(patched, reread, taps.map((t) => t.tensor), ELEM_FLOAT).length).toBe(patched.length);
  });

  it('the patched model runs and its last tap equals the original last_hidden_state exactly', async () => {
    const words = readCorpus(EWT_DEV).sentences[3].words;
    const ids = [...tokenizer.prefix, ...words.flatMap((w, j) => tokenizer.pieces(w, j === 0)), ...tokenizer.suffix];

    const original = await ort.InferenceSession.create(bytes);
    const reference = await original.run(buildInputs({ inputNames: original.inputNames, tokenizer }, ortApi, [ids], ids.length) as unknown as ort.InferenceSession.FeedsType);
    await original.release();

    const patched = await ort.InferenceSession.create(addGraphOutputs(bytes, graph, taps.map((t) => t.tensor), ELEM_FLOAT));
    expect([...patched.outputNames].sort()).toEqual(taps.map((t) => t.tensor).sort());
    const feeds = buildInputs({ inputNames: patched.inputNames, tokenizer }, ortApi, [ids], ids.length);
    const out = await patched.run(feeds as unknown as ort.InferenceSession.FeedsType, taps.map((t) => t.tensor));
    await patched.release();

    for (const tap of taps) expect(out[tap.tensor].dims).toEqual([1, ids.length, 256]);
    const last = out[taps[taps.length - 1].tensor].data as Float32Array;
    expect(maxAbsDiff(last, reference.last_hidden_state.data as Float32Array)).toBe(0);
    // The taps are distinct hidden states, not copies of one another.
    for (let l = 1; l < taps.length; l++) {
      expect(maxAbsDiff(out[taps[l].tensor].data as Float32Array, out[taps[l - 1].tensor].data as Float32Array)).toBeGreaterThan(0.01);
    }
  });
});

/** A valid one-node ModelProto: y = Identity(x), node named "foo", with no module scopes. */
function identityModel(): Uint8Array {
  const floatTensor = new MessageWriter().message(1, new MessageWriter().varint(1, ELEM_FLOAT)); // TypeProto.tensor_type.elem_type
  const valueInfo = (name: string) => new MessageWriter().string(1, name).message(2, floatTensor);
  const node = new MessageWriter().string(1, 'x').string(2, 'y').string(3, 'foo').string(4, 'Identity');
  const graph = new MessageWriter().message(1, node).string(2, 'synthetic').message(11, valueInfo('x')).message(12, valueInfo('y'));
  const opset = new MessageWriter().string(1, '').varint(2, 17);
  return new MessageWriter().varint(1, 8).string(2, 'salient-tests').message(7, graph).message(8, opset).finish();
}

describe('graphs without known taps', () => {
  it('the synthetic model is valid ONNX (onnxruntime runs it)', async () => {
    const session = await ort.InferenceSession.create(identityModel());
    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [3]);
    const { y } = await session.run({ x });
    expect([...(y.data as Float32Array)]).toEqual([1, 2, 3]);
    await session.release();
  });

  it('throws TapsNotFoundError describing the graph', () => {
    const graph = readOnnxGraph(identityModel());
    expect(graph.nodes).toEqual([{ name: 'foo', opType: 'Identity', inputs: ['x'], outputs: ['y'] }]);
    let error: unknown;
    try {
      findTaps(graph);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TapsNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('Could not find per-layer hidden states');
    expect(message).toContain('The graph has 1 nodes; inputs: x; outputs: y.');
    expect(message).toContain('Most common ops: Identity×1.');
    expect(message).toContain('BERT-style');
  });
});

describe('bytes that are not ONNX', () => {
  it('random bytes throw OnnxFormatError', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = createRng(seed);
      const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
      expect(() => readOnnxGraph(bytes), `seed ${seed}`).toThrow(OnnxFormatError);
    }
  });

  it('a JSON file throws OnnxFormatError', () => {
    const json = new Uint8Array(readFileSync(path.join(modelDir('tiny-bert-en'), 'config.json')));
    expect(() => readOnnxGraph(json)).toThrow(OnnxFormatError);
    expect(() => readOnnxGraph(new TextEncoder().encode('{"not": "onnx"}'))).toThrow(/not an ONNX model/);
  });

  it('empty and truncated models throw OnnxFormatError', () => {
    expect(() => readOnnxGraph(new Uint8Array(0))).toThrow(/no graph found/);
    const model = new Uint8Array(readFileSync(onnxPath('tiny-bert-en')));
    expect(() => readOnnxGraph(model.subarray(0, 100_000))).toThrow(OnnxFormatError);
    // A graph with no nodes is not a model we can use either.
    const empty = new MessageWriter().varint(1, 8).message(7, new MessageWriter().string(2, 'empty')).finish();
    expect(() => readOnnxGraph(empty)).toThrow(/no nodes/);
  });
});
