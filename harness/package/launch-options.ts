import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * How the harness launches Chromium: Debian's where it exists (or
 * MOCK_CEC_CHROMIUM), Playwright's own elsewhere, with fake media devices so
 * WebRTC runs with real audio and no prompt. The same as this repository's
 * playwright.config.ts; a team's own config can use it as `use.launchOptions`.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = [process.env.MOCK_CEC_CHROMIUM, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  return {
    executablePath,
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  };
}
