/**
 * The Slurm scripts, run through a stand-in `sbatch` that executes each job at
 * once (array tasks in turn) and enforces `--dependency=afterok`: two shards of
 * NeuroX's tutorial sentences, then the merge, equal one unsharded extraction.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractShard } from '../../src/cli/extract';
import { openActivationFile } from '../../src/node/activationFiles';
import { modelDir } from '../fixtures';
import { expectSame, readAll, SAMPLES, tempDir } from '../interop/helpers';

const SUBMIT = path.resolve(import.meta.dirname, '../../scripts/slurm/submit.sh');

const FAKE_SBATCH = `#!/bin/bash
# Test stand-in for sbatch: runs the job now and prints a job id, as --parsable does.
echo "sbatch $*" >> "$FAKE_SLURM_LOG"
array=; dependency=; script=
for a in "$@"; do case "$a" in --array=*) array=\${a#--array=} ;; --dependency=*) dependency=\${a#--dependency=} ;; -*) ;; *) script=$a ;; esac; done
id=$(( $(wc -l < "$FAKE_SLURM_LOG") + 1000 ))
if [ -n "$dependency" ] && ! grep -qx "ok \${dependency#afterok:}" "$FAKE_SLURM_LOG"; then echo "dependency $dependency not met" >&2; exit 1; fi
if [ -n "$array" ]; then
  lo=\${array%-*}; hi=\${array#*-}
  for i in $(seq "$lo" "$hi"); do
    SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) bash "$script" >> "$FAKE_SLURM_LOG.out" 2>&1 || exit 1
  done
else
  SLURM_JOB_ID=$id bash "$script" >> "$FAKE_SLURM_LOG.out" 2>&1 || exit 1
fi
echo "ok $id" >> "$FAKE_SLURM_LOG"
echo "$id"
`;

describe('scripts/slurm/submit.sh', () => {
  it('queues one extraction per shard, then a merge after all of them; the merged file equals one extraction', async () => {
    const dir = tempDir();
    const bin = path.join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(path.join(bin, 'sbatch'), FAKE_SBATCH);
    chmodSync(path.join(bin, 'sbatch'), 0o755);
    const corpus = path.join(SAMPLES, 'tutorials-data/pos_train.word');
    const log = path.join(dir, 'slurm.log');
    writeFileSync(log, '');
    const run = spawnSync('bash', [SUBMIT, '--gres=gpu:1'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_SLURM_LOG: log, MODEL: modelDir('tiny-bert-en'), CORPUS: corpus, OUT: path.join(dir, 'acts'), SHARDS: '2', DEVICE: 'cpu' },
    });
    expect(run.status, `${run.stderr}\n${readFileSync(`${log}.out`, 'utf8')}`).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n');
    const calls = lines.filter((l) => l.startsWith('sbatch'));
    const [arrayJob, mergeJob] = lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
    expect(calls[0]).toMatch(/--array=0-1 --gres=gpu:1 .*extract-array\.sbatch$/);
    expect(calls[1]).toContain(`--dependency=afterok:${arrayJob} `);
    expect(calls[1]).toMatch(/merge\.sbatch$/);
    expect(run.stdout).toContain(`merge: job ${mergeJob}, after every shard succeeded`);

    const single = path.join(dir, 'single.hdf5');
    await extractShard({ model: modelDir('tiny-bert-en'), corpus, aggregation: 'last', format: 'hdf5', dtype: 'float16', device: 'cpu', out: single, log: () => {} });
    const [merged, whole] = [await readAll(await openActivationFile(path.join(dir, 'acts/merged.hdf5'))), await readAll(await openActivationFile(single))];
    expect(merged).toHaveLength(10);
    merged.forEach((s, i) => expectSame(s.values, whole[i].values, `sentence ${i}`));
  }, 120_000);
});
