/// <reference lib="webworker" />
/**
 * Salient's service worker (built to dist/sw.js by the `salient-service-worker`
 * plugin in vite.config.ts, which fills in the manifest). Two jobs:
 *  - isolation: every page and script it serves carries COOP/COEP, so the app is
 *    cross-origin isolated (WASM threads) on static hosts that set no headers;
 *  - offline: the build's files live in a cache named after the build's version;
 *    cache first, so the app opens with no network. A new build installs beside the
 *    old one and waits until the page says "update" (see src/ui/serviceWorker.ts).
 */
import { appCacheName, pageFor, staleCaches, withIsolation, type BuildManifest } from './isolation';

declare const __SALIENT_BUILD__: BuildManifest;
const build: BuildManifest = __SALIENT_BUILD__;
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = appCacheName(build.version);
const scope = sw.registration.scope;
const full = (path: string): string => new URL(path, scope).href;
const known = new Set([...build.shell, ...build.large].map(full));

/** Fetches a file of this build, bypassing the HTTP cache (which may hold the previous build's index.html). */
async function store(cache: Cache, url: string): Promise<void> {
  const response = await fetch(new Request(url, { cache: 'reload' }));
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await cache.put(url, response);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(build.shell.map((path) => store(cache, full(path))))));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), build.version).map((name) => caches.delete(name)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'skip-waiting') void sw.skipWaiting();
  if (type === 'cache-all') {
    // The large files (WASM), so the app also extracts offline; the page hears when they are stored.
    const done = (async () => {
      const cache = await caches.open(CACHE);
      for (const path of build.large) if (!(await cache.match(full(path)))) await store(cache, full(path));
    })();
    event.waitUntil(
      done.then(
        () => (event.source as Client | null)?.postMessage({ type: 'cached', version: build.version }),
        (error: Error) => (event.source as Client | null)?.postMessage({ type: 'cache-failed', message: error.message }),
      ),
    );
  }
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  if (request.mode === 'navigate') return event.respondWith(navigate(request));
  const url = request.url.split(/[?#]/)[0];
  if (known.has(url)) event.respondWith(file(request, url));
  // Anything else (a dev server's /hub, the hub itself) goes to the network untouched.
});

async function file(request: Request, url: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(url);
  if (hit) return withIsolation(hit, url);
  const response = await fetch(request);
  // Best effort: on a full disk (QuotaExceededError) the file is still served, just not kept.
  if (response.status === 200) await cache.put(url, response.clone()).catch(() => {});
  return withIsolation(response, url);
}

async function navigate(request: Request): Promise<Response> {
  const page = full(pageFor(request.url, scope));
  if (known.has(page)) return file(new Request(page), page);
  try {
    return withIsolation(await fetch(request), request.url);
  } catch {
    // Offline, on a path the build does not have: the app, which tells what is wrong.
    const index = await (await caches.open(CACHE)).match(full('index.html'));
    if (index) return withIsolation(index, full('index.html'));
    throw new Error(`offline and ${request.url} is not stored`);
  }
}
