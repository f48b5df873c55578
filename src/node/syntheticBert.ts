/**
 * Writes a BERT encoder as ONNX with seeded random weights, so benchmarks can run
 * Salient at real size (BERT-base: 12 layers × 768, 110M parameters) without a
 * download. Nodes and initializers are named as Optimum's export (torch.onnx,
 * opset 14) names them — `/embeddings/LayerNorm/…`, `/encoder/layer.N/output/LayerNorm/…`
 * — and the tokenizer is tiny-bert-en's (the bert-base-uncased vocabulary, 30,522
 * entries), so the model goes through exactly the path a real export takes.
 * The weights mean nothing; only the shapes and the arithmetic are real.
 *
 * The protobuf is written part by part (each weight's bytes are one part), never
 * assembled in one buffer. Field numbers are onnx.proto's.
 */
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeVarint } from '../core/model/protobuf';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocab: number;
  positions: number;
}

export const BERT_BASE: BertShape = { layers: 12, hidden: 768, heads: 12, intermediate: 3072, vocab: 30522, positions: 512 };

const FLOAT = 1;
const INT64 = 7;
type Parts = Uint8Array[];

const utf8 = new TextEncoder();
const tag = (field: number, wire: number) => Uint8Array.from(encodeVarint(field * 8 + wire));
const size = (parts: Parts) => parts.reduce((n, p) => n + p.length, 0);
const varint = (field: number, value: number): Parts => [tag(field, 0), Uint8Array.from(encodeVarint(value))];
const bytes = (field: number, inner: Parts): Parts => [tag(field, 2), Uint8Array.from(encodeVarint(size(inner))), ...inner];
const str = (field: number, value: string): Parts => bytes(field, [utf8.encode(value)]);

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian). */
function tensor(name: string, type: number, dims: number[], data: Float32Array | BigInt64Array): Parts {
  return [...dims.flatMap((d) => varint(1, d)), ...varint(2, type), ...str(8, name), ...bytes(9, [new Uint8Array(data.buffer, data.byteOffset, data.byteLength)])];
}

/** AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20 (FLOAT 1, INT 2, INTS 7). */
type Attribute = { name: string; int?: number; float?: number; ints?: number[] };
function attribute(a: Attribute): Parts {
  if (a.float !== undefined) {
    const f = new Uint8Array(new Float32Array([a.float]).buffer);
    return [...str(1, a.name), tag(2, 5), f, ...varint(20, 1)];
  }
  if (a.ints) return [...str(1, a.name), ...a.ints.flatMap((v) => varint(8, v)), ...varint(20, 7)]; // non-negative only
  return [...str(1, a.name), ...varint(3, a.int!), ...varint(20, 2)];
}

/** ValueInfoProto with a tensor type and named or fixed dimensions. */
function valueInfo(name: string, elem: number, dims: (string | number)[]): Parts {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? varint(1, d) : str(2, d)));
  return [...str(1, name), ...bytes(2, bytes(1, [...varint(1, elem), ...bytes(2, shape)]))];
}

/** mulberry32: a small seeded generator, so the same seed writes the same model. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class GraphBuilder {
  readonly nodes: Parts[] = [];
  readonly initializers: Parts[] = [];
  private matmuls = 0;
  constructor(private readonly next: () => number) {}

  node(op: string, name: string, inputs: string[], attributes: Attribute[] = [], output = `${name}_output_0`): string {
    this.nodes.push([...inputs.flatMap((i) => str(1, i)), ...str(2, output), ...str(3, name), ...str(4, op), ...attributes.flatMap((a) => bytes(5, attribute(a)))]);
    return output;
  }

  /** Weights uniform in ±0.02·√3 (standard deviation 0.02, BERT's initializer range). */
  weight(name: string, dims: number[]): string {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const scale = 0.02 * Math.sqrt(3) * 2;
    for (let i = 0; i < data.length; i++) data[i] = (this.next() - 0.5) * scale;
    this.initializers.push(tensor(name, FLOAT, dims, data));
    return name;
  }

  filled(name: string, dims: number[], value: number): string {
    this.initializers.push(tensor(name, FLOAT, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value)));
    return name;
  }

  ints(name: string, values: number[], dims = [values.length]): string {
    this.initializers.push(tensor(name, INT64, dims, BigInt64Array.from(values.map(BigInt))));
    return name;
  }

  /** Optimum names a linear layer's transposed weight `onnx::MatMul_<n>` and keeps its bias name. */
  linear(scope: string, module: string, x: string, inDim: number, outDim: number): string {
    const w = this.weight(`onnx::MatMul_${1000 + this.matmuls++}`, [inDim, outDim]);
    const bias = this.filled(`${module}.bias`, [outDim], 0);
    const product = this.node('MatMul', `${scope}/MatMul`, [x, w]);
    return this.node('Add', `${scope}/Add`, [bias, product]);
  }

  /** LayerNorm as torch.onnx decomposes it at opset 14 (over axis 2 of [batch, seq, hidden]). */
  layerNorm(scope: string, module: string, x: string, hidden: number, output?: string): string {
    const mean = this.node('ReduceMean', `${scope}/ReduceMean`, [x], [{ name: 'axes', ints: [2] }]);
    const centred = this.node('Sub', `${scope}/Sub`, [x, mean]);
    const squared = this.node('Pow', `${scope}/Pow`, [centred, this.filled(`${scope}/Constant_output_0`, [], 2)]);
    const variance = this.node('ReduceMean', `${scope}/ReduceMean_1`, [squared], [{ name: 'axes', ints: [2] }]);
    const shifted = this.node('Add', `${scope}/Add`, [variance, this.filled(`${scope}/Constant_1_output_0`, [], 1e-12)]);
    const std = this.node('Sqrt', `${scope}/Sqrt`, [shifted]);
    const normed = this.node('Div', `${scope}/Div`, [centred, std]);
    const scaled = this.node('Mul', `${scope}/Mul`, [normed, this.filled(`${module}.weight`, [hidden], 1)]);
    return this.node('Add', `${scope}/Add_1`, [scaled, this.filled(`${module}.bias`, [hidden], 0)], [], output);
  }
}

