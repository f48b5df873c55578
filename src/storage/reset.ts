/** The way out of a stored record that breaks the app: forget everything Salient stored in this browser. */
import { salientDb } from './db';
import { removeRowFiles } from './rowFiles';

export async function resetStorage(): Promise<void> {
  const db = await salientDb();
  // Cleared rather than deleted: the workers hold open connections, which would block a deletion.
  const tx = db.transaction(['activations', 'chunks', 'runs', 'corpora'], 'readwrite');
  await Promise.all([tx.objectStore('activations').clear(), tx.objectStore('chunks').clear(), tx.objectStore('runs').clear(), tx.objectStore('corpora').clear(), tx.done]);
  if (typeof caches !== 'undefined') await caches.delete('salient-models');
  if (typeof navigator.storage?.getDirectory === 'function') await removeRowFiles();
  for (const key of Object.keys(localStorage)) if (key.startsWith('salient.')) localStorage.removeItem(key);
}
