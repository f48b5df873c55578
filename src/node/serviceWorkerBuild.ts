/**
 * The build step behind dist/sw.js: src/sw/serviceWorker.ts is bundled as its own
 * entry (one classic script, no imports), and once dist/ is complete this plugin writes
 * the manifest into it — every file of the build, and a version hashed from their
 * contents, which names the worker's cache. Any change to any file changes sw.js, so
 * browsers see a new version and install it beside the old one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import type { BuildManifest } from '../sw/isolation';

export const SW_FILE = 'sw.js';
const PLACEHOLDER = '__SALIENT_BUILD__';
/** Files above this size (the WASM runtimes) are not fetched at install, which keeps the first visit's reload quick. */
const LARGE_BYTES = 2 << 20;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function buildManifest(outDir: string): BuildManifest {
  const files = walk(outDir)
    .map((path) => relative(outDir, path).split(sep).join('/'))
    .filter((path) => path !== SW_FILE && !path.endsWith('.map') && !path.startsWith('.vite/'))
    .sort();
  const hash = createHash('sha256');
  const shell: string[] = [];
  const large: string[] = [];
  for (const path of files) {
    const bytes = readFileSync(join(outDir, path));
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
    (bytes.length > LARGE_BYTES ? large : shell).push(path);
  }
  return { version: hash.digest('hex').slice(0, 12), shell, large };
}

export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'salient-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const swPath = join(outDir, SW_FILE);
      const code = readFileSync(swPath, 'utf8');
      if (!code.includes(PLACEHOLDER)) throw new Error(`${SW_FILE} has no ${PLACEHOLDER} to fill in`);
      if (/^\s*(import|export)\b/m.test(code)) throw new Error(`${SW_FILE} must be one classic script, but it imports or exports (did it share a module with the app?)`);
      const manifest = buildManifest(outDir);
      writeFileSync(swPath, code.replace(PLACEHOLDER, JSON.stringify(manifest)));
      config.logger.info(`${SW_FILE}: version ${manifest.version}, ${manifest.shell.length} files cached at install, ${manifest.large.length} large ones on first use`);
    },
  };
}
