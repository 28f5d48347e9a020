import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SipEntry } from '../../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { RtpPeer } from '../testing/rtp-peer.ts';
import { runSipp, sippInstalled } from '../testing/run-sipp.ts';

/**
 * A desktop softphone's flow through the real SIP server: sipp registers
 * over UDP with digest, then calls the echo customer (5550101) offering PCMU
 * on RTP/AVP; the RTP side is a UDP peer on the port sipp's SDP advertises
 * (sipp's own RTP tools count nothing they receive). The peer's tone must come
 * back as sound, and the customer's engine must have counted it arriving.
 */
let cec: MockCec;
let dir: string;
const peers: RtpPeer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sipp-rtp-'));
  cec = await startMockCec({ port: 0, tls: false, seed: 14, sip: { port: 0 } });
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

const tenant = () => cec.sim.tenants()[0]!;
const target = () => `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`;
const credentials = (i: number) => {
  const a = tenant().config.agents[i]!;
  return `${a.sipAccount};[authentication username=${a.sipAccount} password=${a.sipPwd}]`;
};
const errors = async (name: string) => readFile(join(dir, `${name}-errors.log`), 'utf8').catch(() => '');
/** A 1 kHz tone at −6 dBFS carries 20 units of energy per 20 ms frame (audio-frame.ts): 25 frames' worth. */
const SOUND = 25 * 20 * 0.8;
const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);

describe.skipIf(!sippInstalled)('sipp over UDP with plain RTP', () => {
  it('registers with digest, calls the echo customer, and hears its own tone come back', async () => {
    const agent = tenant().config.agents[0]!;
    const registered = await runSipp({
      scenario: 'register',
      target: target(),
      rows: [credentials(0)],
      dir,
      calls: 1,
    });
    expect(registered.code, `${registered.stderr}\n${await errors('register')}`).toBe(0);
    expect(cec.sip!.registrations()).toMatchObject([{ sipAccount: agent.sipAccount, transport: 'udp' }]);

    const peer = await RtpPeer.open();
    peers.push(peer);
    const call = runSipp({
      scenario: 'echo-call',
      target: target(),
      rows: [`${credentials(0)};5550101;${peer.port}`],
      dir,
      calls: 1,
    });

    // The customer answers (RTP to the offered port), the peer latches on and talks, the echo brings its tone back.
    const answered = () =>
      cec.sip!.customer.legs(tenant().id).find((l) => l.to === '5550101' && l.state === 'answered');
    await vi.waitFor(
      () => {
        expect(peer.stats()).toMatchObject({ packetsReceived: above(25), energyReceived: above(SOUND) });
        expect(answered()?.mediaStats()).toMatchObject({
          flavour: 'rtp',
          packetsReceived: above(25),
          audioEnergyReceived: above(SOUND),
        });
      },
      { timeout: 8000, interval: 20 },
    );
    const leg = answered()!;
    expect(peer.stats().remote).toMatch(/^127\.0\.0\.1:\d+$/);

    // The customer hangs up through the control API; sipp answers the BYE and its scenario is complete.
    const res = await fetch(`${cec.url}/__mock/sip/legs/${encodeURIComponent(leg.sipCallId)}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(200);
    const run = await call;
    expect(run.code, `${run.stderr}\n${await errors('echo-call')}`).toBe(0);
    expect(leg.endReason).toBe('customer-hangup');
    const lines = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[])
      .filter((e) => e.callId === leg.sipCallId && e.transport === 'udp')
      .map((e) => `${e.direction} ${e.firstLine.split(' ').slice(0, 2).join(' ')}`);
    const server = `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`;
    expect(lines).toEqual([
      `in INVITE sip:5550101@${server}`,
      'out SIP/2.0 100',
      'out SIP/2.0 407',
      `in ACK sip:5550101@${server}`,
      `in INVITE sip:5550101@${server}`,
      'out SIP/2.0 100',
      'out SIP/2.0 180',
      'out SIP/2.0 200',
      // The customer's Contact names the dialog's transport (UDP: no parameter), not the link's TCP.
      `in ACK sip:5550101@${server}`,
      expect.stringMatching(new RegExp(`^out BYE sip:${agent.sipAccount}@127\\.0\\.0\\.1:\\d+$`)),
      'in SIP/2.0 200',
    ]);
  });

  it('offers only G.729: the customer refuses at once with 488 and a Warning (sipp checks it)', async () => {
    const run = await runSipp({
      scenario: 'invite-g729',
      target: target(),
      rows: [`${credentials(1)};5550100`],
      dir,
      calls: 1,
    });
    expect(run.code, `${run.stderr}\n${await errors('invite-g729')}`).toBe(0);
    const leg = cec
      .sip!.customer.legs(tenant().id)
      .find((l) => l.from === tenant().config.agents[1]!.sipAccount);
    expect(leg).toMatchObject({ state: 'ended', endReason: 'failed', endStatus: 488 });
    expect(leg!.session).toBeUndefined();
  });
});
