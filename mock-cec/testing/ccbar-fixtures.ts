import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type FrameLocator, type Page } from '@playwright/test';
import { seedTenant } from '../config/seed-tenant.ts';
import type { Tenant } from '../config/tenant-schema.ts';
import { answer, controlClient } from '../control/client.ts';
import { type MockCec, startMockCec } from '../start-mock-cec.ts';
import { FakeCustomerCalls } from './fake-customer-calls.ts';
import { type HostSite, startHostSite, type VerifyMode } from './host-site.ts';

declare global {
  interface Window {
    seen: { eventType: string; workNo: string; content: unknown }[];
    barReady?: boolean;
  }
}

interface Stack {
  cec: MockCec;
  /** The SIP side, faked: every registered softphone rings at once; the bar's Answer answers it. */
  calls: FakeCustomerCalls;
  host: HostSite;
}

/** One test's own tenant on the shared simulator: its clock, agents and calls are its own. */
export interface SpecTenant {
  id: string;
  config: Tenant;
  /** The desk page of the n-th agent. */
  deskUrl(agent: number): string;
  /** Open the desk page as the n-th agent, load the bar, open it; the bar's frame. */
  openDesk(page: Page, agent?: number): Promise<FrameLocator>;
  setVerifyMode(mode: VerifyMode): void;
  /** Advance this tenant's clock through the control API. */
  advance(ms: number): Promise<void>;
  placeCall(body?: Record<string, unknown>): Promise<{ id: string }>;
  hangupCall(id: string): Promise<void>;
  agentStates(): Promise<{ workNo: number; state: string }[]>;
  journal(kind: string): Promise<Record<string, unknown>[]>;
}

/** The event types the page's callback(message) received so far. */
export const seenTypes = (page: Page) => page.evaluate(() => window.seen.map((e) => e.eventType));

/** Tenants made by this worker process so far: each test's tenant gets fresh ids and workNos. */
let made = 0;

export const test = base.extend<
  { tenant: (patch?: (t: Tenant) => Tenant) => Promise<SpecTenant> },
  { stack: Stack }
>({
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'mock-cec-ccbar-'));
      const calls = new FakeCustomerCalls();
      calls.autoRing = true;
      const cec = await startMockCec({ port: 0, certDir: dir, customerCalls: calls });
      const host = await startHostSite(cec.cert!);
      host.setContextPath(`${cec.url}/service-cloud/`);
      await use({ cec, calls, host });
      await host.close();
      await cec.close();
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  tenant: async ({ stack }, use, testInfo) => {
    const { cec, calls, host } = stack;
    const created: string[] = [];
    const client = controlClient({ url: cec.url, ca: cec.cert!.ca });
    const api = client.api;
    await use(async (patch = (t) => t) => {
      // A seed of its own per worker and tenant, so that ids and workNos never clash on the shared simulator.
      made++;
      const seeded = seedTenant(100 + testInfo.workerIndex * 500 + made, { agents: 2 });
      const config = patch({
        ...seeded,
        tenantSpaceId: `${seeded.tenantSpaceId}-w${testInfo.workerIndex}-${made}`,
        callback: {
          url: host.verifyUrl,
          caFile: cec.cert!.caFile,
          timeoutMs: 1500,
          allowedOrigins: [host.origin],
        },
      });
      await answer(() => api.tenants.$post({ json: { tenant: config } }), 'POST /tenants');
      created.push(config.tenantSpaceId);
      for (const a of config.agents) calls.register(config.tenantSpaceId, a.sipAccount);
      const id = config.tenantSpaceId;
      return {
        id,
        config,
        setVerifyMode: (mode) => host.setMode(id, mode),
        deskUrl: (agent) => host.deskUrl(id, config.agents[agent]!.accountCode),
        async openDesk(page, agent = 0) {
          await page.goto(host.deskUrl(id, config.agents[agent]!.accountCode));
          await expect(page.locator('#bar-status')).toHaveText('Contact center bar loaded');
          await page.waitForFunction(() => window.barReady === true);
          await page.getByRole('button', { name: 'Contact Center' }).click();
          const bar = page.frameLocator('iframe[name="ccbarclient"]');
          await expect(bar.getByRole('button', { name: 'Sign In' })).toBeEnabled();
          return bar;
        },
        async advance(ms) {
          const args = { param: { id }, json: { advanceMs: ms } };
          await answer(() => api.tenants[':id'].clock.$post(args), 'POST /tenants/{id}/clock');
        },
        async placeCall(body = {}) {
          return answer(() => api.calls.$post({ json: { tenant: id, ...body } }), 'POST /calls');
        },
        async hangupCall(callId) {
          const args = { param: { id: callId }, query: { tenant: id } };
          await answer(() => api.calls[':id'].$delete(args), 'DELETE /calls/{id}');
        },
        async agentStates() {
          return (await answer(() => api.tenants[':id'].agents.$get({ param: { id } }), 'GET agents')).agents;
        },
        async journal(kind) {
          const page = await answer(() => api.journal.$get({ query: { tenant: id, kind } }), 'GET /journal');
          if (typeof page === 'string') throw new Error('GET /journal answered NDJSON');
          return page.entries;
        },
      };
    });
    for (const id of created)
      await answer(() => api.tenants[':id'].$delete({ param: { id } }), 'DELETE /tenants/{id}');
    await client.close();
  },
});

export { expect };
