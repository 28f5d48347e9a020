import { composeTenants, type TenantComposition } from '../compose-tenants.ts';
import { createApp } from '../edges/http/create-app.ts';
import { seedTenant } from '../infrastructure/config/seed-tenant.ts';
import type { Tenant } from '../infrastructure/config/tenant-schema.ts';
import { ManualClock } from '../infrastructure/primitives/clock.ts';
import { Simulator } from '../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../infrastructure/state/tenant-runtime.ts';

/**
 * A simulator with one seeded tenant on a manual clock, and its Hono app (no
 * port). `parts`: what the tenant is built with (default none: the vendor's
 * HTTP APIs alone; gatewayTestApp adds the contact center).
 */
export function testApp(seed = 1, patch: (t: Tenant) => Tenant = (t) => t, parts: TenantComposition = {}) {
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
  const sim = new Simulator({ clock, realTimers: false });
  composeTenants(sim, parts);
  const tenant: TenantRuntime = sim.addTenant(patch(seedTenant(seed, { agents: 3 })), seed);
  const app = createApp(sim);
  const request = (path: string, init?: RequestInit) => app.request(path, init);
  return { clock, sim, tenant, app, request };
}

export type TestApp = ReturnType<typeof testApp>;

/** POST TokenByAkSk with the tenant's own credentials unless told otherwise. */
export function getToken(t: TestApp, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const { appKey, appSecret } = t.tenant.config.app;
  return t.request('/apigovernance/api/oauth/tokenByAkSk', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...opts.headers },
    body: JSON.stringify(opts.body ?? { app_key: appKey, app_secret: appSecret }),
  });
}

export async function tokenText(t: TestApp): Promise<string> {
  const res = await getToken(t);
  return ((await res.json()) as { AccessToken: string }).AccessToken;
}
