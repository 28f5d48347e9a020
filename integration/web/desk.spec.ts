import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type MockCec, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import { type Integration, startIntegration } from '../start-integration.ts';
import { configFor } from '../testing/against-mock-cec.ts';
import { type StandInCcbar, startStandInCcbar } from '../testing/stand-in-ccbar.ts';
import { type StandInSip, startStandInSip } from '../testing/stand-in-sip.ts';

/**
 * The agent desk in real Chromium over HTTPS (the simulator's development
 * certificate): sign-in, lockout, and the bar loaded the vendor's way through
 * the real verification API, and the softphone ringing, answered, carrying
 * audio, hung up. The bar and the SIP server here are stand-ins
 * (testing/stand-in-*.ts), written before mock-cec served its own; it does now,
 * and harness/e2e/agent-desk.spec.ts runs the same desk against the real ones.
 * Everything on the integration's side is the real thing.
 */
const PASSWORD = 'Desk-Demo-2026';
let dir: string;
let cec: MockCec;
let bar: StandInCcbar;
let sip: StandInSip;
let integration: Integration;
let agents: string[];

test.describe.configure({ mode: 'default' }); // one worker, one set of servers, tests in order

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'integration-desk-'));
  const certDir = join(dir, 'certs');
  cec = await startMockCec({ tls: true, certDir, seed: 71 });
  const [key, cert] = await Promise.all([
    readFile(join(certDir, 'server-key.pem'), 'utf8'),
    readFile(join(certDir, 'server-cert.pem'), 'utf8'),
  ]);
  bar = await startStandInCcbar({
    tls: { key, cert, ca: cec.cert!.ca },
    integration: () => ({
      verificationUrl: `${integration.url}${integration.config.verification.path}`,
      origin: integration.url,
    }),
  });
  const tenant = cec.sim.tenants()[0]!.config;
  const first = tenant.agents[0]!;
  sip = await startStandInSip({ tls: { key, cert }, user: first.sipAccount, password: first.sipPwd });
  const config = configFor(cec, dir, {
    cec: { contextPath: bar.contextPath },
    softphone: { wsUrl: sip.wsUrl },
  });
  integration = await startIntegration(config);
  agents = tenant.agents.map((a) => a.accountCode);
  for (const code of agents) await integration.users.create(code, PASSWORD, code);
});

