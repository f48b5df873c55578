/**
 * The ONNX Runtime build for a backend. WASM gets the plain SIMD-threaded build
 * (14 MB; about 7% faster than the asyncify build on the same work, issue 14); the
 * WebGPU build (its asyncify WASM, 27 MB) is imported and fetched only when WebGPU
 * is chosen. Both are served from our own origin: transformers.js would point ONNX
 * Runtime at a CDN, which offline users (and COEP) cannot reach.
 */
import type { OrtApi } from '../src/core/model/ort';
import type { Backend } from '../src/core/options';

import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import plainFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import asyncifyFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';

type OrtWeb = typeof import('onnxruntime-web');
const loaded: Partial<Record<Backend, Promise<OrtWeb>>> = {};

async function load(backend: Backend): Promise<OrtWeb> {
  const ort: OrtWeb = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  const [wasm, mjs] = backend === 'webgpu' ? [asyncifyWasmUrl, asyncifyFactoryUrl] : [plainWasmUrl, plainFactoryUrl];
  ort.env.wasm.wasmPaths = { wasm: new URL(wasm, self.location.href).href, mjs: new URL(mjs, self.location.href).href };
  return ort;
}

/** The runtime module for `backend` (imported once), with `numThreads` set before its first session. */
export async function ortFor(backend: Backend, threads: number): Promise<OrtWeb & OrtApi> {
  const ort = await (loaded[backend] ??= load(backend));
  ort.env.wasm.numThreads = threads;
  return ort as OrtWeb & OrtApi;
}
