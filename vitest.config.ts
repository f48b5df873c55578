import { defineConfig } from 'vitest/config';

// Unit tests run in Node: the LCA core and the extraction engine have no DOM.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
