/**
 * `salient run` with evaluation files that hold nothing (issue 10): refused, naming the file,
 * before any model is loaded or anything extracted, and no result is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, modelDir } from '../fixtures';

const BIN = path.resolve(import.meta.dirname, '../../bin/salient.mjs');
const EWT_DEV = path.join(DATA, 'ud-english-ewt/en_ewt-ud-dev.conllu');

describe('salient run refuses empty evaluation files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'salient-hostile-'));
  const cases: [flag: string, name: string, text: string][] = [
    ['--test', 'empty-test.conllu', ''],
    ['--test', 'comments-test.conllu', '# sent_id = 1\n# text = nothing here\n'],
    ['--dev', 'blank-dev.conllu', '\n\n\n'],
  ];
  for (const [flag, name, text] of cases) {
    it(`${flag} ${name}`, () => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const out = path.join(dir, `${name}.json`);
      const run = spawnSync(process.execPath, [BIN, 'run', '--model', modelDir('tiny-bert-en'), '--corpus', EWT_DEV, flag, file, '--task', 'upos', '--out', out], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${name}:1:1: no sentences found (the file is empty or holds only comments)`);
      expect(run.stderr).not.toContain('loading'); // refused before the model was opened
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a missing activation file is named before anything is extracted', () => {
    const out = path.join(dir, 'missing.json');
    const run = spawnSync(process.execPath, [BIN, 'run', '--model', modelDir('tiny-bert-en'), '--corpus', EWT_DEV, '--test', EWT_DEV, '--test-activations', path.join(dir, 'nope.hdf5'), '--task', 'upos', '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('activation file not found');
    expect(run.stderr).not.toContain('loading');
  });
});
