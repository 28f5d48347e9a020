import type { CustomerDirectory } from './acd/customer-directory.ts';
import { vendorRoutes } from './api/routes.ts';
import type { CustomerCalls } from './calls/customer-calls.ts';
import { noSoftphones } from './calls/no-softphones.ts';
import { seedTenant } from './config/seed-tenant.ts';
import type { Tenant } from './config/tenant-schema.ts';
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import type { FaultRuleInput } from './faults/fault-rule.ts';
import { installCallCenters } from './gateway/call-center.ts';
import { createApp } from './http/create-app.ts';
import { type DevCert, ensureDevCert } from './http/dev-cert.ts';
import { type Listening, listen } from './http/listen.ts';
import { vendorFastPath } from './http/vendor-fast-path.ts';
import { Simulator } from './state/simulator.ts';

export interface MockCecOptions {
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** HTTP(S) port (default 0: a free one). */
  port?: number;
  /** HTTPS with the development certificate (default true). */
  tls?: boolean;
  /** Where the development CA and certificate are kept (default .mock-cec/certs). */
  certDir?: string;
  /** Tenants to load; when left out, one is generated from `seed`; `[]` starts with none. */
  tenants?: readonly { config: Tenant; seed?: number }[];
  /** Seed of the generated tenant (default 1). */
  seed?: number;
  faults?: readonly FaultRuleInput[];
  clock?: Clock;
  logger?: Logger;
  journalCapacity?: number;
  /**
   * The SIP side that rings the agents' softphones, or a function that builds
   * it on the simulator (default: none, so no call reaches an agent).
   */
  customerCalls?: CustomerCalls | ((sim: Simulator) => CustomerCalls);
  /** How the customers of Call Out behave (default: 486… busy, 408… no answer, others answer). */
  customerDirectory?: CustomerDirectory;
}

export interface MockCec {
  sim: Simulator;
  /** Base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  port: number;
  cert: DevCert | undefined;
  close(): Promise<void>;
}

/** Start the simulated CEC: build the simulator, load tenants and faults, listen. */
export async function startMockCec(options: MockCecOptions = {}): Promise<MockCec> {
  const host = options.host ?? '127.0.0.1';
  const useTls = options.tls ?? true;
  const sim = new Simulator({
    clock: options.clock,
    logger: options.logger,
    journalCapacity: options.journalCapacity,
  });
  const calls = options.customerCalls;
  installCallCenters(sim, {
    customerCalls: typeof calls === 'function' ? calls(sim) : (calls ?? noSoftphones),
    directory: options.customerDirectory,
  });
  // No `tenants` option: the demo tenant of `seed`. An empty list: none (add them later through the control API).
  const tenants = options.tenants ?? [{ config: seedTenant(options.seed ?? 1), seed: options.seed ?? 1 }];
  for (const t of tenants) sim.addTenant(t.config, t.seed ?? 0);
  for (const f of options.faults ?? []) sim.faults.add(f);

  const cert = useTls ? await ensureDevCert(options.certDir ?? '.mock-cec/certs') : undefined;
  const app = createApp(sim);
  let listening: Listening;
  try {
    listening = await listen(app, {
      host,
      port: options.port ?? 0,
      tls: cert,
      before: vendorFastPath(vendorRoutes, sim),
    });
  } catch (err) {
    sim.dispose();
    throw err;
  }
  sim.endpoints = { ...sim.endpoints, host, httpBase: listening.url, httpPort: listening.port };

  return {
    sim,
    url: listening.url,
    port: listening.port,
    cert,
    async close() {
      await listening.close();
      sim.dispose();
    },
  };
}
