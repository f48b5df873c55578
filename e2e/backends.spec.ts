import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { EWT_DEV } from './fixtures';

// The first 40 sentences of EWT dev, as CoNLL-U.
const sample = readFileSync(EWT_DEV, 'utf8').split('\n\n').slice(0, 40).join('\n\n') + '\n\n';

test('WebGPU produces the same hidden states as WASM', async ({ page }) => {
  await page.goto('/harness.html');
  await page.waitForFunction(() => window.salientReady);
  const hasAdapter = await page.evaluate(async () => Boolean(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
  test.skip(!hasAdapter, 'this Chromium offers no WebGPU adapter');

  const result = await page.evaluate(async (text) => {
    const spec = { kind: 'hub' as const, id: 'local/tiny-bert-en', host: `${location.origin}/hub` };
    const run = async (backend: 'webgpu' | 'wasm') => {
      const info = await window.salient.openModel(spec, { backend });
      const loaded = await window.salient.loadCorpus('sample.conllu', text);
      if (!loaded.ok) throw new Error(loaded.error.message);
      const done = await window.salient.extract({ aggregation: 'average', includeSpecialTokens: true, dtype: 'float32', reuseStored: false });
      const layers: Float32Array[] = [];
      for (let l = 0; l < done.layers; l++) layers.push(await window.salient.readLayer(l));
      return { backend: info.backend.backend, layers };
    };
    const gpu = await run('webgpu');
    const cpu = await run('wasm');
    let maxAbsDiff = 0;
    let values = 0;
    gpu.layers.forEach((layer, l) => {
      for (let i = 0; i < layer.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(layer[i] - cpu.layers[l][i]));
      values += layer.length;
    });
    return { backends: [gpu.backend, cpu.backend], maxAbsDiff, values, layers: gpu.layers.length };
  }, sample);

  console.log(`WebGPU vs WASM: max abs diff ${result.maxAbsDiff.toExponential(2)} over ${result.values} values in ${result.layers} layers`);
  expect(result.backends).toEqual(['webgpu', 'wasm']);
  expect(result.layers).toBe(5);
  expect(result.maxAbsDiff).toBeLessThanOrEqual(1e-3);
});
