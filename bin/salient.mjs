#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so the CLI and the app share one source tree.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`salient: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