/** The ONNX ModelProto of a BERT encoder with seeded random weights, as a list of byte parts. */
export function bertOnnx(shape: BertShape, seed = 1): Parts {
  const g = new GraphBuilder(random(seed));
  const { layers, hidden, heads, intermediate, vocab, positions } = shape;
  const headSize = hidden / heads;

  // Additive attention mask [batch, 1, 1, seq]: 0 where attended, the float32 minimum where padded.
  let mask = g.node('Unsqueeze', '/Unsqueeze', ['attention_mask', g.ints('/Constant_output_0', [1])]);
  mask = g.node('Unsqueeze', '/Unsqueeze_1', [mask, g.ints('/Constant_1_output_0', [2])]);
  mask = g.node('Cast', '/Cast', [mask], [{ name: 'to', int: FLOAT }]);
  mask = g.node('Sub', '/Sub', [g.filled('/Constant_2_output_0', [], 1), mask]);
  mask = g.node('Mul', '/Mul', [mask, g.filled('/Constant_3_output_0', [], -3.4028234663852886e38)]);

  // Embeddings: word + token type + position (position ids sliced from a [1, positions] buffer).
  const seqShape = g.node('Shape', '/embeddings/Shape', ['input_ids']);
  const seqLen = g.node('Gather', '/embeddings/Gather', [seqShape, g.ints('/embeddings/Constant_output_0', [1], [])], [{ name: 'axis', int: 0 }]);
  const end = g.node('Unsqueeze', '/embeddings/Unsqueeze', [seqLen, g.ints('/embeddings/Constant_2_output_0', [0])]);
  const positionIds = g.node('Slice', '/embeddings/Slice', [
    g.ints('embeddings.position_ids', Array.from({ length: positions }, (_, i) => i), [1, positions]),
    g.ints('/embeddings/Constant_1_output_0', [0]), end, g.ints('/embeddings/Constant_3_output_0', [1]), g.ints('/embeddings/Constant_4_output_0', [1]),
  ]);
  const words = g.node('Gather', '/embeddings/word_embeddings/Gather', [g.weight('embeddings.word_embeddings.weight', [vocab, hidden]), 'input_ids']);
  const types = g.node('Gather', '/embeddings/token_type_embeddings/Gather', [g.weight('embeddings.token_type_embeddings.weight', [2, hidden]), 'token_type_ids']);
  const summed = g.node('Add', '/embeddings/Add', [words, types]);
  const position = g.node('Gather', '/embeddings/position_embeddings/Gather', [g.weight('embeddings.position_embeddings.weight', [positions, hidden]), positionIds]);
  let x = g.layerNorm('/embeddings/LayerNorm', 'embeddings.LayerNorm', g.node('Add', '/embeddings/Add_1', [summed, position]), hidden);

  const splitHeads = g.ints('/encoder/split_heads_shape', [0, 0, heads, headSize]);
  const mergeHeads = g.ints('/encoder/merge_heads_shape', [0, 0, hidden]);
  const scale = g.filled('/encoder/attention_scale', [], Math.sqrt(headSize));
  for (let l = 0; l < layers; l++) {
    const scope = `/encoder/layer.${l}`;
    const module = `encoder.layer.${l}`;
    const self = `${scope}/attention/self`;
    const project = (name: string, index: string, perm: number[]) => {
      const projected = g.linear(`${self}/${name}`, `${module}.attention.self.${name}`, x, hidden, hidden);
      const split = g.node('Reshape', `${self}/Reshape${index}`, [projected, splitHeads]);
      return g.node('Transpose', `${self}/Transpose${index}`, [split], [{ name: 'perm', ints: perm }]);
    };
    const query = project('query', '', [0, 2, 1, 3]);
    const key = project('key', '_1', [0, 2, 3, 1]);
    const value = project('value', '_2', [0, 2, 1, 3]);
    const scores = g.node('Div', `${self}/Div`, [g.node('MatMul', `${self}/MatMul`, [query, key]), scale]);
    const probs = g.node('Softmax', `${self}/Softmax`, [g.node('Add', `${self}/Add`, [scores, mask])], [{ name: 'axis', int: 3 }]);
    const context = g.node('Transpose', `${self}/Transpose_3`, [g.node('MatMul', `${self}/MatMul_1`, [probs, value])], [{ name: 'perm', ints: [0, 2, 1, 3] }]);
    const merged = g.node('Reshape', `${self}/Reshape_3`, [context, mergeHeads]);
    const attended = g.linear(`${scope}/attention/output/dense`, `${module}.attention.output.dense`, merged, hidden, hidden);
    const residual = g.node('Add', `${scope}/attention/output/Add`, [attended, x]);
    const normed = g.layerNorm(`${scope}/attention/output/LayerNorm`, `${module}.attention.output.LayerNorm`, residual, hidden);

    // GELU as torch.onnx writes it: x · ½ · (1 + erf(x / √2)).
    const up = g.linear(`${scope}/intermediate/dense`, `${module}.intermediate.dense`, normed, hidden, intermediate);
    const erf = g.node('Erf', `${scope}/intermediate/Erf`, [g.node('Div', `${scope}/intermediate/Div`, [up, g.filled(`${scope}/intermediate/Constant_output_0`, [], Math.SQRT2)])]);
    const gate = g.node('Add', `${scope}/intermediate/Add`, [erf, g.filled(`${scope}/intermediate/Constant_1_output_0`, [], 1)]);
    const gelu = g.node('Mul', `${scope}/intermediate/Mul_1`, [g.node('Mul', `${scope}/intermediate/Mul`, [up, gate]), g.filled(`${scope}/intermediate/Constant_2_output_0`, [], 0.5)]);
    const down = g.linear(`${scope}/output/dense`, `${module}.output.dense`, gelu, intermediate, hidden);
    const out = g.node('Add', `${scope}/output/Add`, [down, normed]);
    x = g.layerNorm(`${scope}/output/LayerNorm`, `${module}.output.LayerNorm`, out, hidden, l === layers - 1 ? 'last_hidden_state' : undefined);
  }

  const graph: Parts = [
    ...g.nodes.flatMap((n) => bytes(1, n)),
    ...str(2, 'main_graph'),
    ...g.initializers.flatMap((t) => bytes(5, t)),
    ...['input_ids', 'attention_mask', 'token_type_ids'].flatMap((name) => bytes(11, valueInfo(name, INT64, ['batch_size', 'sequence_length']))),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden])),
  ];
  // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 (domain = 1, version = 2).
  return [...varint(1, 8), ...str(2, 'pytorch'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...varint(2, 14)])];
}

