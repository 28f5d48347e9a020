/**
 * The suite the sharding test (sharding.spec.ts) splits across two Playwright
 * processes: a few quick scenarios of scenarios/, run against the simulator
 * MOCK_CEC_URL names, each shard writing a blob report to SHARD_BLOB_DIR.
 * The same settings as the main configuration otherwise.
 */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

export default defineConfig({
  ...base,
  testDir: '../../scenarios',
  testMatch: 'scenarios.spec.ts',
  workers: 1,
  reporter: [['list'], ['blob', { outputDir: process.env.SHARD_BLOB_DIR ?? 'reports/blob' }]],
  outputDir: process.env.SHARD_OUTPUT_DIR ?? 'test-results/shard',
});
