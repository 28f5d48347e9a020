import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect as baseExpect } from '@playwright/test';
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
import { type ControlClient, controlClient } from '../../control/client.ts';
import type { JournalEntry } from '../../journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import type { TenantRuntime } from '../../state/tenant-runtime.ts';
import { connected } from './audio-proof.ts';

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

/** The control API's typed client (mock-cec/control/client.ts), trusting the worker's development CA. */
export type Control = ControlClient;

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
    const client = controlClient({ url: cec.url, ca: cec.cert!.ca });
    await use(client.api);
    await client.close();
  },
  journal: async ({ cec, tenant }, use) => {
    await use((kind) => cec.sim.journal.query({ tenant: tenant.id, kind }));
  },
});

/** Playwright's expect, with `toContainSequence` for journal entries (harness/journal). */
export const expect = baseExpect.extend({ toContainSequence });

export { connected, customerHears, type LegView, legOf, phoneHears } from './audio-proof.ts';