/**
 * Writes a model folder in the transformers.js layout (config.json, tokenizer files,
 * onnx/model.onnx). The tokenizer files come from `tokenizerDir`; the window is the model's.
 */
export function writeBertFolder(dir: string, shape: BertShape, tokenizerDir: string, seed = 1): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const config = {
    _name_or_path: 'salient/bert-base-shaped-random',
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_act: 'gelu',
    hidden_size: shape.hidden,
    intermediate_size: shape.intermediate,
    layer_norm_eps: 1e-12,
    max_position_embeddings: shape.positions,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    pad_token_id: 0,
    type_vocab_size: 2,
    vocab_size: shape.vocab,
    salient_note: `seeded random weights (seed ${seed}); written by src/node/syntheticBert.ts`,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  for (const file of ['tokenizer.json', 'vocab.txt', 'special_tokens_map.json']) {
    if (existsSync(join(tokenizerDir, file))) copyFileSync(join(tokenizerDir, file), join(dir, file));
  }
  const tokenizerConfig = JSON.parse(readFileSync(join(tokenizerDir, 'tokenizer_config.json'), 'utf8'));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, model_max_length: shape.positions }, null, 2));

  // Written beside and renamed when complete, so an interrupted run never leaves a model that looks whole.
  const target = join(dir, 'onnx/model.onnx');
  const fd = openSync(`${target}.partial`, 'w');
  try {
    for (const part of bertOnnx(shape, seed)) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  renameSync(`${target}.partial`, target);
}

/** The BERT-base-shaped model folder under `cacheDir`, written on first use. */
export function ensureBertBase(cacheDir: string, tokenizerDir: string): string {
  const dir = join(cacheDir, 'bert-base-shaped');
  if (!existsSync(join(dir, 'onnx/model.onnx'))) writeBertFolder(dir, BERT_BASE, tokenizerDir);
  return dir;
}
