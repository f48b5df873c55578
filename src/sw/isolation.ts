/**
 * What the service worker does to a response, kept pure so it is unit-tested in Node:
 * the COOP/COEP headers that make the page cross-origin isolated (SharedArrayBuffer,
 * so WASM threads) on hosts that cannot set them, and the MIME types module scripts
 * and streaming WASM compilation insist on, for hosts that get them wrong.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  // require-corp, not credentialless: every cross-origin request the app makes is a CORS fetch
  // (the hub, a mirror), which require-corp allows, and Safari knows no credentialless.
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

const MIME: Record<string, string> = {
  wasm: 'application/wasm',
  mjs: 'text/javascript',
  js: 'text/javascript',
  html: 'text/html; charset=utf-8',
  css: 'text/css',
};

/** A copy of `response` with the isolation headers and, where the host sent a wrong one, the right MIME type. */
export function withIsolation(response: Response, url: string): Response {
  if (response.status === 0) return response; // opaque: neither readable nor changeable
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const wanted = ext ? MIME[ext] : undefined;
  if (wanted && !headers.get('content-type')?.startsWith(wanted.split(';')[0])) headers.set('Content-Type', wanted);
  // A new Response also drops `redirected`, which a navigation may not be answered with.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Cache names carry the build's version, so an update never mixes files of two builds. */
export const APP_CACHE_PREFIX = 'salient-app-';
export const appCacheName = (version: string): string => `${APP_CACHE_PREFIX}${version}`;
/** Caches an activating version deletes: older app caches only (the model cache and others stay). */
export const staleCaches = (names: string[], version: string): string[] => names.filter((n) => n.startsWith(APP_CACHE_PREFIX) && n !== appCacheName(version));

/** The page a navigation inside the scope shows: `…/` is `index.html`; the query never matters. */
export function pageFor(url: string, scope: string): string {
  const path = new URL(url).pathname.slice(new URL(scope).pathname.length);
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** What the build tells the worker: its version and the files of the app, relative to the scope. */
export interface BuildManifest {
  version: string;
  /** Cached when the worker installs (HTML, scripts, styles, small files). */
  shell: string[];
  /** Large files (the WASM runtimes): cached on first use and once the page is isolated. */
  large: string[];
}
