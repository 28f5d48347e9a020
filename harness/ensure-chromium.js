#!/usr/bin/env node
// Make sure a Chromium that can do real WebRTC is there before the browser tests run.
// Debian's chromium (with fake media devices) is what the suites use; Playwright's own
// download is not possible on machines without internet. Plain JS so it runs before tsx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

if (process.env.MOCK_CEC_CHROMIUM && existsSync(process.env.MOCK_CEC_CHROMIUM)) process.exit(0);
if (existsSync(DEBIAN_CHROMIUM)) process.exit(0);

const canApt = process.platform === 'linux' && existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
if (canApt) {
  console.log('ensure-chromium: installing Debian chromium (apt-get install chromium), about 20 s');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  process.exit(existsSync(DEBIAN_CHROMIUM) ? 0 : 1);
}

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
