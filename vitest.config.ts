import { defineConfig } from 'vitest/config';

// Unit tests run in Node: the LCA core and the extraction engine have no DOM.
// Component tests (*.test.tsx) opt into jsdom with a @vitest-environment comment.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
