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
  const layout = planLayout(model, sentences, key.includeSpecialTokens);
  const store = await createStore({
    ...key,
    layers: model.taps.length,
    hidden: model.hidden,
    rows: layout.rowOffsets[sentences.length],
    sentences: sentences.length,
    rowOffsets: Array.from(layout.rowOffsets),
    droppedWords: 0,
    complete: false,
    createdAt: new Date().toISOString(),
  });
  const summary = await extractActivations(model, ort, sentences, store, { ...options, aggregation: key.aggregation, includeSpecialTokens: key.includeSpecialTokens, layout });
  return { store, summary };
}
