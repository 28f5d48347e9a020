import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (`apt-get install chromium`): headed or headless. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/**
 * Debian's headless shell (`apt-get install chromium-headless-shell`): the
 * same engine without the browser's UI layers, what Playwright itself runs
 * headless. A scenario costs it about a third less wall time on 2 cores
 * (docs/benchmarks.md, Scenarios); it cannot run headed.
 */
export const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The Chromium binary the harness runs: MOCK_CEC_CHROMIUM when set, else
 * Debian's headless shell (headless only), else Debian's chromium; undefined
 * when none is there (Playwright's own download, where it was installed).
 */
export function chromiumExecutable(o: { headless?: boolean } = {}): string | undefined {
  const headless = o.headless ?? true;
  return [process.env.MOCK_CEC_CHROMIUM, headless ? DEBIAN_HEADLESS_SHELL : undefined, DEBIAN_CHROMIUM].find(
    (p): p is string => p !== undefined && p !== '' && existsSync(p),
  );
}

/**
 * How the harness launches Chromium (chromiumExecutable), with fake media
 * devices so WebRTC runs with real audio and no prompt. The same as this
 * repository's playwright.config.ts; a team's own config can use it as
 * `use.launchOptions` (`headless: false` for a headed run: the shell cannot).
 */
export function chromiumLaunchOptions(o: { headless?: boolean } = {}): LaunchOptions {
  return {
    executablePath: chromiumExecutable(o),
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

/** Whether this Playwright run was asked to show its browser (`--headed`, `--debug`, `--ui`, PWDEBUG). */
export function headedRun(argv: readonly string[] = process.argv, env = process.env): boolean {
  return argv.some((a) => a === '--headed' || a === '--debug' || a === '--ui') || Boolean(env.PWDEBUG);
}
