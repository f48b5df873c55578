import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { hubHandler } from './src/node/hubServer.ts';
import { serviceWorkerPlugin, SW_FILE } from './src/node/serviceWorkerBuild.ts';
import pkg from './package.json' with { type: 'json' };

// COOP/COEP make the page cross-origin isolated: SharedArrayBuffer, so WASM threads.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** MODELS_DIR=<folder> serves local models at /hub in the hub's URL layout (see src/node/hubServer.ts). */
function localModels(): Plugin {
  const dir = process.env.MODELS_DIR;
  const mount = (server: { middlewares: { use: (path: string, fn: ReturnType<typeof hubHandler>) => void } }) => {
    if (dir) server.middlewares.use('/hub', hubHandler({ root: resolve(dir) }));
  };
  return { name: 'salient-local-models', configureServer: mount, configurePreviewServer: mount };
}

export default defineConfig({
  // Relative by default, so one dist/ works under any path (a lab server, a bucket, GitHub Pages' /<repo>/);
  // BASE_PATH=/salient/ gives absolute URLs instead.
  base: process.env.BASE_PATH ?? './',
  plugins: [react(), localModels(), serviceWorkerPlugin()],
  define: {
    __SALIENT_VERSION__: JSON.stringify(pkg.version),
    // SALIENT_PUBLIC_URL=https://lab.example.org/salient/: where share links made on localhost point.
    __SALIENT_PUBLIC_URL__: JSON.stringify(process.env.SALIENT_PUBLIC_URL ?? ''),
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // onnxruntime-web finds its .wasm next to its own module; pre-bundling would move it.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        harness: resolve(import.meta.dirname, 'harness.html'),
        sw: resolve(import.meta.dirname, 'src/sw/serviceWorker.ts'),
      },
      // The service worker keeps a fixed name at the root: its scope is the folder it is served from.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js') },
    },
  },
});
