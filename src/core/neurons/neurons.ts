/**
 * Two kinds of neuron: layer outputs (the hidden states transformers'
 * output_hidden_states gives, NeuroX's unit) and MLP neurons (each block's FFN
 * activation: GELU output in BERT-family models and GPT-2, SiLU(gate)·up in
 * Llama/Qwen). A run picks one kind, or both — analysed as two grids side by
 * side, never one probe over both (their scales differ, and NeuroX files need
 * one width per file).
 *
 * Layer numbers follow NeuroX/transformers: 0 = embeddings, k = the output of
 * block k−1. The MLP of block k−1 carries number k too: it lives inside the
 * block whose output is layer k.
 */
import type { Tap } from '../model/taps';
import type { NeuronChoice } from '../options';

export const NEURON_KINDS = ['outputs', 'mlp'] as const;
export type NeuronKind = (typeof NEURON_KINDS)[number];

export { NEURONS, type NeuronChoice } from '../options';

export function kindsOf(choice: NeuronChoice): NeuronKind[] {
  return choice === 'both' ? ['outputs', 'mlp'] : [choice];
}

/** Which model layers to keep: every k-th, within [from, to] (inclusive, model layer numbers). */
export interface LayerSelection {
  every?: number;
  from?: number;
  to?: number;
}

/** The model layer numbers a kind offers: outputs 0…L, MLP 1…L. */
export function availableLayers(kind: NeuronKind, blocks: number): number[] {
  return kind === 'outputs' ? [...Array(blocks + 1).keys()] : Array.from({ length: blocks }, (_, i) => i + 1);
}

export function selectLayers(available: readonly number[], selection: LayerSelection = {}): number[] {
  const every = Math.max(1, Math.floor(selection.every ?? 1));
  const from = selection.from ?? -Infinity;
  const to = selection.to ?? Infinity;
  const inRange = available.filter((n) => n >= from && n <= to);
  // Every k-th counted from the first layer in range, and the last one always kept (the most processed).
  const picked = inRange.filter((_, i) => i % every === 0);
  const last = inRange[inRange.length - 1];
  if (last !== undefined && picked[picked.length - 1] !== last) picked.push(last);
  return picked;
}

export function parseLayerSelection(text: string): LayerSelection {
  // "every:2", "4-12", "4-12/2"
  const trimmed = text.trim();
  if (!trimmed || trimmed === 'all') return {};
  const every = /^every:(\d+)$/.exec(trimmed);
  if (every) return { every: Number(every[1]) };
  const range = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(trimmed);
  if (range) return { from: Number(range[1]), to: Number(range[2]), every: range[3] ? Number(range[3]) : undefined };
  throw new Error(`"${text}" is not a layer selection: use all, every:K, FROM-TO or FROM-TO/K (model layer numbers, 0 = embeddings)`);
}

export function formatLayerSelection(selection: LayerSelection): string {
  const every = selection.every && selection.every > 1 ? selection.every : undefined;
  if (selection.from === undefined && selection.to === undefined) return every ? `every:${every}` : 'all';
  return `${selection.from ?? 0}-${selection.to ?? 999}${every ? `/${every}` : ''}`;
}

/** The part of a loaded model this module needs. */
export interface TappedModel {
  taps: readonly Tap[];
  mlpTaps: readonly Tap[];
  hidden: number;
  mlpWidth: number;
}

/** One grid of neurons to extract: its taps, their width, their model layer numbers. */
export interface NeuronGrid {
  kind: NeuronKind;
  taps: Tap[];
  width: number;
  layerNumbers: number[];
}

export function neuronGrid(model: TappedModel, kind: NeuronKind, selection: LayerSelection = {}): NeuronGrid {
  const blocks = model.taps.length - 1;
  if (kind === 'mlp' && model.mlpTaps.length === 0) throw new Error('this model offers no MLP neurons: its graph has no FFN output projection Salient recognises');
  const numbers = selectLayers(availableLayers(kind, blocks), selection);
  if (numbers.length === 0) throw new Error(`the layer selection ${formatLayerSelection(selection)} keeps no ${kind === 'mlp' ? 'MLP' : 'output'} layer of this model`);
  const taps = numbers.map((n) => (kind === 'outputs' ? model.taps[n] : model.mlpTaps[n - 1]));
  return { kind, taps, width: kind === 'outputs' ? model.hidden : model.mlpWidth, layerNumbers: numbers };
}

/** Bytes the stored activations take: words × Σ grid widths × layers × bytes per value. */
export function activationBytes(words: number, grids: readonly Pick<NeuronGrid, 'width' | 'layerNumbers'>[], bytesPerValue: number): number {
  return grids.reduce((n, g) => n + words * g.width * g.layerNumbers.length * bytesPerValue, 0);
}

/** "layer 3" or "layer 3 MLP": how a grid row is named everywhere. */
export function layerLabel(kind: NeuronKind | undefined, layerNumber: number): string {
  return kind === 'mlp' ? `layer ${layerNumber} MLP` : `layer ${layerNumber}`;
}

export function neuronKindLabel(kind: NeuronKind | undefined): string {
  return kind === 'mlp' ? 'MLP neuron' : 'neuron';
}

/** The model layer number of grid row `row`: as listed, else every layer (outputs 0…L, MLP 1…L). */
export function layerNumberOf(grid: GridLabels, row: number): number {
  return grid.layerNumbers?.[row] ?? (grid.neurons === 'mlp' ? row + 1 : row);
}

/** Whether `numbers` are a kind's every layer, which grids and results leave unlisted. */
export function allLayers(kind: NeuronKind, numbers: readonly number[]): boolean {
  return numbers.every((n, row) => n === layerNumberOf({ neurons: kind }, row));
}

/** The store-key fields of a grid: absent for every layer output (the key stores always had). */
export function gridKey(grid: NeuronGrid, blocks: number): { neurons?: NeuronKind; layerNumbers?: number[] } {
  const subset = grid.layerNumbers.length !== availableLayers(grid.kind, blocks).length || !allLayers(grid.kind, grid.layerNumbers);
  return { ...(grid.kind === 'mlp' ? { neurons: 'mlp' as const } : {}), ...(subset ? { layerNumbers: grid.layerNumbers } : {}) };
}

/** What names a grid's rows: the kind of neuron and the model layer number of each row. */
export interface GridLabels {
  neurons?: NeuronKind;
  layerNumbers?: number[];
}

/** A grid row's name: "embeddings", "layer 3" or "layer 3 MLP". */
export function rowName(grid: GridLabels, row: number): string {
  const n = layerNumberOf(grid, row);
  if (grid.neurons === 'mlp') return `layer ${n} MLP`;
  return n === 0 ? 'embeddings' : `layer ${n}`;
}

/** A short row name for axes: "emb", "L3", "M3" (MLP). */
export function rowShortName(grid: GridLabels, row: number): string {
  const n = layerNumberOf(grid, row);
  if (grid.neurons === 'mlp') return `M${n}`;
  return n === 0 ? 'emb' : `L${n}`;
}

/** "MLP neuron 17 of layer 3" / "neuron 17 of layer 3" / "neuron 17 of the embeddings". */
export function describeNeuron(grid: GridLabels, row: number, unit: number): string {
  const n = layerNumberOf(grid, row);
  if (grid.neurons === 'mlp') return `MLP neuron ${unit} of layer ${n}`;
  return n === 0 ? `neuron ${unit} of the embeddings` : `neuron ${unit} of layer ${n}`;
}
