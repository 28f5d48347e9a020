import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, headedRun } from './harness/package/launch-options.ts';

// Simulators started by the tests check every control API answer against its route record.
process.env.MOCK_CEC_CHECK_RESPONSES ??= '1';

export default defineConfig({
  testMatch: '**/*.spec.ts',
  // examples/other-crm/tests run in a consumer project against the installed package (harness/package/consumer.test.ts).
  testIgnore: ['**/node_modules/**', '**/examples/other-crm/**'],
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [
        ['list'],
        ['junit', { outputFile: 'reports/junit.xml' }],
        ['html', { open: 'never', outputFolder: 'reports/html' }],
      ]
    : [['list'], ['html', { open: 'never', outputFolder: 'reports/html' }]],
  use: {
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    // Debian's headless shell or Chromium (real WebRTC with fake devices); Playwright's own elsewhere.
    launchOptions: chromiumLaunchOptions({ headless: !headedRun() }),
  },
});
