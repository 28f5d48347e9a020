import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{mock-cec,integration,harness,scenarios,bench,scripts}/**/*.test.ts'],
    // Unit tests start real servers on free ports; two cores are plenty for forks.
    pool: 'forks',
    testTimeout: 15_000,
    // Every control API answer is checked against its route record: an undeclared one fails the test.
    env: { MOCK_CEC_CHECK_RESPONSES: '1' },
  },
});
