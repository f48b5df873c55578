/**
 * Finds the tensors that hold each layer's hidden state ("taps") in an ONNX
 * export, by the module names exporters give nodes (`/encoder/layer.3/output/LayerNorm/...`).
 * A tap is the tensor that leaves a layer-norm scope: produced inside it and
 * consumed outside it (or a graph output). Exporters either emit one
 * LayerNormalization node or decompose it into ReduceMean/Sub/…/Add; both work.
 */
import type { OnnxGraph, OnnxNode } from './onnxGraph';

export interface Tap {
  /** 0 = embeddings, k = output of transformer layer k. */
  layer: number;
  /** Name of the tensor in the graph. */
  tensor: string;
  /** The module scope it was found in, shown to users. */
  scope: string;
}

interface ScopeFamily {
  name: string;
  embeddings: RegExp[];
  layer: RegExp;
}

// Scopes match node names up to the layer-norm module; order matters only for reporting.
const FAMILIES: ScopeFamily[] = [
  {
    // BERT, RoBERTa, XLM-R, ELECTRA, MiniLM, MPNet, DeBERTa, CamemBERT …
    name: 'BERT-style (encoder/layer.N/output/LayerNorm)',
    embeddings: [/^\/?(?:[\w.]+\/)*embeddings_project(?=\/)/, /^\/?(?:[\w.]+\/)*embeddings\/LayerNorm(?=\/)/],
    layer: /^\/?(?:[\w.]+\/)*encoder\/layer[._]\d+\/output\/LayerNorm(?=\/)/,
  },
  {
    name: 'DistilBERT-style (transformer/layer.N/output_layer_norm)',
    embeddings: [/^\/?(?:[\w.]+\/)*embeddings\/LayerNorm(?=\/)/],
    layer: /^\/?(?:[\w.]+\/)*transformer\/layer[._]\d+\/output_layer_norm(?=\/)/,
  },
  {
    // ALBERT applies one shared layer N times; exporters suffix repeated scopes (_1, _2, …).
    name: 'ALBERT-style (albert_layers.N/full_layer_layer_norm)',
    embeddings: [/^\/?(?:[\w.]+\/)*embedding_hidden_mapping_in(?=\/)/, /^\/?(?:[\w.]+\/)*embeddings\/LayerNorm(?=\/)/],
    layer: /^\/?(?:[\w.]+\/)*albert_layers[._]\d+\/full_layer_layer_norm(?:_\d+)?(?=\/)/,
  },
];

export class TapsNotFoundError extends Error {}

/** Taps in layer order: embeddings first, then each layer in graph order. */
export function findTaps(graph: OnnxGraph): { taps: Tap[]; family: string } {
  for (const family of FAMILIES) {
    const layerScopes = scopesInOrder(graph.nodes, family.layer);
    if (layerScopes.length === 0) continue;
    const embeddingScope = family.embeddings
      .map((pattern) => scopesInOrder(graph.nodes, pattern)[0])
      .find((scope) => scope !== undefined);
    if (!embeddingScope) continue;
    const scopes = [embeddingScope, ...layerScopes];
    const taps = scopes.map((scope, layer) => ({ layer, scope, tensor: scopeOutput(graph, scope) }));
    return { taps, family: family.name };
  }
  throw new TapsNotFoundError(describeUnknownGraph(graph));
}

function scopesInOrder(nodes: OnnxNode[], pattern: RegExp): string[] {
  const seen: string[] = [];
  for (const node of nodes) {
    const match = pattern.exec(node.name);
    if (match && !seen.includes(match[0])) seen.push(match[0]);
  }
  return seen;
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
    'Exports optimised with fused ops (e.g. SkipLayerNormalization) lose module names; use an unoptimised export (e.g. Xenova/* or optimum-cli export onnx --optimize none).',
  ].join('\n');
}
