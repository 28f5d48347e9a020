import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chromiumExecutable,
  chromiumLaunchOptions,
  DEBIAN_CHROMIUM,
  DEBIAN_HEADLESS_SHELL,
  headedRun,
} from './launch-options.ts';

vi.mock('node:fs', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:fs')>()),
  existsSync: vi.fn(),
}));

const present = (...paths: string[]) =>
  vi.mocked(existsSync).mockImplementation((p) => paths.includes(String(p)));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the Chromium the harness launches', () => {
  it("runs Debian's headless shell when headless, and Debian's chromium when headed", () => {
    vi.stubEnv('MOCK_CEC_CHROMIUM', '');
    present(DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL);
    expect(chromiumExecutable()).toBe(DEBIAN_HEADLESS_SHELL);
    expect(chromiumLaunchOptions().executablePath).toBe(DEBIAN_HEADLESS_SHELL);
    expect(chromiumExecutable({ headless: false })).toBe(DEBIAN_CHROMIUM);
  });

  it('falls back to the one that is there, and to Playwright’s own when neither is', () => {
    vi.stubEnv('MOCK_CEC_CHROMIUM', '');
    present(DEBIAN_CHROMIUM);
    expect(chromiumExecutable()).toBe(DEBIAN_CHROMIUM);
    present(DEBIAN_HEADLESS_SHELL);
    expect(chromiumExecutable({ headless: false })).toBeUndefined();
    present();
    expect(chromiumExecutable()).toBeUndefined();
  });

  it('takes MOCK_CEC_CHROMIUM first, when it exists', () => {
    vi.stubEnv('MOCK_CEC_CHROMIUM', '/opt/chrome/chrome');
    present('/opt/chrome/chrome', DEBIAN_HEADLESS_SHELL);
    expect(chromiumExecutable()).toBe('/opt/chrome/chrome');
    present(DEBIAN_HEADLESS_SHELL);
    expect(chromiumExecutable()).toBe(DEBIAN_HEADLESS_SHELL);
  });

  it('knows a headed Playwright run by its flags or PWDEBUG', () => {
    expect(headedRun(['node', 'playwright', 'test'], {})).toBe(false);
    expect(headedRun(['node', 'playwright', 'test', '--headed'], {})).toBe(true);
    expect(headedRun(['node', 'playwright', 'test', '--ui'], {})).toBe(true);
    expect(headedRun(['node', 'playwright', 'test'], { PWDEBUG: '1' })).toBe(true);
  });
});
