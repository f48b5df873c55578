import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { hubHandler } from './src/node/hubServer.ts';

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
  plugins: [react(), localModels()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // onnxruntime-web finds its .wasm next to its own module; pre-bundling would move it.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { main: resolve(import.meta.dirname, 'index.html'), harness: resolve(import.meta.dirname, 'harness.html') } },
  },
});
