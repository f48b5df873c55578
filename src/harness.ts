/**
 * Test and benchmark entry point (harness.html): exposes the same extraction
 * worker the app uses, so Playwright can drive the engine directly and read
 * raw activations (e.g. to compare WebGPU with WASM).
 */
import { extractionEngine } from './ui/engine';

declare global {
  interface Window {
    salient: ReturnType<typeof extractionEngine>;
    salientReady: boolean;
  }
}

window.salient = extractionEngine();
window.salientReady = true;
