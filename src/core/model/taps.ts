/**
 * Finds the tensors that hold each layer's hidden state ("taps") in an ONNX
 * export, by the module names exporters give nodes (`/encoder/layer.3/output/LayerNorm/...`).
 * A tap is the tensor that leaves a layer-norm scope: produced inside it and
 * consumed outside it (or a graph output). Exporters either emit one
 * LayerNormalization node or decompose it into ReduceMean/Sub/…/Add; both work.
 */
import type { OnnxGraph, OnnxNode } from './onnxGraph';

export interface Tap {
  /** Outputs: 0 = embeddings, k = output of transformer layer k (the final norm's for the last). MLP: block k. */
  layer: number;
  /** Name of the tensor in the graph. */
  tensor: string;
  /** The module scope it was found in, shown to users. */
  scope: string;
}

/** What a family's taps are, found from module scopes in node names. */
interface ScopeFamily {
  name: string;
  decoder: boolean;
  /** Encoders: the embeddings scope (its output) and each layer's last norm (its output). */
  embeddings?: RegExp[];
  layer?: RegExp;
  /** Decoders: each block's first norm (its input is the residual stream entering the block) and the final norm. */
  blockInputNorm?: RegExp;
  finalNorm?: RegExp;
  /** Each block's FFN output projection: its input is the MLP activation (the MLP neurons). */
  mlpDown: RegExp;
}

const ANY_PREFIX = String.raw`^\/?(?:[\w.]+\/)*`;
const scope = (body: string) => new RegExp(ANY_PREFIX + body + String.raw`(?=\/)`);

// Scopes match node names up to the module; order matters only for reporting.
const FAMILIES: ScopeFamily[] = [
  {
    // BERT, RoBERTa, XLM-R, ELECTRA, MiniLM, MPNet, DeBERTa, CamemBERT …
    name: 'BERT-style (encoder/layer.N/output/LayerNorm)',
    decoder: false,
    embeddings: [scope('embeddings_project'), scope(String.raw`embeddings\/LayerNorm`)],
    layer: scope(String.raw`encoder\/layer[._]\d+\/output\/LayerNorm`),
    mlpDown: scope(String.raw`encoder\/layer[._]\d+\/output\/dense`),
  },
  {
    name: 'DistilBERT-style (transformer/layer.N/output_layer_norm)',
    decoder: false,
    embeddings: [scope(String.raw`embeddings\/LayerNorm`)],
    layer: scope(String.raw`transformer\/layer[._]\d+\/output_layer_norm`),
    mlpDown: scope(String.raw`transformer\/layer[._]\d+\/ffn\/lin2`),
  },
  {
    // ALBERT applies one shared layer N times; exporters suffix repeated scopes (_1, _2, …).
    name: 'ALBERT-style (albert_layers.N/full_layer_layer_norm)',
    decoder: false,
    embeddings: [scope('embedding_hidden_mapping_in'), scope(String.raw`embeddings\/LayerNorm`)],
    layer: scope(String.raw`albert_layers[._]\d+\/full_layer_layer_norm(?:_\d+)?`),
    mlpDown: scope(String.raw`albert_layers[._]\d+\/ffn_output(?:_\d+)?`),
  },
  {
    // GPT-2 and distilgpt2 (GPT2Model and GPT2LMHeadModel exports).
    name: 'GPT-2-style decoder (h.N/ln_1, ln_f, h.N/mlp/c_proj)',
    decoder: true,
    blockInputNorm: scope(String.raw`h\.\d+\/ln_1`),
    finalNorm: scope('ln_f'),
    mlpDown: scope(String.raw`h\.\d+\/mlp\/c_proj`),
  },
  {
    // Llama, SmolLM2, Qwen2/2.5, Mistral (and GPT-NeoX's names for the same parts).
    name: 'Llama-style decoder (layers.N/input_layernorm, norm, layers.N/mlp/down_proj)',
    decoder: true,
    blockInputNorm: scope(String.raw`layers\.\d+\/input_layernorm`),
    finalNorm: scope('(?:norm|final_layer_norm)'),
    mlpDown: scope(String.raw`layers\.\d+\/mlp\/(?:down_proj|dense_4h_to_h)`),
  },
];

export class TapsNotFoundError extends Error {}

export interface FoundTaps {
  /** Hidden states as transformers' output_hidden_states: embeddings, each layer, (decoders) the final norm last. */
  taps: Tap[];
  /** Per block, the FFN activation (input of the FFN output projection); empty when not found. */
  mlp: Tap[];
  family: string;
  decoder: boolean;
}

/** Taps in layer order: embeddings first, then each layer in graph order; MLP activations per block. */
export function findTaps(graph: OnnxGraph): FoundTaps {
  const index = graphIndex(graph);
  for (const family of FAMILIES) {
    const taps = family.decoder ? decoderTaps(graph, index, family) : encoderTaps(graph, family);
    if (!taps) continue;
    const mlp = scopesInOrder(graph.nodes, family.mlpDown).map((s, layer) => ({ layer, scope: s, tensor: scopeInput(graph, index, s) }));
    return { taps, mlp: mlp.length === taps.length - 1 ? mlp : [], family: family.name, decoder: family.decoder };
  }
  throw new TapsNotFoundError(describeUnknownGraph(graph));
}

function encoderTaps(graph: OnnxGraph, family: ScopeFamily): Tap[] | undefined {
  const layerScopes = scopesInOrder(graph.nodes, family.layer!);
  if (layerScopes.length === 0) return undefined;
  const embeddingScope = family.embeddings!.map((pattern) => scopesInOrder(graph.nodes, pattern)[0]).find((s) => s !== undefined);
  if (!embeddingScope) return undefined;
  return [embeddingScope, ...layerScopes].map((s, layer) => ({ layer, scope: s, tensor: scopeOutput(graph, s) }));
}

