import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect as baseExpect } from '@playwright/test';
import { Agent, fetch } from 'undici';
import type { z } from 'zod';
import { toContainSequence } from '../../../harness/journal/to-contain-sequence.ts';
import type { AudioStats, SoftphoneOptions } from '../../../harness/softphone/browser-softphone.ts';
import {
  openSoftphonePage,
  Softphone,
  type SoftphoneServer,
  serveSoftphones,
} from '../../../harness/softphone/softphone-page.ts';
import { customerBehaviourSchema } from '../../config/customer-schema.ts';
import { seedTenant } from '../../config/seed-tenant.ts';
import type { JournalEntry, SipEntry } from '../../journal/journal.ts';
import type { MediaStats } from '../../media/media-engine.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import type { TenantRuntime } from '../../state/tenant-runtime.ts';

/**
 * Playwright fixtures for end-to-end SIP tests with real clients and real
 * media: one simulator per worker (HTTPS and secure WebSocket with the
 * development certificate, UDP/TCP on free ports, the real werift and RTP
 * engines), a fresh tenant per test (its own agents and customer numbers,
 * removed afterwards), a page of SIP.js softphones, and the control API.
 */
export interface Phones {
  /** A softphone for the tenant's agent `i`, registered over WSS with digest. */
  register(name: string, agent: number): Promise<Softphone>;
  /** The same, not registered yet (or with other credentials). */
  create(name: string, agent: number, overrides?: Partial<SoftphoneOptions>): Promise<Softphone>;
  /**
   * Agent `i`'s softphone, registered, calls `number`; resolves once the call is
   * up and DTLS connected, with the stats at that moment (rises are measured from there).
   */
  callUp(agent: number, number: string): Promise<{ phone: Softphone; callId: string; start: AudioStats }>;
}

export interface Control {
  /** A control API call; the body is JSON in and out. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

type CustomerBehaviourInput = z.input<typeof customerBehaviourSchema>;

interface TestFixtures {
  /** Extra customer numbers of the test's tenant, besides the magic ones. */
  customers: Record<string, CustomerBehaviourInput>;
  tenant: TenantRuntime;
  phones: Phones;
  control: Control;
  /** The journal entries of the test's tenant. */
  journal: (kind?: JournalEntry['kind']) => JournalEntry[];
}

interface WorkerFixtures {
  cec: MockCec;
  softphonePages: SoftphoneServer;
}

/** Seeds give the tenants their agents' numbers (seed-tenant.ts); each test's tenant is removed after it, so they cycle. */
let tenantsMade = 0;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  cec: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'mock-cec-sip-e2e-'));
      const cec = await startMockCec({ port: 0, certDir: dir, tenants: [], sip: { port: 0 } });
      await use(cec);
      await cec.close();
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  softphonePages: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const server = await serveSoftphones();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  customers: [{}, { option: true }],
  tenant: async ({ cec, customers }, use) => {
    const seed = 100 + (tenantsMade++ % 400);
    const config = seedTenant(seed, { agents: 4 });
    for (const [number, behaviour] of Object.entries(customers))
      config.customers[number] = customerBehaviourSchema.parse(behaviour);
    const tenant = cec.sim.addTenant(config, seed);
    await use(tenant);
    cec.sim.removeTenant(tenant.id);
  },
  phones: async ({ page, softphonePages, cec, tenant }, use) => {
    await openSoftphonePage(page, softphonePages);
    const options = (i: number, overrides: Partial<SoftphoneOptions> = {}): SoftphoneOptions => {
      const agent = tenant.config.agents[i];
      if (!agent) throw new Error(`the tenant has no agent ${i}`);
      return {
        wsUrl: cec.sim.endpoints.sipWsUrl!,
        sipAccount: agent.sipAccount,
        sipPwd: agent.sipPwd,
        domain: cec.sim.endpoints.host ?? '127.0.0.1',
        ...overrides,
      };
    };
    await use({
      register: (name, i) => Softphone.register(page, name, options(i)),
      create: (name, i, overrides) => Softphone.create(page, name, options(i, overrides)),
      async callUp(i, number) {
        const phone = await Softphone.register(page, 'agent', options(i));
        await phone.call(number);
        await phone.until('talking');
        const callId = (await phone.callId())!;
        return { phone, callId, start: await connected(phone) };
      },
    });
  },
  control: async ({ cec }, use) => {
    const dispatcher = new Agent({ connect: { ca: cec.cert!.ca } });
    await use({
      async call(method, path, body) {
        const res = await fetch(`${cec.url}/__mock${path}`, {
          method,
          dispatcher,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as never };
      },
    });
    await dispatcher.close();
  },
  journal: async ({ cec, tenant }, use) => {
    await use((kind) => cec.sim.journal.query({ tenant: tenant.id, kind }));
  },
});

/** The SIP messages of a call, as "in INVITE" / "out 200" lines. */
export function sipLines(entries: JournalEntry[], callId: string): string[] {
  return entries
    .filter((e): e is SipEntry => e.kind === 'sip' && e.callId === callId)
    .map(
      (e) =>
        `${e.direction} ${e.firstLine.startsWith('SIP/2.0') ? e.firstLine.split(' ')[1] : e.firstLine.split(' ')[0]}`,
    );
}

/** Playwright's expect, with `toContainSequence` for journal entries (harness/journal). */
export const expect = baseExpect.extend({ toContainSequence });

/** What the control API shows of a customer's call leg (GET /__mock/sip/legs/:callId). */
export interface LegView {
  callId: string;
  direction: 'to-agent' | 'from-agent';
  state: 'calling' | 'ringing' | 'answered' | 'ended';
  endReason?: string;
  endStatus?: number;
  answeredAt?: number;
  endedAt?: number;
  media?: MediaStats;
}

/** The customer's leg of a call, as the control API shows it. */
export async function legOf(control: Control, callId: string): Promise<LegView> {
  const res = await control.call<LegView>('GET', `/sip/legs/${encodeURIComponent(callId)}`);
  expect(res.status, `GET /__mock/sip/legs/${callId}`).toBe(200);
  return res.body;
}

/** Wait until the phone's DTLS is up; the stats at that moment are where rises are measured from. */
export async function connected(phone: Softphone): Promise<AudioStats> {
  await expect.poll(async () => (await phone.stats()).dtlsState).toBe('connected');
  return phone.stats();
}

/** Chromium hears sound: inbound packets and totalAudioEnergy rise after `start` (NOTES-platform.md). */
export async function phoneHears(phone: Softphone, start: AudioStats): Promise<void> {
  await expect
    .poll(async () => (await phone.stats()).packetsReceived)
    .toBeGreaterThan(start.packetsReceived + 25);
  await expect
    .poll(async () => (await phone.stats()).totalAudioEnergy)
    .toBeGreaterThan(start.totalAudioEnergy + 0.01);
}

/** The customer hears the phone's fake microphone: packets and energy counted by its media engine. */
export async function customerHears(control: Control, callId: string): Promise<MediaStats> {
  await expect
    .poll(async () => (await legOf(control, callId)).media?.packetsReceived ?? 0)
    .toBeGreaterThan(25);
  await expect
    .poll(async () => (await legOf(control, callId)).media?.audioEnergyReceived ?? 0)
    .toBeGreaterThan(1);
  return (await legOf(control, callId)).media!;
}
