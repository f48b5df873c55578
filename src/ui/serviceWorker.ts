/**
 * The page's side of the service worker (src/sw/serviceWorker.ts): registers it, reloads
 * once so the page comes back cross-origin isolated (the worker adds COOP/COEP; headers
 * only count when a page is loaded), asks it to store the WASM files for offline use, and
 * offers a new version when one has installed. When isolation is impossible it says why,
 * and WASM runs on one thread.
 */
import { useSyncExternalStore } from 'react';

export interface AppStatus {
  /** Why WASM runs on one thread, when it does. */
  singleThreadReason?: string;
  /** About to reload once to turn isolation on. */
  reloading?: boolean;
  /** Isolation would come with a reload, but the researcher was already working: they choose when. */
  reloadForThreads?: boolean;
  /** A new version has installed and waits. */
  updateReady?: boolean;
  /** Another tab took the new version up; this one still runs the old files, which the host may no longer have. */
  updatedElsewhere?: boolean;
  /** Every file of this build is stored: the app opens and extracts offline. */
  offlineReady?: boolean;
}

const RELOADED = 'salient.isolationReload';
let status: AppStatus = {};
const listeners = new Set<() => void>();
function set(change: Partial<AppStatus>): void {
  status = { ...status, ...change };
  for (const listener of listeners) listener();
}

export function useAppStatus(): AppStatus {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => status,
  );
}

let registration: ServiceWorkerRegistration | undefined;
let updating = false;

/** Activates the waiting version; the page reloads when it takes over. */
export function applyUpdate(): void {
  updating = true;
  registration?.waiting?.postMessage({ type: 'skip-waiting' });
}

export function reloadForThreads(): void {
  sessionStorage.setItem(RELOADED, '1');
  location.reload();
}

export async function startServiceWorker(): Promise<void> {
  if (!crossOriginIsolated) set({ singleThreadReason: 'this page is not cross-origin isolated (its host sends no COOP/COEP headers, and no service worker has added them)' });
  if (!import.meta.env.PROD) return; // the dev server sets COOP/COEP itself and its files change all the time
  if (!('serviceWorker' in navigator)) return set({ singleThreadReason: 'this browser (or private window) offers no service workers, which would turn isolation on' });
  if (!isSecureContext) return set({ singleThreadReason: 'the page is not served over HTTPS (or localhost), so no service worker can turn isolation on' });

  // A researcher who already clicked or typed is not interrupted by a reload.
  let interacted = false;
  const touched = () => (interacted = true);
  addEventListener('pointerdown', touched, { capture: true, once: true });
  addEventListener('keydown', touched, { capture: true, once: true });

  const controlledAtStart = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updating) location.reload();
    else if (controlledAtStart) set({ updateReady: false, updatedElsewhere: true });
  });
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type: string; message?: string }>) => {
    if (event.data?.type === 'cached') set({ offlineReady: true });
    if (event.data?.type === 'cache-failed') console.warn(`Salient could not store every file for offline use: ${event.data.message}`);
  });
  try {
    registration = await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { updateViaCache: 'none' });
  } catch (error) {
    if (!crossOriginIsolated) set({ singleThreadReason: `the browser refused the service worker that turns isolation on (${(error as Error).message})` });
    return;
  }
  const watch = (worker: ServiceWorker | null) =>
    worker?.addEventListener('statechange', () => worker.state === 'installed' && navigator.serviceWorker.controller && set({ updateReady: true }));
  if (registration.waiting && navigator.serviceWorker.controller) set({ updateReady: true });
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration!.installing));

  const ready = await navigator.serviceWorker.ready;
  if (crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    ready.active?.postMessage({ type: 'cache-all' });
  } else if (sessionStorage.getItem(RELOADED)) {
    set({ singleThreadReason: 'this browser does not isolate the page even through the service worker' });
  } else if (interacted) {
    set({ reloadForThreads: true });
  } else {
    set({ reloading: true });
    reloadForThreads();
  }
}
