import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedTenant } from '../../config/seed-tenant.ts';
import { audioEnergy } from '../../media/audio-frame.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import type { TenantRuntime } from '../../state/tenant-runtime.ts';
import { Baresip, ensureBaresip } from '../testing/baresip.ts';
import { CLIENT_TRANSPORTS, type ClientTransport, CROSS_TRANSPORTS } from '../testing/client-transports.ts';
import { deskClient } from '../testing/desk-client.ts';
import { inviteTransports, phoneTransports } from '../testing/journal-transports.ts';

/**
 * baresip 1.0, a desktop softphone of the kind that speaks plain SIP with
 * RTP/AVP, through the real SIP server over every transport of
 * CLIENT_TRANSPORTS (UDP, TCP, and TLS on the TLS listener with the
 * development CA as its `sip_cafile`; baresip 1.0 does not verify it): it registers (and is refused with a wrong password),
 * takes a call the ACD offers it, calls the echo customer and presses keys the
 * customer records, and calls another baresip over another transport. Audio
 * is proven both ways: the customer's engine counts baresip's sine arriving,
 * and the WAV baresip decoded holds what came back. One simulator for the
 * file, one tenant per transport (so the ACD of one never offers the other's
 * call), and the tests run side by side. Installed with apt when missing;
 * skipped, saying why, when that fails.
 */
const baresip = await ensureBaresip();
if (!baresip.ok) console.warn(`baresip tests skipped: ${baresip.reason}`);

const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);
/** baresip's sine carries ~15 units of energy per 20 ms frame (audio-frame.ts); 25 frames at 10 is sound, silence is 0. */
const SOUND = 25 * 10;
const TIMEOUT = 45_000;

let cec: MockCec;
let dir: string;
const phones: Baresip[] = [];

