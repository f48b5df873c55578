/**
 * Test and benchmark entry point (harness.html): exposes the same extraction
 * worker the app uses, so Playwright can drive the engine directly and read
 * raw activations (e.g. to compare WebGPU with WASM).
 */
import { Comlink, extractionEngine, lcaEngine } from '../workers/protocol';

declare global {
  interface Window {
    salient: ReturnType<typeof extractionEngine>;
    salientLca: ReturnType<typeof lcaEngine>;
    Comlink: typeof Comlink;
    salientReady: boolean;
  }
}

window.salient = extractionEngine();
window.salientLca = lcaEngine();
window.Comlink = Comlink;
window.salientReady = true;
