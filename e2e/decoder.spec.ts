/**
 * A decoder and its MLP neurons: the llama fixture (LlamaForCausalLM export with
 * past key/values, grouped-query attention) from the hub stand-in, the first 300
 * sentences of EWT dev, UPOS on MLP neurons, to the heatmap and the inspector.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { EWT_DEV, screenshot } from './fixtures';

/** The first `n` sentences of a CoNLL-U file, named so that it fills the training split. */
function slice(file: string, n: number): { name: string; mimeType: string; buffer: Buffer } {
  const sentences = readFileSync(file, 'utf8').split(/\n\s*\n/).slice(0, n);
  return { name: 'ewt-slice.conllu', mimeType: 'text/plain', buffer: Buffer.from(sentences.join('\n\n') + '\n\n') };
}

test('UPOS on the llama fixture’s MLP neurons: heatmap and inspector say MLP neuron', async ({ page, baseURL }) => {
  await page.goto(`/?hub=${encodeURIComponent(`${baseURL}/hub`)}`);
  await page.getByRole('radio', { name: 'Hub id' }).check();
  await page.getByTestId('hub-trust').click(); // a host from a link is used once confirmed
  await page.getByPlaceholder('owner/name').fill('arch/llama');
  await expect(page.getByTestId('onnx-file')).toHaveValue('onnx/model.onnx');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-layers')).toContainText('4 (embeddings + 3) × 64');
  await expect(page.getByTestId('model-mlp')).toHaveText('3 × 128');
  await expect(page.getByTestId('model-kind')).toContainText('decoder');
  await expect(page.getByTestId('model-kind')).toContainText('2048 tokens');

  await page.getByTestId('corpus-input').setInputFiles(slice(EWT_DEV, 300));
  await expect(page.getByTestId('corpus-sentences')).toHaveText('300');
  const words = Number((await page.getByTestId('corpus-words').textContent())!.replace(/,/g, ''));

  await page.getByTestId('neurons-select').selectOption('mlp');
  // 2 bytes a value: words × 3 MLP layers × 128.
  await expect(page.getByTestId('storage-estimate')).toContainText(`${words.toLocaleString('en-US')} words × 3 MLP layers × 128, float16`);
  await page.getByTestId('layers-input').fill('every:x');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a layer selection' })).toBeVisible();
  await expect(page.getByTestId('run-lca')).toBeDisabled();
  await page.getByTestId('layers-input').fill('all');

  await page.getByTestId('task-select').selectOption('upos');
  await page.getByTestId('run-lca').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 600_000 });
  const runId = new URL(page.url()).hash.split('/')[2];
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-layers', '3');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-neurons', '128');
  await expect(page.getByTestId('summary-neurons')).toHaveText('3 MLP layers × 128 MLP neurons');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const result = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(result.neurons).toBe('mlp');
  expect([result.layers, result.neuronsPerLayer]).toEqual([3, 128]);
  expect(result.ranking.ordering).toHaveLength(384);

  // Hover the top-ranked neuron's cell: the tooltip names an MLP neuron of a model layer.
  const top: number = result.ranking.ordering[0];
  const layer = Math.floor(top / 128);
  const unit = top % 128;
  const cells = page.getByTestId('heatmap-cells');
  const box = (await cells.boundingBox())!;
  const position = { x: ((unit + 0.5) / 128) * box.width, y: ((layer + 0.5) / 3) * box.height };
  await cells.hover({ position });
  await expect(page.getByTestId('heatmap-tooltip')).toContainText(`Layer ${layer + 1} MLP, MLP neuron ${unit} (#${top})`);
  await expect(page.getByTestId('heatmap-tooltip')).toContainText('rank 1');
  await screenshot(page, 'mlp-heatmap');
  await cells.click({ position });
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}/layer/${layer}/neuron/${unit}$`));
  await expect(page.getByTestId('neuron-title')).toContainText(`MLP neuron ${top}: layer ${layer + 1} MLP, unit ${unit} — rank 1 of 384`);
  await expect(page.getByTestId('top-words').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('histogram')).toBeVisible();

  // A typed sentence goes through the decoder again and lights up by this MLP neuron.
  await page.getByTestId('typed-sentence').fill('She quickly wrote three letters to her friends .');
  const typed = page.locator('section[aria-labelledby="typed-heading"] [data-testid="activation-text"] span');
  await expect(typed.first()).toHaveText('She');
  await expect(typed).toHaveCount(9);
  expect(Number(await typed.nth(1).getAttribute('data-value'))).not.toBeNaN();
  await screenshot(page, 'mlp-neuron');

  await page.getByTestId('view-classes').click();
  await expect(page.getByTestId('classes-view')).toContainText('Top MLP neurons (layer:unit)');
});
