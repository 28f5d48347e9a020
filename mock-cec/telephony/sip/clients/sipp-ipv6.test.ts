import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SipEntry } from '../../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { RtpPeer } from '../testing/rtp-peer.ts';
import { runSipp, sippInstalled } from '../testing/run-sipp.ts';

/**
 * The simulator on IPv6 loopback (`--host ::1`), with sipp as the desktop
 * softphone: digest registration, a call to the echo customer through the
 * proxy's 407 (whose ACK stays with the proxy), audio both ways, and the
 * customer's 488 reaching sipp. Our Via, Record-Route and the customer's URIs
 * carry the address in brackets (RFC 3261 §25.1 IPv6reference).
 */
let cec: MockCec;
let dir: string;
const peers: RtpPeer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sipp-v6-'));
  cec = await startMockCec({ host: '::1', port: 0, tls: false, seed: 15, sip: { port: 0 } });
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

const tenant = () => cec.sim.tenants()[0]!;
const target = () => `[::1]:${cec.sim.endpoints.sipUdpPort}`;
const credentials = (i: number) => {
  const a = tenant().config.agents[i]!;
  return `${a.sipAccount};[authentication username=${a.sipAccount} password=${a.sipPwd}]`;
};
const errors = async (name: string) => readFile(join(dir, `${name}-errors.log`), 'utf8').catch(() => '');
const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);

describe.skipIf(!sippInstalled)('sipp over IPv6 loopback', () => {
  it('registers, calls the echo customer through the 407 and hears its tone come back', async () => {
    const registered = await runSipp({
      scenario: 'register',
      target: target(),
      rows: [credentials(0)],
      dir,
      calls: 1,
      localIp: '::1',
    });
    expect(registered.code, `${registered.stderr}\n${await errors('register')}`).toBe(0);
    expect(cec.sip!.registrations()).toMatchObject([
      { transport: 'udp', remote: expect.stringMatching(/^\[::1\]:\d+$/) },
    ]);

    const peer = await RtpPeer.open({ host: '::1' });
    peers.push(peer);
    const call = runSipp({
      scenario: 'echo-call',
      target: target(),
      rows: [`${credentials(0)};5550101;${peer.port}`],
      dir,
      calls: 1,
      localIp: '::1',
    });
    const answered = () =>
      cec.sip!.customer.legs(tenant().id).find((l) => l.to === '5550101' && l.state === 'answered');
    await vi.waitFor(
      () => {
        expect(peer.stats()).toMatchObject({ packetsReceived: above(25), energyReceived: above(100) });
        expect(answered()?.mediaStats()).toMatchObject({ packetsReceived: above(25) });
      },
      { timeout: 10_000, interval: 50 },
    );
    const leg = answered()!;
    const res = await fetch(`${cec.url}/__mock/sip/legs/${encodeURIComponent(leg.sipCallId)}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(200);
    const run = await call;
    expect(run.code, `${run.stderr}\n${await errors('echo-call')}`).toBe(0);
    expect(leg.endReason).toBe('customer-hangup');
    const entries = cec.sim.journal.query({ kind: 'sip' }) as SipEntry[];
    // The ACK of the 407 (CSeq 1) ends the proxy's transaction; only the 200's ACK (CSeq 2) reaches the customer.
    const toCustomer = entries.filter((e) => e.callId === leg.sipCallId && e.transport === 'mem');
    expect(toCustomer.filter((e) => e.cseq?.endsWith('ACK')).map((e) => e.cseq)).toEqual(['2 ACK']);
    expect(entries.filter((e) => e.note?.includes('unreadable'))).toEqual([]);
    // sipp ACKs the 200 at the customer's Contact, which names the host in brackets.
    const acks = entries.filter(
      (e) => e.callId === leg.sipCallId && e.transport === 'udp' && e.cseq === '2 ACK',
    );
    expect(acks.map((e) => e.firstLine)).toEqual([
      expect.stringMatching(/^ACK sip:5550101@\[::1\]:\d+(;transport=\w+)? SIP\/2\.0$/),
    ]);
  });

  it('registers over TCP too', async () => {
    const run = await runSipp({
      scenario: 'register',
      target: target(),
      rows: [credentials(2)],
      dir,
      calls: 1,
      localIp: '::1',
      transport: 't1',
    });
    expect(run.code, `${run.stderr}\n${await errors('register')}`).toBe(0);
    // sipp closes its connection on exit, and the binding goes with it (RFC 5626 §5.3): the journal shows the 200.
    const a = tenant().config.agents[2]!;
    const oks = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[]).filter(
      (e) => e.agent === a.workNo && e.direction === 'out' && e.firstLine.startsWith('SIP/2.0 200'),
    );
    expect(oks).toMatchObject([{ transport: 'tcp', remote: expect.stringMatching(/^\[::1\]:\d+$/) }]);
  });

  it("relays the customer's 488 to a softphone that offers only G.729", async () => {
    const run = await runSipp({
      scenario: 'invite-g729',
      target: target(),
      rows: [`${credentials(1)};5550100`],
      dir,
      calls: 1,
      localIp: '::1',
    });
    expect(run.code, `${run.stderr}\n${await errors('invite-g729')}`).toBe(0);
    const leg = cec
      .sip!.customer.legs(tenant().id)
      .find((l) => l.from === tenant().config.agents[1]!.sipAccount);
    expect(leg).toMatchObject({ state: 'ended', endReason: 'failed', endStatus: 488 });
  });
});
