/**
 * NeuroX's own tutorial files (pos_{train,dev,test}.word/.label): activations
 * extracted to NeuroX files with `salient extract`, then a whole LCA run on those
 * files alone, with no model: what a NeuroX user's pipeline hands over.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractShard } from '../../src/cli/extract';
import { runLca } from '../../src/cli/run';
import { openActivationFile } from '../../src/node/activationFiles';
import { modelDir } from '../fixtures';
import { readAll, SAMPLES, sampleCorpus, tempDir } from '../interop/helpers';

const word = (split: string) => path.join(SAMPLES, `tutorials-data/pos_${split}.word`);

describe('NeuroX tutorial files through extract and run --activations', () => {
  it('extracts each .word file (no labels needed) and runs LCA on the files alone', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const [split, format] of [['train', 'hdf5'], ['dev', 'json'], ['test', 'hdf5']] as const) {
      files[split] = path.join(dir, `pos_${split}.${format}`);
      await extractShard({ model: modelDir('tiny-bert-en'), corpus: word(split), aggregation: 'last', format, dtype: 'float32', device: 'cpu', out: files[split], log: () => {} });
    }
    const train = sampleCorpus('tutorials-data/pos_train.word', 'tutorials-data/pos_train.label');
    const sentences = await readAll(await openActivationFile(files.train));
    expect(sentences.map((s) => s.words)).toEqual(train.sentences.map((s) => s.words.length));
    expect(sentences[0].tokens).toEqual(train.sentences[0].words);

    const log: string[] = [];
    const result = await runLca({
      corpus: word('train'), dev: word('dev'), test: word('test'), task: 'label',
      activations: { train: files.train, dev: files.dev, test: files.test },
      aggregation: 'last', lambda1: 1e-5, lambda2: 1e-5, epochs: 5, seed: 1, out: path.join(dir, 'result.json'), log: (l) => log.push(l),
    });
    expect(log.some((l) => l.startsWith('loading'))).toBe(false); // no model was opened
    expect(result.model).toBe('local/tiny-bert-en');
    expect(result.counts.train).toBe(train.sentences.reduce((n, s) => n + s.words.length, 0));
    expect(result.labels).toContain('NNP');
    expect(result.ranking.ordering).toHaveLength(5 * 256);
  }, 120_000);
});
