import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocalModel, MODELS } from './fixtures';

function folder(name: string, files: Record<string, string | { copy: string }>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'salient-')), name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    if (typeof content === 'string') writeFileSync(join(dir, path), content);
    else copyFileSync(content.copy, join(dir, path));
  }
  return dir;
}

test('a model folder without config.json says what is missing', async ({ page }) => {
  const dir = folder('no-config', { 'tokenizer.json': '{}', 'onnx/model.onnx': 'x' });
  await page.goto('/');
  await page.getByText('Folder from disk').click();
  await page.getByTestId('folder-input').setInputFiles(dir);
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-error')).toContainText('has no config.json');
});

test('an ONNX file that is not one is reported, and a good folder then loads', async ({ page }) => {
  const tiny = join(MODELS, 'tiny-bert-en');
  const bad = folder('bad-onnx', {
    'config.json': { copy: join(tiny, 'config.json') },
    'tokenizer.json': { copy: join(tiny, 'tokenizer.json') },
    'tokenizer_config.json': { copy: join(tiny, 'tokenizer_config.json') },
    'onnx/model.onnx': 'this is not a protobuf',
  });
  await page.goto('/');
  await page.getByText('Folder from disk').click();
  await page.getByTestId('folder-input').setInputFiles(bad);
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-error')).toContainText('is not a usable ONNX model');

  await page.getByTestId('folder-input').setInputFiles(tiny);
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-layers')).toContainText('5 (embeddings + 4) × 256');
});

test('a corpus error names file, line and column, and keeps the corpus already loaded', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await page.getByTestId('corpus-input').setInputFiles({
    name: 'broken.conllu',
    mimeType: 'text/plain',
    buffer: Buffer.from('1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tcat\tcat\tNOUN\n\n'),
  });
  await expect(page.getByTestId('corpus-error')).toContainText('broken.conllu:2:');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
});

test('a word that tokenizes to nothing gets a zero vector and a warning', async ({ page }) => {
  await page.goto('/');
  await loadLocalModel(page, 'tiny-bert-en');
  const conllu = ['1\tHello\thello\tINTJ\tUH\t_\t0\troot\t_\t_', '2\t\u200b\t\u200b\tSYM\tNFP\t_\t1\tdep\t_\t_', '3\tworld\tworld\tNOUN\tNN\t_\t1\tvocative\t_\t_', ''].join('\n');
  await page.getByTestId('corpus-input').setInputFiles({ name: 'zero-width.conllu', mimeType: 'text/plain', buffer: Buffer.from(conllu + '\n') });
  await expect(page.getByTestId('corpus-words')).toHaveText('3');
  await page.getByTestId('extract').click();
  await expect(page.getByTestId('dropped-words')).toContainText('1 word(s) tokenized to nothing');
  await expect(page.getByTestId('result-words')).toHaveText('3');
});
