/** The one IndexedDB database of Salient: activations (meta + chunks) and runs. */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ActivationMeta } from '../core/store/activationStore';
import type { Corpus } from '../core/corpus';
import type { RunRecord } from '../core/run/types';

export interface SalientDB extends DBSchema {
  activations: { key: string; value: ActivationMeta & { id: string } };
  chunks: { key: [string, number, number]; value: { data: Uint16Array | Float32Array } };
  runs: { key: string; value: RunRecord };
  /** Parsed corpora by hash: a run reopened after a reload needs its words and labels. */
  corpora: { key: string; value: { hash: string; corpus: Corpus } };
}

let dbPromise: Promise<IDBPDatabase<SalientDB>> | undefined;

export function salientDb(): Promise<IDBPDatabase<SalientDB>> {
  dbPromise ??= openDB<SalientDB>('salient', 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('activations', { keyPath: 'id' });
        database.createObjectStore('chunks');
      }
      if (oldVersion < 2) {
        database.createObjectStore('runs', { keyPath: 'id' });
        database.createObjectStore('corpora', { keyPath: 'hash' });
      }
    },
  });
  return dbPromise;
}
