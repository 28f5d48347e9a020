import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answer, controlClient } from '../../../edges/control/client.ts';
import { seedTenant } from '../../../infrastructure/config/seed-tenant.ts';
import type { TenantRuntime } from '../../../infrastructure/state/tenant-runtime.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { audioEnergy } from '../../media/audio-frame.ts';
import { CLIENT_TRANSPORTS, type ClientTransport, CROSS_TRANSPORTS } from './client-transports.ts';
import { deskClient } from './desk-client.ts';
import type { DeskPhone, DeskPhoneDriver } from './desk-phone.ts';
import { inviteTransports, phoneTransports } from './journal-transports.ts';

/** What a suite's own tests (those of one tool only) get to reach the simulator and start phones. */
export interface DeskPhoneSuite {
  cec(): MockCec;
  /** The tenant whose phones use `transport`. */
  tenant(transport: ClientTransport): TenantRuntime;
  /** A fresh folder for a phone. */
  home(sipAccount: string, transport: ClientTransport): Promise<string>;
  /** Stopped when the suite ends. */
  track<P extends { stop(): Promise<unknown> }>(phone: P): P;
  /** The phone of agent `agentIndex` of `tenant` (with the development CA unless `withCa` is false). */
  start(
    tenant: TenantRuntime,
    agentIndex: number,
    transport: ClientTransport,
    o?: { password?: string; withCa?: boolean },
  ): Promise<{ agent: TenantRuntime['config']['agents'][number]; phone: DeskPhone }>;
  /** Resolves once the registrar holds the account over `transport` with the tool's User-Agent. */
  registered(sipAccount: string, transport: ClientTransport): Promise<void>;
}

const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);
export const TIMEOUT = 45_000;
const WAIT = { timeout: 15_000, interval: 50 };

/** Seconds of the customer its decoder has taken in, from a phone that reports them (desk-phone.ts). */
function decodedSeconds(phone: DeskPhone): Promise<number> {
  if (!phone.decodedSeconds)
    throw new Error('a phone whose recording stops at its hold must report decodedSeconds');
  return phone.decodedSeconds();
}

/**
 * The suite every real desktop softphone runs (baresip.test.ts, linphone.test.ts),
 * through the real SIP server over every transport of CLIENT_TRANSPORTS: it
 * registers (and is refused with a wrong password), takes a call the ACD offers
 * it, calls the echo customer, presses keys the customer records and is refused
 * a transfer, and calls another phone of its kind over another transport. Audio
 * is proven both ways: the customer's engine counts the phone's tone arriving,
 * and what the phone decoded holds sound. One simulator per suite, one tenant
 * per transport (so the ACD of one never offers the other's call), and the
 * tests run side by side. `own` adds the tests of that tool only.
 */
