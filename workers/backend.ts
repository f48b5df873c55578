/**
 * Chooses the inference backend: WebGPU when the browser offers a real GPU
 * adapter, multi-threaded SIMD WASM otherwise. A software adapter (SwiftShader,
 * what headless Chromium offers with --enable-unsafe-webgpu) is slower than
 * WASM on the CPU it emulates, so `auto` skips it.
 */
import type { BackendPreference } from '../src/core/options';
import type { BackendChoice } from './protocol';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

async function probeAdapter(): Promise<{ info?: AdapterInfoLike; software: boolean } | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<({ info?: AdapterInfoLike; isFallbackAdapter?: boolean } & object) | null> } }).gpu;
  if (!gpu) return undefined;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
  const software = Boolean(info.isFallbackAdapter || adapter.isFallbackAdapter || /swiftshader|llvmpipe|software|microsoft basic render/.test(text));
  return { info, software };
}

/** What one thread costs; `npm run bench:static` measures it (README, Benchmarks). */
export const SINGLE_THREAD_COST =
  'Extraction then uses one core instead of all of them (up to 8): measured on a quiet 2-core machine, one thread extracted 1.43× slower; with more cores the cost grows up to their number.';

export function wasmThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)) : 1;
}

export async function chooseBackend(preference: BackendPreference): Promise<BackendChoice> {
  const threads = wasmThreads();
  const wasmNote = threads > 1 ? `${threads} threads, SIMD` : `single thread: the page is not cross-origin isolated. ${SINGLE_THREAD_COST}`;
  const probe = await probeAdapter();
  const adapter = probe?.info ? [probe.info.vendor, probe.info.architecture, probe.info.description].filter(Boolean).join(' / ') || 'unnamed adapter' : undefined;

  if (preference === 'wasm') return { backend: 'wasm', reason: `WASM chosen by you (${wasmNote})`, adapter, threads };
  if (preference === 'webgpu') {
    if (!probe) return { backend: 'wasm', reason: `WebGPU asked for, but this browser offers no WebGPU adapter; using WASM (${wasmNote})`, threads };
    return { backend: 'webgpu', reason: `WebGPU chosen by you${probe.software ? ' (software adapter: expect it to be slow)' : ''}`, adapter, threads };
  }
  if (!probe) return { backend: 'wasm', reason: `no WebGPU adapter in this browser; WASM (${wasmNote})`, threads };
  if (probe.software) return { backend: 'wasm', reason: `the only WebGPU adapter is a software fallback (${adapter}); WASM is faster (${wasmNote})`, adapter, threads };
  return { backend: 'webgpu', reason: `WebGPU adapter found (${adapter})`, adapter, threads };
}
