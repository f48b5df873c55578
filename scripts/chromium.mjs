// Where the end-to-end tests and browser benchmarks find Chromium. Playwright's own
// browser download is not used: we drive the system's Chromium.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags: no sandbox (root in CI), no network chatter (the machine is offline),
// and WebGPU exposed so the WebGPU path can be tested (SwiftShader adapter when there is no GPU).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export function assertChromium() {
  if (existsSync(chromiumPath)) return;
  console.error(
    `Chromium was not found at ${chromiumPath}.\n` +
      'The end-to-end tests and browser benchmarks drive a real Chromium.\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  Elsewhere: set CHROMIUM_PATH=/path/to/chromium (or chrome).',
  );
  process.exit(1);
}
