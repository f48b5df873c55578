/**
 * A run too large for the tab streams its activations from row files in OPFS: the LCA worker,
 * told that nothing fits in memory, copies the stored rows out of IndexedDB into a file and
 * trains from it. The result and the inspector's figures equal those of the same run held in
 * memory, number for number.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, type RunRecord } from '../src/core/run';
import { EWT_DEV } from './fixtures';

const sample = readFileSync(EWT_DEV, 'utf8').split('\n\n').slice(0, 60).join('\n\n') + '\n\n';

test('a run streamed from row files gives the result it gives in memory', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/harness.html');
  await page.waitForFunction(() => window.salientReady);
  const setup = await page.evaluate(async (text) => {
    const info = await window.salient.openModel({ kind: 'hub', id: 'local/tiny-bert-en', host: `${location.origin}/hub` }, { backend: 'wasm' });
    const loaded = await window.salient.loadCorpus('sample.conllu', text);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const done = await window.salient.extract({ aggregation: 'last', includeSpecialTokens: false, dtype: 'float16', reuseStored: false });
    return { model: info.id, onnxFile: info.onnxFile.path, corpus: loaded.corpus, activationId: done.activationId };
  }, sample);

  const run: RunRecord = {
    id: 'streamed',
    createdAt: new Date().toISOString(),
    settings: {
      ...DEFAULT_SETTINGS,
      model: setup.model,
      onnxFile: setup.onnxFile,
      task: 'upos',
      epochs: 3,
      seeds: 2,
      corpora: [{ split: 'train', name: 'sample.conllu', hash: setup.corpus.hash, sentences: setup.corpus.sentences, words: setup.corpus.words }],
    },
    status: 'running',
    stage: 'oracle',
    activationIds: { train: setup.activationId },
  };
  const once = (limit: number) =>
    page.evaluate(
      async ({ record, limit }) => {
        const lca = window.salientLca;
        await lca.setInMemoryLimit(limit);
        const holding = await lca.holding(record);
        const done = await lca.runLca(record);
        const detail = await lca.neuronDetail(record, done.result!.ranking.ordering[0]);
        const search = await lca.searchWord(record, 'the', 5);
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('salient-rows', { create: true });
        const files: string[] = [];
        for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) files.push(name);
        return { holding, result: { ...done.result!, timings: {} }, detail, search, files };
      },
      { record: run, limit },
    );
  const streamed = await once(0);

  // A second tab cannot open the file this one holds, and says why.
  const other = await page.context().newPage();
  await other.goto('/harness.html');
  await other.waitForFunction(() => window.salientReady);
  const refused = await other.evaluate(async (record) => {
    await window.salientLca.setInMemoryLimit(0);
    return window.salientLca.holding(record).then(
      () => 'opened',
      (error: Error) => error.message,
    );
  }, run);
  expect(refused).toContain('another Salient tab has open');
  await other.close();

  const inMemory = await once(Number.POSITIVE_INFINITY);
  const both = { streamed, inMemory };
  expect(both.streamed.holding).toBe('files');
  expect(both.inMemory.holding).toBe('memory');
  // One row file and its completion mark while streaming; none once a run is held in memory again.
  expect(both.streamed.files).toHaveLength(2);
  expect(both.inMemory.files).toEqual([]);
  expect(both.streamed.result).toEqual(both.inMemory.result);
  expect(both.streamed.detail).toEqual(both.inMemory.detail);
  expect(both.streamed.search).toEqual(both.inMemory.search);
  expect(both.streamed.result.oracle.test.accuracy).toBeGreaterThan(both.streamed.result.baseline!.test);
});
