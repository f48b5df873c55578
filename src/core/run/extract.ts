/**
 * The run recipe's first half: extract every layer of a corpus into a store built from its
 * key. The key (model, corpus, aggregation, special tokens, dtype) is given once, and the
 * store's shape (layers, width, rows per sentence) comes from the model and the tokenizer,
 * so nothing can disagree with what the engine writes. Workers, CLI, benchmarks and tests
 * all extract through this function.
 */
import { extractActivations, planLayout, type ExtractOptions, type ExtractSummary } from '../extract/extractor';
import type { LoadedModel } from '../model/loadModel';
import type { OrtApi } from '../model/ort';
import { gridKey, neuronGrid, type NeuronGrid } from '../neurons/neurons';
import { MemoryActivationStore, type ActivationKey, type ActivationMeta, type ActivationStore } from '../store/activationStore';

/** Engine options the key does not already fix. */
export type ExtractIntoOptions = Omit<ExtractOptions, 'aggregation' | 'includeSpecialTokens' | 'layout'>;

/** Makes the store for a key and shape: in memory, IndexedDB (`createIdbStore`), … */
export type StoreFactory<S extends ActivationStore> = (meta: ActivationMeta) => S | Promise<S>;

export const memoryStore: StoreFactory<MemoryActivationStore> = (meta) => new MemoryActivationStore(meta);

export async function extractToStore<S extends ActivationStore>(
  model: LoadedModel,
  ort: OrtApi,
  sentences: readonly (readonly string[])[],
  key: ActivationKey,
  createStore: StoreFactory<S>,
  options: ExtractIntoOptions = {},
): Promise<{ store: S; summary: ExtractSummary }> {
  const { stores, summary } = await extractGridsToStores(model, ort, sentences, key, [neuronGrid(model, 'outputs')], createStore, options);
  return { store: stores[0], summary };
}

/**
 * Several grids (layer outputs, MLP neurons, selected layers) from the same forward passes, one store each; each
 * store's key is `key` plus the grid's kind and layer numbers (absent for every layer output, the key stores always had).
 */
export async function extractGridsToStores<S extends ActivationStore>(
  model: LoadedModel,
  ort: OrtApi,
  sentences: readonly (readonly string[])[],
  key: ActivationKey,
  grids: readonly NeuronGrid[],
  createStore: StoreFactory<S>,
  options: ExtractIntoOptions = {},
): Promise<{ stores: S[]; summary: ExtractSummary }> {
  const layout = planLayout(model, sentences, key.includeSpecialTokens);
  const blocks = model.taps.length - 1;
  const stores: S[] = [];
  for (const grid of grids) {
    stores.push(
      await createStore({
        ...key,
        ...gridKey(grid, blocks),
        layers: grid.taps.length,
        hidden: grid.width,
        rows: layout.rowOffsets[sentences.length],
        sentences: sentences.length,
        rowOffsets: Array.from(layout.rowOffsets),
        droppedWords: 0,
        complete: false,
        createdAt: new Date().toISOString(),
      }),
    );
  }
  const groups = grids.map((g, i) => ({ taps: g.taps, width: g.width, sink: stores[i] }));
  const summary = await extractActivations(model, ort, sentences, groups, { ...options, aggregation: key.aggregation, includeSpecialTokens: key.includeSpecialTokens, layout });
  return { stores, summary };
}
