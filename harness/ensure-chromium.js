#!/usr/bin/env node
// Make sure a Chromium that can do real WebRTC is there before the browser tests run.
// Debian's chromium (with fake media devices) is what the suites use; Playwright's own
// download is not possible on machines without internet. Plain JS so it runs before tsx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

// Its headless shell runs the headless suites (harness/package/launch-options.ts): a third faster.
const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

if (process.env.MOCK_CEC_CHROMIUM && existsSync(process.env.MOCK_CEC_CHROMIUM)) process.exit(0);

const canApt = process.platform === 'linux' && existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
const missing = [
  [DEBIAN_CHROMIUM, 'chromium'],
  [DEBIAN_HEADLESS_SHELL, 'chromium-headless-shell'],
].filter(([path]) => !existsSync(path));
if (missing.length === 0) process.exit(0);
if (canApt) {
  const names = missing.map(([, name]) => name);
  console.log(`ensure-chromium: installing Debian's ${names.join(' and ')} (apt-get install), about 20 s`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env });
  try {
    try {
      install();
    } catch {
      // The package lists may be stale or absent: fetch them, then try again.
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      install();
    }
  } catch (err) {
    console.error(`ensure-chromium: apt-get install ${names.join(' ')} failed: ${err.message}`);
  }
  // Either of Debian's is enough (the headless shell cannot run headed; chromium is a third slower).
  process.exit(existsSync(DEBIAN_CHROMIUM) || existsSync(DEBIAN_HEADLESS_SHELL) ? 0 : 1);
}
// Without apt, either of Debian's is enough (the headless shell cannot run headed).
if (existsSync(DEBIAN_CHROMIUM) || existsSync(DEBIAN_HEADLESS_SHELL)) process.exit(0);

// Elsewhere (a developer's Mac) Playwright's own Chromium works when it has been installed.
try {
  const { chromium } = await import('playwright');
  if (existsSync(chromium.executablePath())) process.exit(0);
} catch {
  // fall through to the message
}
console.error(
  'ensure-chromium: no Chromium found. Install Debian\'s chromium (apt-get install chromium), run "npx playwright install chromium", or set MOCK_CEC_CHROMIUM to a Chromium binary.',
);
process.exit(1);
