// Fails early, with instructions, when the browser the e2e tests need is missing.
import { assertChromium, chromiumPath } from './chromium.mjs';
assertChromium();
console.log(`Chromium: ${chromiumPath}`);