test.afterAll(async () => {
  await integration?.close();
  await bar?.close();
  await sip?.close();
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${integration.url}/login`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signs in over HTTPS; the bar loads through the token callback and its events reach the page', async ({
  page,
}) => {
  const cspViolations: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  bar.mode = 'pass';
  await signIn(page, agents[0]!, PASSWORD);
  await expect(page.getByText(`Signed in as ${agents[0]}`)).toBeVisible();
  await expect(page.locator('#bar-status')).toHaveText(/bar is loaded/);
  await expect(page.frameLocator('iframe[name="ccbarclient"]').locator('title')).toHaveCount(1);
  // The stand-in answers the eventpost subscription with Ready, then PhoneAlerting.
  await expect(page.locator('#agent-state')).toHaveText('Ringing');
  await expect(page.getByRole('alert')).toHaveText('Incoming call: the phone is ringing.');
  const seen = await page.evaluate(() => window.agentDesk.events.map((e) => e.eventType));
  expect(seen).toEqual(['AgentState_Ready', 'AgentOther_PhoneAlerting']);
  // The softphone registered with the synced softphone number and password (digest).
  await expect(page.locator('#phone-state')).toHaveText('Registered');
  expect(sip.log.slice(0, 2)).toEqual(['REGISTER 401', 'REGISTER 200']);
  expect(cspViolations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the softphone rings, is answered remotely, carries audio both ways, and hangs up', async ({ page }) => {
  bar.mode = 'pass';
  await signIn(page, agents[0]!, PASSWORD);
  await expect(page.locator('#phone-state')).toHaveText('Registered');
  const offer = await customerOffer(page);
  const answered = sip.ring(offer);
  await expect(page.locator('#call-state')).toHaveText('Ringing: Customer');
  await expect(page.getByRole('button', { name: 'Pick up' })).toBeEnabled();
  expect(await sip.notify('talk')).toBe(200); // the CEC's remote answer (the bar's Answer button)
  const answer = await answered;
  await customerHears(page, answer);
  await expect(page.locator('#call-state')).toHaveText('In a call with Customer');

  const audio = () =>
    page.evaluate(async () => {
      const heard = async (pc: RTCPeerConnection | undefined) => {
        let packets = 0;
        let energy = 0;
        for (const s of (await pc?.getStats())?.values() ?? []) {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            packets += s.packetsReceived ?? 0;
            energy += s.totalAudioEnergy ?? 0;
          }
        }
        return packets > 0 && energy > 0;
      };
      const w = window as unknown as { customer: RTCPeerConnection };
      return [await heard(window.agentDesk.softphone.peerConnection), await heard(w.customer)];
    });
  await expect.poll(audio, { timeout: 10_000 }).toEqual([true, true]);

  // One call at a time; a remote answer with nothing ringing, or an unknown event, is refused.
  await expect(sip.ring(offer)).rejects.toThrow('INVITE answered 486');
  expect(await sip.notify('talk')).toBe(481);
  expect(await sip.notify('check-sync')).toBe(489);

  await page.getByRole('button', { name: 'End call' }).click();
  await expect(page.locator('#call-state')).toHaveText('');
  await expect.poll(() => sip.log.includes('BYE')).toBe(true);

  // The agent answers the next call with the page's own button.
  const next = sip.ring(await customerOffer(page));
  await page.getByRole('button', { name: 'Pick up' }).click();
  await customerHears(page, await next);
  await expect(page.locator('#call-state')).toHaveText('In a call with Customer');
  await expect.poll(audio, { timeout: 10_000 }).toEqual([true, true]);
  await page.getByRole('button', { name: 'End call' }).click();
  await expect(page.getByRole('button', { name: 'End call' })).toBeDisabled();
});

/** The customer: a second peer connection in the page, with Chromium's fake microphone; returns its offer. */
function customerOffer(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection({ iceServers: [] });
    // Played out, so that Chromium measures the audio level of what the customer hears.
    pc.addEventListener('track', (e) => {
      const speaker = new Audio();
      speaker.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void speaker.play();
    });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    (window as unknown as { customer: RTCPeerConnection }).customer = pc;
    return pc.localDescription!.sdp;
  });
}

function customerHears(page: Page, answer: string): Promise<void> {
  return page.evaluate(async (sdp) => {
    await (window as unknown as { customer: RTCPeerConnection }).customer.setRemoteDescription({
      type: 'answer',
      sdp,
    });
  }, answer);
}

test('runs no script injected as markup (the CSP without unsafe-inline)', async ({ page }) => {
  bar.mode = 'pass';
  await signIn(page, agents[4]!, PASSWORD);
  await expect(page.locator('#bar-status')).toHaveText(/bar is loaded/);
  const violated = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
          once: true,
        });
        document.body.insertAdjacentHTML(
          'beforeend',
          '<img src="/missing.png" onerror="window.injected = true">',
        );
      }),
  );
  expect(violated).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});

test('shows the lockout after repeated failures, with the wait', async ({ page }) => {
  for (let i = 1; i <= 4; i++) {
    await signIn(page, agents[1]!, `Wrong-Pass-${i}x`);
    await expect(page.getByRole('alert')).toHaveText('The user name or password is incorrect.');
  }
  await signIn(page, agents[1]!, 'Wrong-Pass-5x');
  await expect(page.getByRole('alert')).toHaveText(
    'Too many failed sign-ins. Sign-in is locked for 30 seconds; try again after that.',
  );
  await signIn(page, agents[1]!, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('Sign-in is locked');
});

test('says so when the contact center refuses the token', async ({ page }) => {
  bar.mode = 'tamper';
  await signIn(page, agents[2]!, PASSWORD);
  await expect(page.locator('#bar-status')).toHaveText(/refused the sign-in token/);
});

test('says so when the contact center cannot be reached', async ({ page }) => {
  bar.mode = 'down';
  await signIn(page, agents[3]!, PASSWORD);
  await expect(page.locator('#bar-status')).toHaveText(/cannot be reached/);
});
