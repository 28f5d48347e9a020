import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{mock-cec,integration,harness,scenarios,bench}/**/*.test.ts'],
    // Unit tests start real servers on free ports; two cores are plenty for forks.
    pool: 'forks',
    testTimeout: 15_000,
  },
});
