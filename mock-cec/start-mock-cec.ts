import { seedTenant } from './config/seed-tenant.ts';
import type { Tenant } from './config/tenant-schema.ts';
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import type { FaultRuleInput } from './faults/fault-rule.ts';
import { createApp } from './http/create-app.ts';
import { type DevCert, ensureDevCert } from './http/dev-cert.ts';
import { type Listening, listen } from './http/listen.ts';
import type { MediaEngine } from './media/media-engine.ts';
import { SipService } from './sip/sip-service.ts';
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
  /** Tenants to load; without any, one is generated from `seed`. */
  tenants?: readonly { config: Tenant; seed?: number }[];
  /** Seed of the generated tenant (default 1). */
  seed?: number;
  faults?: readonly FaultRuleInput[];
  clock?: Clock;
  logger?: Logger;
  journalCapacity?: number;
  /**
   * The SIP side: UDP and TCP on `port` (default 0: a free one; the CLI's default is 5060), bound to `host`
   * (default: the HTTP host), and SIP over WebSocket at /sip on the HTTP(S) server. `false`: no SIP.
   */
  sip?: { port?: number; host?: string } | false;
  /** The simulated customer's media engines (WebRTC and plain RTP); without them customer calls fail clearly. */
  media?: MediaEngine;
}

export interface MockCec {
  sim: Simulator;
  /** Base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  port: number;
  cert: DevCert | undefined;
  /** The SIP side, unless started with `sip: false`. */
  sip: SipService | undefined;
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
  const tenants = options.tenants?.length
    ? options.tenants
    : [{ config: seedTenant(options.seed ?? 1), seed: options.seed ?? 1 }];
  for (const t of tenants) sim.addTenant(t.config, t.seed ?? 0);
  for (const f of options.faults ?? []) sim.faults.add(f);

  const cert = useTls ? await ensureDevCert(options.certDir ?? '.mock-cec/certs') : undefined;
  sim.endpoints = { ...sim.endpoints, host };
  const sip = options.sip === false ? undefined : new SipService(sim, { media: options.media });
  const app = createApp(sim, { sip });
  let listening: Listening;
  try {
    listening = await listen(app, { host, port: options.port ?? 0, tls: cert });
  } catch (err) {
    sim.dispose();
    throw err;
  }
  sim.endpoints = { ...sim.endpoints, httpBase: listening.url, httpPort: listening.port };
  if (sip && options.sip !== false) {
    try {
      const endpoints = await sip.listen({
        bind: options.sip?.host ?? host,
        port: options.sip?.port ?? 0,
        http: { server: listening.server, secure: useTls, port: listening.port },
      });
      sim.endpoints = { ...sim.endpoints, ...endpoints };
    } catch (err) {
      await sip.close();
      await listening.close();
      sim.dispose();
      throw err;
    }
  }

  return {
    sim,
    url: listening.url,
    port: listening.port,
    cert,
    sip,
    async close() {
      await sip?.close();
      await listening.close();
      sim.dispose();
    },
  };
}
