import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  openSoftphonePage,
  Softphone,
  type SoftphoneServer,
  serveSoftphones,
} from '../../../harness/softphone/softphone-page.ts';
import type { SipEntry } from '../../journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { FakeMediaEngine } from '../testing/fake-media-engine.ts';

/**
 * SIP.js in Chromium against the real simulator over secure WebSocket:
 * digest registration, a call between two agents through the proxy with
 * audio both ways (WebRTC stats), and the remote answer a customer call
 * asks for. Each worker runs its own simulator on free ports.
 */
let cec: MockCec;
let dir: string;
let pages: SoftphoneServer;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sipjs-'));
  // Signalling only needs the fake engine; the customer's real media is the media engines' to prove.
  cec = await startMockCec({
    port: 0,
    certDir: dir,
    seed: 41,
    sip: { port: 0 },
    media: new FakeMediaEngine(),
  });
  pages = await serveSoftphones();
});

test.afterAll(async () => {
  await pages?.close();
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

test.beforeEach(() => {
  for (const t of cec.sim.tenants()) t.reset();
});

const agents = () => cec.sim.tenants()[0]!.config.agents;
const options = (i: number) => ({
  wsUrl: cec.sim.endpoints.sipWsUrl!,
  sipAccount: agents()[i]!.sipAccount,
  sipPwd: agents()[i]!.sipPwd,
  domain: '127.0.0.1',
});

test('SIP.js registers over WSS with digest', async ({ page }) => {
  await openSoftphonePage(page, pages);
  await Softphone.register(page, 'a', options(0));
  const regs = cec.sip!.registrations();
  expect(regs).toMatchObject([{ sipAccount: agents()[0]!.sipAccount, transport: 'wss' }]);
  expect(regs[0]!.contact).toMatch(/\.invalid;transport=ws$/);
  const lines = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[])
    .filter((e) => e.cseq?.endsWith('REGISTER'))
    .map((e) => `${e.direction} ${e.firstLine}`);
  expect(lines).toEqual([
    'in REGISTER sip:127.0.0.1 SIP/2.0',
    'out SIP/2.0 401 Unauthorized',
    'in REGISTER sip:127.0.0.1 SIP/2.0',
    'out SIP/2.0 200 OK',
  ]);
});

test('two SIP.js agents call each other through the proxy and both hear audio', async ({ page }) => {
  await openSoftphonePage(page, pages);
  const alice = await Softphone.register(page, 'alice', options(0));
  const bob = await Softphone.register(page, 'bob', options(1));

  const ringing = bob.until('ringing');
  await alice.call(agents()[1]!.sipAccount);
  await ringing;
  await bob.answer();
  await Promise.all([alice.until('talking'), bob.until('talking')]);

  // Audio flows both ways: packets and energy rise after answer (NOTES-platform.md, "Proving that audio flows").
  const [a0, b0] = [await alice.stats(), await bob.stats()];
  for (const phone of [alice, bob]) {
    const start = phone === alice ? a0 : b0;
    await expect
      .poll(async () => {
        const s = await phone.stats();
        return s.packetsReceived > start.packetsReceived + 25 && s.totalAudioEnergy > start.totalAudioEnergy;
      })
      .toBe(true);
    expect((await phone.stats()).dtlsState).toBe('connected');
  }

  await alice.hangup();
  await Promise.all([alice.until('ended'), bob.until('ended')]);
  const methods = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[])
    .filter((e) => e.direction === 'in' && /^(INVITE|ACK|BYE) /.test(e.firstLine))
    .map((e) => e.firstLine.split(' ')[0]);
  expect(methods).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
});

test('a customer call rings SIP.js, which answers when asked (NOTIFY Event: talk)', async ({ page }) => {
  await openSoftphonePage(page, pages);
  const agent = await Softphone.register(page, 'agent', options(2));
  const ringing = agent.until('ringing');
  const leg = cec.sip!.customer.dial({
    tenant: cec.sim.tenants()[0]!.id,
    from: '5551234',
    toSipAccount: agents()[2]!.sipAccount,
    behaviour: { answer: 'answer', source: { kind: 'tone' }, mode: 'both' },
  });
  const answered = new Promise<void>((resolve) => leg.on('answered', resolve));
  await ringing;
  await leg.requestAnswer();
  await answered;
  expect(await agent.log()).toContain('NOTIFY talk');
  await leg.hangup();
  await agent.until('ended');
});