/**
 * transformers' output_hidden_states for a decoder: the input of each block
 * (the embeddings for block 0, block k−1's output for block k), read where the
 * block's first norm takes it, and for the last layer the final norm's output.
 */
function decoderTaps(graph: OnnxGraph, index: GraphIndex, family: ScopeFamily): Tap[] | undefined {
  const norms = scopesInOrder(graph.nodes, family.blockInputNorm!);
  const finalNorm = scopesInOrder(graph.nodes, family.finalNorm!).find((s) => !family.blockInputNorm!.test(s + '/'));
  if (norms.length === 0 || !finalNorm) return undefined;
  const inputs = norms.map((s, layer) => ({ layer, scope: s.slice(0, s.lastIndexOf('/')), tensor: scopeInput(graph, index, s) }));
  return [...inputs, { layer: norms.length, scope: finalNorm, tensor: scopeOutput(graph, finalNorm) }];
}

function scopesInOrder(nodes: OnnxNode[], pattern: RegExp): string[] {
  const seen: string[] = [];
  for (const node of nodes) {
    const match = pattern.exec(node.name);
    if (match && !seen.includes(match[0])) seen.push(match[0]);
  }
  return seen;
}

interface GraphIndex {
  /** Tensor name → the node producing it. */
  producer: Map<string, OnnxNode>;
}

function graphIndex(graph: OnnxGraph): GraphIndex {
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const output of node.outputs) producer.set(output, node);
  return { producer };
}

/** The tensor produced inside `scope` that is used outside it (the last one, if several). */
function scopeOutput(graph: OnnxGraph, scope: string): string {
  const inside = graph.nodes.filter((n) => n.name.startsWith(scope + '/'));
  const producedInside = new Set(inside.flatMap((n) => n.outputs));
  const graphOutputs = new Set(graph.outputs.map((o) => o.name));
  const usedOutside = new Set<string>();
  for (const node of graph.nodes) {
    if (node.name.startsWith(scope + '/')) continue;
    for (const input of node.inputs) if (producedInside.has(input)) usedOutside.add(input);
  }
  const leaving = inside.flatMap((n) => n.outputs).filter((t) => usedOutside.has(t) || graphOutputs.has(t));
  if (leaving.length === 0) throw new TapsNotFoundError(`scope ${scope} has no output used by the rest of the graph`);
  return leaving[leaving.length - 1];
}

/**
 * The activation entering `scope`: of the tensors computed outside it (weights
 * and constants are not) that its nodes read, the one read most often (a
 * decomposed norm reads its input twice; a reshaping projection reads its input
 * for shapes too, while shape constants are read once).
 */
function scopeInput(graph: OnnxGraph, index: GraphIndex, scope: string): string {
  const reads = new Map<string, number>();
  for (const node of graph.nodes) {
    if (!node.name.startsWith(scope + '/')) continue;
    for (const input of node.inputs) {
      const producer = index.producer.get(input);
      if (!producer || producer.name.startsWith(scope + '/') || producer.opType === 'Constant') continue;
      reads.set(input, (reads.get(input) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [tensor, count] of reads) if (best === undefined || count > reads.get(best)!) best = tensor;
  if (!best) throw new TapsNotFoundError(`scope ${scope} reads no activation computed elsewhere in the graph`);
  return best;
}

/** An error message that shows what the graph holds, so users can tell us what to support. */
function describeUnknownGraph(graph: OnnxGraph): string {
  const opCounts = new Map<string, number>();
  for (const n of graph.nodes) opCounts.set(n.opType, (opCounts.get(n.opType) ?? 0) + 1);
  const scopes = new Set<string>();
  for (const n of graph.nodes) {
    const parts = n.name.split('/').filter(Boolean);
    if (parts.length > 1) scopes.add(parts.slice(0, Math.min(3, parts.length - 1)).join('/'));
  }
  const ops = [...opCounts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([op, n]) => `${op}×${n}`);
  return [
    'Could not find per-layer hidden states in this ONNX graph.',
    `Looked for: ${FAMILIES.map((f) => f.name).join('; ')}.`,
    `The graph has ${graph.nodes.length} nodes; inputs: ${graph.inputs.map((i) => i.name).join(', ') || 'none'}; outputs: ${graph.outputs.map((o) => o.name).join(', ') || 'none'}.`,
    `Most common ops: ${ops.join(', ')}.`,
    `Module scopes: ${[...scopes].slice(0, 20).join(', ') || 'none (node names carry no module path)'}.`,
    ...fusedOpsHint(opCounts),
  ].join('\n');
}

/** ONNX Runtime's fused contrib ops: only an optimised export has them, and it loses module names. */
const FUSED_OPS = ['SkipLayerNormalization', 'EmbedLayerNormalization', 'SkipSimplifiedLayerNormalization', 'SimplifiedLayerNormalization', 'FastGelu', 'BiasGelu', 'Attention', 'MultiHeadAttention', 'GroupQueryAttention'];

function fusedOpsHint(opCounts: Map<string, number>): string[] {
  const fused = FUSED_OPS.filter((op) => opCounts.has(op));
  if (fused.length === 0) return [];
  return [`It holds fused ops (${fused.join(', ')}): exports optimised this way lose module names; use an unoptimised export (e.g. Xenova/* or optimum-cli export onnx --optimize none).`];
}
