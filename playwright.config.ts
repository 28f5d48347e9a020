import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium where it exists (real WebRTC with fake devices); Playwright's own elsewhere. */
// Simulators started by the tests check every control API answer against its route record.
process.env.MOCK_CEC_CHECK_RESPONSES ??= '1';

const executablePath = [process.env.MOCK_CEC_CHROMIUM, '/usr/bin/chromium'].find((p) => p && existsSync(p));

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
    launchOptions: {
      executablePath,
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