beforeAll(async () => {
  if (!baresip.ok) return;
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-baresip-'));
  cec = await startMockCec({
    port: 0,
    tls: false,
    certDir: join(dir, 'certs'),
    sip: { port: 0, tlsPort: 0 },
    tenants: CLIENT_TRANSPORTS.map((_, i) => ({ config: seedTenant(15 + i, { agents: 9 }), seed: 15 + i })),
  });
});
afterAll(async () => {
  await Promise.all(phones.map((p) => p.stop()));
  await cec?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Where a phone over `transport` registers and calls: the TLS listener for TLS, the UDP/TCP port otherwise. */
const server = (transport: ClientTransport) =>
  `127.0.0.1:${transport === 'tls' ? cec.sim.endpoints.sipTlsPort : cec.sim.endpoints.sipUdpPort}`;

async function start(
  tenant: TenantRuntime,
  agentIndex: number,
  transport: ClientTransport,
  password?: string,
  withCa = true,
) {
  const agent = tenant.config.agents[agentIndex]!;
  const home = await mkdtemp(join(dir, `${agent.sipAccount}-${transport}-`));
  const phone = await Baresip.start({
    dir: home,
    sipAccount: agent.sipAccount,
    sipPwd: password ?? agent.sipPwd,
    server: server(transport),
    transport,
    caFile: withCa ? cec.cert?.caFile : undefined,
  });
  phones.push(phone);
  return { agent, phone };
}

/** baresip registers as it starts, maybe before its control socket is up: ask the registrar, not its events. */
async function registered(sipAccount: string, transport: ClientTransport) {
  await vi.waitFor(
    () =>
      expect(cec.sip!.registrations()).toContainEqual(
        expect.objectContaining({ sipAccount, transport, userAgent: expect.stringMatching(/^baresip/) }),
      ),
    { timeout: 10_000, interval: 20 },
  );
}

async function heardSound(phone: Baresip) {
  const heard = await phone.heard();
  if (!heard.ok) throw new Error(heard.error.message);
  expect(heard.samples.length).toBeGreaterThan(8000 / 2);
  expect(audioEnergy(heard.samples)).toBeGreaterThan(SOUND);
}

describe.skipIf(!baresip.ok).concurrent('baresip', () => {
  describe.each(CLIENT_TRANSPORTS.map((t, i) => [t, i] as const))('over %s', (transport, i) => {
    const tenant = () => cec.sim.tenants()[i]!;

    it(
      'registers with digest; a wrong password is refused (401) and binds nothing',
      async () => {
        const good = await start(tenant(), 0, transport);
        await registered(good.agent.sipAccount, transport);
        const bad = await start(tenant(), 1, transport, 'not-the-password');
        await vi.waitFor(
          () =>
            expect(
              cec.sim.journal
                .query({ kind: 'sip' })
                .some(
                  (e) =>
                    e.kind === 'sip' &&
                    e.agent === bad.agent.workNo &&
                    e.firstLine.startsWith('SIP/2.0 401') &&
                    e.note === 'wrong-password',
                ),
            ).toBe(true),
          { timeout: 10_000, interval: 20 },
        );
        expect(cec.sip!.registrations().filter((r) => r.sipAccount === bad.agent.sipAccount)).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      "takes a call the ACD offers: the bar's Answer reports baresip's 481 to NOTIFY Event: talk (200-002); answered by hand, the customer hears it",
      async () => {
        const { agent, phone } = await start(tenant(), 2, transport);
        await registered(agent.sipAccount, transport);
        const desk = deskClient(cec.sim.endpoints.httpBase!);
        expect((await desk.signIn(agent)).retcode).toBe('0');
        const placed = await fetch(`${cec.sim.endpoints.httpBase}/__mock/calls`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenant: tenant().id }),
        });
        expect(placed.status).toBe(201);
        await phone.event('CALL_INCOMING', 10_000);
        const leg = () => cec.sip!.customer.legs(tenant().id).find((l) => l.to === agent.sipAccount)!;
        await vi.waitFor(() => expect(leg().state).toBe('ringing'), { timeout: 10_000 });
        expect(phoneTransports(cec.sim.journal, leg().sipCallId)).toEqual([transport]);
        expect(await desk.answer(agent)).toMatchObject({
          retcode: '200-002',
          message: expect.stringMatching(/refused NOTIFY Event: talk with 481/),
        });
        expect(
          cec.sim.journal
            .query({ kind: 'state' })
            .some(
              (e) => e.kind === 'state' && e.id === leg().sipCallId && /^answer refused/.test(e.reason ?? ''),
            ),
        ).toBe(true);
        expect(leg().state).toBe('ringing');
        phone.command('accept');
        await phone.event('CALL_ESTABLISHED');
        await vi.waitFor(
          () =>
            expect(leg().mediaStats()).toMatchObject({
              flavour: 'rtp',
              packetsReceived: above(50),
              audioEnergyReceived: above(SOUND),
            }),
          { timeout: 10_000, interval: 20 },
        );
        phone.command('hangup');
        await phone.event('CALL_CLOSED');
        await vi.waitFor(() => expect(leg().endReason).toBe('agent-hangup'));
      },
      TIMEOUT,
    );

    it(
      'calls the echo customer, presses keys the customer records (RFC 4733), hears its own sine come back, and is refused a transfer (405)',
      async () => {
        const { agent, phone } = await start(tenant(), 3, transport);
        await registered(agent.sipAccount, transport);
        phone.command('dial', `sip:5550101@${server(transport)}`);
        await phone.event('CALL_ESTABLISHED');
        const leg = () => cec.sip!.customer.legs(tenant().id).find((l) => l.from === agent.sipAccount)!;
        // 50 packets of sound: a second of baresip's sine, counted by the customer's RTP engine.
        await vi.waitFor(
          () =>
            expect(leg().mediaStats()).toMatchObject({
              flavour: 'rtp',
              packetsReceived: above(50),
              audioEnergyReceived: above(SOUND),
            }),
          { timeout: 10_000, interval: 20 },
        );
        expect(phoneTransports(cec.sim.journal, leg().sipCallId)).toEqual([transport]);
        for (const key of ['7', '*', '0']) {
          phone.command('sndcode', key);
          await vi.waitFor(() => expect(leg().digits.endsWith(key)).toBe(true), { timeout: 5000 });
        }
        expect(leg().digits).toBe('7*0');
        const journaled = cec.sim.journal
          .query({ kind: 'media' })
          .filter((e) => e.kind === 'media' && e.callId === leg().sipCallId && e.event === 'dtmf');
        expect(journaled.map((e) => (e.kind === 'media' ? e.detail : ''))).toEqual([
          '7 (RFC 4733)',
          '* (RFC 4733)',
          '0 (RFC 4733)',
        ]);
        // A blind transfer (REFER) is not for the customer: 405 with Allow (a 481 would say the call is gone).
        phone.command('transfer', `sip:5550100@${server(transport)}`);
        await phone.event('TRANSFER_FAILED');
        const refer = cec.sim.journal
          .query({ kind: 'sip' })
          .filter((e) => e.kind === 'sip' && e.callId === leg().sipCallId && e.cseq?.endsWith(' REFER'))
          .map((e) =>
            e.kind === 'sip'
              ? `${e.direction} ${e.transport === 'mem' ? 'customer' : 'phone'} ${e.firstLine}`
              : '',
          );
        expect(refer.slice(-2)).toEqual([
          'in customer SIP/2.0 405 Method Not Allowed',
          'out phone SIP/2.0 405 Method Not Allowed',
        ]);
        // baresip 1.0's menu then hangs up by itself (its own BYE: agent-hangup); the customer never ends it.
        await vi.waitFor(() => expect(leg().endReason).toBe('agent-hangup'));
        await phone.stop();
        // What baresip decoded is the echo of its own sine: sound, not silence.
        await heardSound(phone);
      },
      TIMEOUT,
    );
  });

  it(
    'does not verify the server over TLS: without the development CA it registers all the same (baresip 1.0)',
    async () => {
      // If a newer baresip verifies, this fails: then say so in docs/sip.md and drop this test.
      const tenant = cec.sim.tenants()[CLIENT_TRANSPORTS.indexOf('tls')]!;
      const { agent, phone } = await start(tenant, 8, 'tls', undefined, false);
      expect(await readFile(join(phone.dir, 'config'), 'utf8')).not.toMatch(/sip_cafile/);
      await registered(agent.sipAccount, 'tls');
    },
    TIMEOUT,
  );

  describe('agent to agent across transports', () => {
    it.each(CROSS_TRANSPORTS.map(([a, b], n) => [a, b, n] as const))(
      'a phone over %s calls one over %s; each hears the other',
      async (from, to, n) => {
        // Two agents of their own: agents 4 and 5 of a tenant, then 6 and 7 once every tenant has a pair.
        const tenants = cec.sim.tenants();
        const tenant = tenants[n % tenants.length]!;
        const pair = 4 + 2 * Math.floor(n / tenants.length);
        const caller = await start(tenant, pair, from);
        const callee = await start(tenant, pair + 1, to);
        await Promise.all([
          registered(caller.agent.sipAccount, from),
          registered(callee.agent.sipAccount, to),
        ]);
        caller.phone.command('dial', `sip:${callee.agent.sipAccount}@${server(from)}`);
        await callee.phone.event('CALL_INCOMING', 10_000);
        callee.phone.command('accept');
        await Promise.all([caller.phone.event('CALL_ESTABLISHED'), callee.phone.event('CALL_ESTABLISHED')]);
        // The INVITE came in over the caller's transport and went on over the callee's.
        expect(inviteTransports(cec.sim.journal, callee.agent.sipAccount)).toEqual({ in: [from], out: [to] });
        // A second of each other's sine decoded by both (8 kHz, 16 bits: 16,000 bytes), then hang up.
        await vi.waitFor(
          async () => {
            for (const p of [caller.phone, callee.phone])
              expect(await p.recordedBytes()).toBeGreaterThan(16_000);
          },
          { timeout: 10_000, interval: 100 },
        );
        caller.phone.command('hangup');
        await callee.phone.event('CALL_CLOSED');
        await Promise.all([caller.phone.stop(), callee.phone.stop()]);
        await heardSound(caller.phone);
        await heardSound(callee.phone);
      },
      TIMEOUT,
    );
  });
});