export async function deskPhoneSuite(driver: DeskPhoneDriver, own?: (suite: DeskPhoneSuite) => void) {
  const available = await driver.available();
  if (!available.ok) console.warn(`${driver.name} tests skipped: ${available.reason}`);
  const SOUND = driver.sound;

  let cec: MockCec;
  let dir: string;
  const phones: { stop(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    if (!available.ok) return;
    dir = await mkdtemp(join(tmpdir(), `mock-cec-${driver.name}-`));
    cec = await startMockCec({
      port: 0,
      tls: false,
      certDir: join(dir, 'certs'),
      sip: { port: 0, tlsPort: 0 },
      tenants: CLIENT_TRANSPORTS.map((_, i) => ({
        config: seedTenant(driver.seed + i, { agents: 10 }),
        seed: driver.seed + i,
      })),
    });
  });
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await cec?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const suite: DeskPhoneSuite = {
    cec: () => cec,
    tenant: (transport) => cec.sim.tenants()[CLIENT_TRANSPORTS.indexOf(transport)]!,
    home: (sipAccount, transport) => mkdtemp(join(dir, `${sipAccount}-${transport}-`)),
    track: (phone) => {
      phones.push(phone);
      return phone;
    },
    async start(tenant, agentIndex, transport, o = {}) {
      const agent = tenant.config.agents[agentIndex]!;
      const phone = await driver.start({
        dir: await suite.home(agent.sipAccount, transport),
        sipAccount: agent.sipAccount,
        sipPwd: o.password ?? agent.sipPwd,
        host: '127.0.0.1',
        port: (transport === 'tls' ? cec.sim.endpoints.sipTlsPort : cec.sim.endpoints.sipUdpPort)!,
        transport,
        caFile: o.withCa === false ? undefined : cec.cert?.caFile,
      });
      return { agent, phone: suite.track(phone) };
    },
    // It registers as it starts, maybe before its console is up: ask the registrar, not the phone.
    async registered(sipAccount, transport) {
      await vi.waitFor(
        () =>
          expect(cec.sip!.registrations()).toContainEqual(
            expect.objectContaining({
              sipAccount,
              transport,
              userAgent: expect.stringMatching(driver.userAgent),
            }),
          ),
        WAIT,
      );
    },
  };
  const { start, registered } = suite;

  /** What it decoded is sound, not silence (8 kHz: more than half a second of it). */
  async function heardSound(phone: DeskPhone) {
    const samples = await phone.heard();
    expect(samples.length).toBeGreaterThan(8000 / 2);
    expect(audioEnergy(samples)).toBeGreaterThan(SOUND);
  }

  /** The customer's RTP engine counts a second of the phone's tone. */
  async function customerHears(leg: () => { mediaStats(): unknown }) {
    await vi.waitFor(
      () =>
        expect(leg().mediaStats()).toMatchObject({
          flavour: 'rtp',
          packetsReceived: above(50),
          audioEnergyReceived: above(SOUND),
        }),
      WAIT,
    );
  }

  describe.skipIf(!available.ok).concurrent(driver.name, () => {
    describe.each(CLIENT_TRANSPORTS.map((t) => [t] as const))('over %s', (transport) => {
      const tenant = () => suite.tenant(transport);

      it(
        'registers with digest; a wrong password is refused (401) and binds nothing',
        async () => {
          const good = await start(tenant(), 0, transport);
          await registered(good.agent.sipAccount, transport);
          const bad = await start(tenant(), 1, transport, { password: 'not-the-password' });
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
            WAIT,
          );
          expect(cec.sip!.registrations().filter((r) => r.sipAccount === bad.agent.sipAccount)).toEqual([]);
        },
        TIMEOUT,
      );

      it(
        `takes a call the ACD offers: the bar's Answer reports why it cannot answer ${driver.name} (200-002); answered by hand, the customer hears it`,
        async () => {
          const { agent, phone } = await start(tenant(), 2, transport);
          await registered(agent.sipAccount, transport);
          const desk = deskClient(cec.sim.endpoints.httpBase!);
          expect((await desk.signIn(agent)).retcode).toBe('0');
          const incoming = phone.incoming();
          const control = controlClient({ url: cec.sim.endpoints.httpBase! });
          const json = { tenant: tenant().id };
          await answer(() => control.api.calls.$post({ json }), 'POST /calls').finally(() => control.close());
          await incoming;
          const leg = () => cec.sip!.customer.legs(tenant().id).find((l) => l.to === agent.sipAccount)!;
          await vi.waitFor(() => expect(leg().state).toBe('ringing'), WAIT);
          expect(phoneTransports(cec.sim.journal, leg().sipCallId)).toEqual([transport]);
          // It does not take NOTIFY Event: talk: the bar hears so, with the vendor's call error.
          expect(await desk.answer(agent)).toMatchObject({
            retcode: '200-002',
            message: expect.stringMatching(driver.answerRefusal),
          });
          expect(
            cec.sim.journal
              .query({ kind: 'state' })
              .some(
                (e) =>
                  e.kind === 'state' && e.id === leg().sipCallId && /^answer refused/.test(e.reason ?? ''),
              ),
          ).toBe(true);
          expect(leg().state).toBe('ringing');
          await phone.answer();
          await customerHears(leg);
          expect(leg().state).toBe('answered');
          await phone.hangUp();
          await vi.waitFor(() => expect(leg().endReason).toBe('agent-hangup'));
        },
        TIMEOUT,
      );

      it(
        `calls the echo customer, presses keys the customer records (RFC 4733), is refused a transfer (405)${driver.keepsCallAfterRefusedTransfer ? ' and the call goes on' : ''}, hears its own tone come back`,
        async () => {
          const { agent, phone } = await start(tenant(), 3, transport);
          await registered(agent.sipAccount, transport);
          phone.dial('5550101');
          await phone.established();
          const leg = () => cec.sip!.customer.legs(tenant().id).find((l) => l.from === agent.sipAccount)!;
          await customerHears(leg);
          expect(phoneTransports(cec.sim.journal, leg().sipCallId)).toEqual([transport]);
          // One key at a time: a tool may play each for a while and drop a key pressed meanwhile.
          const press = async (key: string) => {
            phone.press(key);
            await vi.waitFor(() => expect(leg().digits.endsWith(key)).toBe(true), WAIT);
          };
          for (const key of driver.keys.beforeTransfer) await press(key);
          // A blind transfer (REFER) is not for the customer: 405 with Allow (a 481 would say the call is gone).
          await phone.transfer('5550100');
          await vi.waitFor(() => {
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
          }, WAIT);
          if (driver.keepsCallAfterRefusedTransfer) {
            // The call goes on: the next keys still reach the customer.
            for (const key of driver.keys.afterTransfer) await press(key);
            expect(leg().state).toBe('answered');
          }
          const keys = driver.keys.beforeTransfer + driver.keys.afterTransfer;
          expect(leg().digits).toBe(keys);
          const journaled = cec.sim.journal
            .query({ kind: 'media' })
            .filter((e) => e.kind === 'media' && e.callId === leg().sipCallId && e.event === 'dtmf');
          expect(journaled.map((e) => (e.kind === 'media' ? e.detail : ''))).toEqual(
            [...keys].map((k) => `${k} (RFC 4733)`),
          );
          if (driver.keepsCallAfterRefusedTransfer) await phone.hangUp();
          // Either way the phone ended it (its own BYE); the customer never does.
          await vi.waitFor(() => expect(leg().endReason).toBe('agent-hangup'));
          // What it decoded is the echo of its own tone: sound, not silence.
          await heardSound(phone);
        },
        TIMEOUT,
      );
    });

    describe.each(CLIENT_TRANSPORTS.map((t) => [t] as const))('hold over %s', (transport) => {
      it(
        `holds and resumes a call to a customer: the customer answers each re-INVITE 200 (never 488), and after the resume the customer hears the phone and the phone the customer${driver.recordsAfterResume ? '' : ' (its decoder takes a second more of the customer)'}`,
        async () => {
          const tenant = suite.tenant(transport);
          // Agent 9: 8 is the TLS-only tests' (baresip.test.ts, linphone.test.ts).
          const { agent, phone } = await start(tenant, 9, transport);
          await registered(agent.sipAccount, transport);
          phone.dial('5550100');
          await phone.established();
          const leg = () => cec.sip!.customer.legs(tenant.id).find((l) => l.from === agent.sipAccount)!;
          await customerHears(leg);
          /** The customer's final answers to the phone's INVITEs, first one included. */
          const answers = () =>
            cec.sim.journal
              .query({ kind: 'sip' })
              .filter(
                (e) =>
                  e.kind === 'sip' &&
                  e.callId === leg().sipCallId &&
                  e.direction === 'in' &&
                  e.transport === 'mem' &&
                  e.cseq?.endsWith(' INVITE') &&
                  /^SIP\/2\.0 [2-6]\d\d/.test(e.firstLine),
              )
              .map((e) => (e.kind === 'sip' ? e.firstLine : ''));
          await phone.hold();
          await vi.waitFor(() => expect(answers()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']), WAIT);
          phone.resume();
          await vi.waitFor(() => expect(answers()).toHaveLength(3), WAIT);
          expect(answers()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
          // Audio back both ways: the customer hears a second more of the phone's tone, the phone records more of the customer's.
          const heardBefore = leg().mediaStats()!;
          const recordedBefore = await phone.recordedBytes();
          const decodedBefore = driver.recordsAfterResume ? 0 : await decodedSeconds(phone);
          await vi.waitFor(
            async () => {
              expect(leg().mediaStats()).toMatchObject({
                packetsReceived: above(heardBefore.packetsReceived + 50),
                audioEnergyReceived: above(heardBefore.audioEnergyReceived + SOUND),
                // The customer's side of the phone's hearing, for every phone: its voice goes out again after the resume.
                packetsSent: above(heardBefore.packetsSent + 50),
              });
              if (driver.recordsAfterResume)
                expect(await phone.recordedBytes()).toBeGreaterThan(recordedBefore + driver.crossBytes);
              // A phone whose recording stops at its own hold (desk-phone.ts): a second more of the customer reaches its decoder.
              else expect(await decodedSeconds(phone)).toBeGreaterThan(decodedBefore + 1);
            },
            { timeout: 15_000, interval: 100 },
          );
          expect(leg().state).toBe('answered');
          await phone.hangUp();
          await vi.waitFor(() => expect(leg().endReason).toBe('agent-hangup'));
          await heardSound(phone);
        },
        TIMEOUT,
      );
    });

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
          const incoming = callee.phone.incoming();
          caller.phone.dial(callee.agent.sipAccount);
          await incoming;
          await callee.phone.answer();
          await Promise.all([caller.phone.established(), callee.phone.established()]);
          // The INVITE came in over the caller's transport and went on over the callee's.
          expect(inviteTransports(cec.sim.journal, callee.agent.sipAccount)).toEqual({
            in: [from],
            out: [to],
          });
          // Each other's audio decoded by both, then hang up.
          await vi.waitFor(
            async () => {
              for (const p of [caller.phone, callee.phone])
                expect(await p.recordedBytes()).toBeGreaterThan(driver.crossBytes);
            },
            { timeout: 15_000, interval: 100 },
          );
          // Each finishes its recording when its call ends: wait for both ends.
          const calleeEnded = callee.phone.ended();
          await caller.phone.hangUp();
          await calleeEnded;
          await heardSound(caller.phone);
          await heardSound(callee.phone);
        },
        TIMEOUT,
      );
    });

    own?.(suite);
  });
}
