/** Whether a model's weights fit the backend in use, said before anything is downloaded. */

/**
 * Memory while loading: the downloaded bytes and the runtime's own copy of the weights exist together (the patched
 * graph is released once the session holds it), so about twice the weights, plus activations per batch.
 */
export const loadingBytes = (weights: number) => 2 * weights;

/** WASM memory is 32-bit: 4 GB for weights, their copy while loading, and every intermediate tensor. */
export const WASM_WEIGHT_LIMIT = 1.5 * 1024 ** 3;

/** A plain sentence when weights this large cannot run on the backend in use; undefined when they fit. */
export function tooLargeFor(backend: 'wasm' | 'webgpu', weights: number): string | undefined {
  if (backend === 'wasm' && weights > WASM_WEIGHT_LIMIT) {
    return `These weights (${formatBytes(weights)}) are too large for the WASM backend: WebAssembly memory stops at 4 GB, and loading needs the weights twice (≈ ${formatBytes(loadingBytes(weights))}) plus the activations. Use WebGPU (a browser with a GPU), a half-precision file (model_fp16.onnx) or a smaller model.`;
  }
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (!bytes) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  return `${(bytes / 1024 ** i).toFixed(i ? 1 : 0)} ${units[i]}`;
}
