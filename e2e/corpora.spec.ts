/** Corpora as researchers have them: NeuroX parallel files, several splits at once, and bad files that cost nothing. */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { SHARED } from './fixtures';

const TUTORIAL = resolve(SHARED, 'data/neurox-samples/tutorials-data');

test("NeuroX's tutorial files fill train, dev and test in one drop", async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await page.getByTestId('corpus-input').setInputFiles(['train', 'dev', 'test'].flatMap((s) => [resolve(TUTORIAL, `pos_${s}.word`), resolve(TUTORIAL, `pos_${s}.label`)]));
  await expect(page.getByTestId('corpus-name')).toHaveText('pos_train.word');
  await expect(page.getByTestId('dev-corpus')).toContainText('pos_dev.word');
  await expect(page.getByTestId('test-corpus')).toContainText('pos_test.word');
  // The tutorial's one property is picked, since the corpus has no UPOS.
  await expect(page.getByTestId('task-select')).toHaveValue('label');
});

test('a label file that does not match its words is pinned to file and line, and the corpus already loaded stays', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
  await page.getByTestId('corpus-input').setInputFiles([
    { name: 'train.word', mimeType: 'text/plain', buffer: Buffer.from('The cat sat .\nDogs bark\n') },
    { name: 'train.upos', mimeType: 'text/plain', buffer: Buffer.from('DET NOUN VERB PUNCT\nNOUN\n') },
  ]);
  await expect(page.getByTestId('corpus-error')).toContainText('train.upos:2:1: 1 labels for 2 words');
  await expect(page.getByTestId('corpus-name')).toHaveText('demo-en.conllu');
});
