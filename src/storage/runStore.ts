/** Runs in IndexedDB: settings, results and probe weights survive a reload. */
import type { Corpus } from '../core/corpus';
import type { RunRecord } from '../core/run/types';
import { salientDb } from './db';

export async function saveRun(run: RunRecord): Promise<void> {
  await (await salientDb()).put('runs', run);
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return (await salientDb()).get('runs', id);
}

/** Newest first. */
export async function listRuns(): Promise<RunRecord[]> {
  const runs = await (await salientDb()).getAll('runs');
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function deleteRun(id: string): Promise<void> {
  await (await salientDb()).delete('runs', id);
}

export async function saveCorpus(hash: string, corpus: Corpus): Promise<void> {
  await (await salientDb()).put('corpora', { hash, corpus });
}

export async function getCorpus(hash: string): Promise<Corpus | undefined> {
  return (await salientDb()).get('corpora', hash).then((entry) => entry?.corpus);
}

/** Runs left `running` by a closed or reloaded page are interrupted: they can be resumed or discarded. */
export async function markInterruptedRuns(): Promise<void> {
  for (const run of await listRuns()) if (run.status === 'running') await saveRun({ ...run, status: 'interrupted' });
}
