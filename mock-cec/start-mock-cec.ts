import { composeTenants } from './compose-tenants.ts';
import type { CustomerDirectory } from './domain/acd/customer-directory.ts';
import type { CustomerCalls } from './domain/calls/customer-calls.ts';
import { noSoftphones } from './domain/calls/no-softphones.ts';
import type { FaultRuleInput } from './domain/faults/fault-rule.ts';
import { vendorRoutes } from './edges/api/routes.ts';
import type { ConnectionLimits as HttpConnectionLimits } from './edges/http/connection-limits.ts';
import { createApp } from './edges/http/create-app.ts';
import { type DevCert, ensureDevCert } from './edges/http/dev-cert.ts';
import { type Listening, listen } from './edges/http/listen.ts';
import { vendorFastPath } from './edges/http/vendor-fast-path.ts';
import { seedTenant } from './infrastructure/config/seed-tenant.ts';
import type { Tenant } from './infrastructure/config/tenant-schema.ts';
import type { Clock } from './infrastructure/primitives/clock.ts';
import { naming } from './infrastructure/primitives/listen-error.ts';
import type { Logger } from './infrastructure/primitives/logger.ts';
import { Simulator } from './infrastructure/state/simulator.ts';
import { persistState, readState, restoreState } from './infrastructure/state/state-file.ts';
import { createMediaEngine } from './telephony/media/create-media-engine.ts';
import type { MediaEngine } from './telephony/media/media-engine.ts';
import { createWorkerMediaEngine } from './telephony/media/worker/worker-media-engine.ts';
import { SipService } from './telephony/sip/sip-service.ts';
import type { ConnectionLimits as SipConnectionLimits } from './telephony/sip/transports/connection-limits.ts';

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
  /** The journal's budget of estimated bytes (default 48 MiB). */
  journalMaxBytes?: number;
  /**
   * The SIP side: UDP and TCP on `port` (default 0: a free one; the CLI's default is 5060), bound to `host`
   * (default: the HTTP host), SIP over WebSocket at /sip on the HTTP(S) server, and SIP over TLS on
   * `tlsPort` with the development certificate (default: a free port when HTTPS is on, none with
   * `tls: false`; a number asks for it either way; `false`: none). `limits`: the deadline and caps of
   * the TCP and TLS listeners (connection-limits.ts). `false`: no SIP.
   */
  sip?:
    | {
        port?: number;
        host?: string;
        tlsPort?: number | false;
        limits?: Partial<SipConnectionLimits>;
        /** Web pages (origins) allowed to use SIP over WebSocket besides the defaults (ws-origin.ts). */
        wsOrigins?: readonly string[];
      }
    | false;
  /** A token every control API request must carry (Bearer), for a simulator reachable beyond loopback. */
  controlToken?: string;
  /** Names besides its addresses and loopback's that the control API answers to (a DNS name of the machine). */
  allowedHosts?: readonly string[];
  /** Deadlines and connection caps of the HTTP(S) listener (defaults: http/connection-limits.ts). */
  connectionLimits?: Partial<HttpConnectionLimits>;
  /** The simulated customer's media engines (default: werift WebRTC and plain RTP). */
  media?: MediaEngine;
  /**
   * The `media.workers` setting: how many worker threads carry the simulated
   * customers' media, off the main loop that answers SIP and HTTP (decision
   * record 008); 0 (the default here; the CLI and `npm start` use 1) keeps it
   * in this loop. Not read when `media` is given.
   */
  mediaWorkers?: number;
  /**
   * What rings the agents' softphones (default: the SIP side's simulated
   * customer; with `sip: false`, nothing, so no call reaches an agent). Tests
   * of the gateway alone pass a fake.
   */
  customerCalls?: CustomerCalls | ((sim: Simulator) => CustomerCalls);
  /** How the customers of Call Out behave (default: the tenant's `customers:` table). */
  customerDirectory?: CustomerDirectory;
  /**
   * Keep the configuration given (tenants, clock offsets, fault rules) in this
   * folder, written before each change is acknowledged; when it holds a saved
   * state, start from that instead of `tenants` and `faults` (state-file.ts).
   */
  stateDir?: string;
}

export interface MockCec {
  sim: Simulator;
  /** Base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  port: number;
  cert: DevCert | undefined;
  /** The SIP side, unless started with `sip: false`. */
  sip: SipService | undefined;
  /** Started from the configuration saved in `stateDir` (rather than `tenants` and `faults`). */
  restored: boolean;
  /**
   * Stop gracefully: BYE or CANCEL every call leg (media stops as each ends)
   * and wait, at most `withinMs` (default 5 s), for the phones to answer; sign
   * every agent out (its poll gets the sign-out event); then close. Calls
   * whose phones did not answer in time are counted in `unanswered`.
   */
  drain(withinMs?: number): Promise<{ agentsSignedOut: number; unanswered: number }>;
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
    journalMaxBytes: options.journalMaxBytes,
  });
  const saved = options.stateDir === undefined ? undefined : readState(options.stateDir);
  const sipTls = options.sip === false ? false : (options.sip?.tlsPort ?? (useTls ? 0 : false));
  const cert =
    useTls || sipTls !== false ? await ensureDevCert(options.certDir ?? '.mock-cec/certs') : undefined;
  sim.endpoints = { ...sim.endpoints, host };
  // The simulator-wide parts, then how a tenant is built on them, then the tenants.
  // An engine made here is closed here (its workers end with the simulator).
  const ownMedia =
    options.sip === false || options.media
      ? undefined
      : (options.mediaWorkers ?? 0) > 0
        ? createWorkerMediaEngine({ workers: options.mediaWorkers ?? 0, logger: options.logger })
        : createMediaEngine({ logger: options.logger });
  const sip =
    options.sip === false
      ? undefined
      : new SipService(sim, {
          media: options.media ?? ownMedia,
          wsOrigins: options.sip?.wsOrigins,
        });
  const calls = options.customerCalls;
  composeTenants(sim, {
    sip,
    center: {
      calls: typeof calls === 'function' ? calls(sim) : (calls ?? sip?.customer ?? noSoftphones),
      directory: options.customerDirectory,
    },
  });
  // No `tenants` option: the demo tenant of `seed`. An empty list: none (add them later through the control API).
  const tenants = options.tenants ?? [{ config: seedTenant(options.seed ?? 1), seed: options.seed ?? 1 }];
  if (saved) {
    restoreState(sim, saved);
  } else {
    for (const t of tenants) sim.addTenant(t.config, t.seed ?? 0);
    for (const f of options.faults ?? []) sim.faults.add(f);
  }
  if (options.stateDir !== undefined) persistState(sim, options.stateDir);
  const app = createApp(sim, {
    sip,
    guard: { bindHost: host, allowedHosts: options.allowedHosts, token: options.controlToken },
  });
  let listening: Listening;
  try {
    const port = options.port ?? 0;
    listening = await naming(useTls ? 'HTTPS' : 'HTTP', host, port, '--port', () =>
      listen(app, {
        host,
        port,
        tls: useTls ? cert : undefined,
        before: vendorFastPath(vendorRoutes, sim),
        limits: options.connectionLimits,
      }),
    );
  } catch (err) {
    await ownMedia?.close?.();
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
        tls: sipTls !== false && cert ? { port: sipTls, key: cert.key, cert: cert.cert } : undefined,
        limits: options.sip?.limits,
      });
      sim.endpoints = { ...sim.endpoints, ...endpoints };
    } catch (err) {
      await sip.close();
      await ownMedia?.close?.();
      await listening.close();
      sim.dispose();
      throw err;
    }
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await sip?.close();
      await ownMedia?.close?.();
      await listening.close();
      sim.dispose();
    })();
    return closed;
  };
  return {
    sim,
    url: listening.url,
    port: listening.port,
    cert,
    sip,
    restored: saved !== undefined,
    async drain(withinMs = 5000) {
      // Calls first (their BYEs answered, the ACD hears each end), then the agents, whose polls get the sign-out.
      const unanswered = (await sip?.drain(withinMs)) ?? 0;
      let agentsSignedOut = 0;
      for (const t of sim.tenants()) {
        agentsSignedOut += t.center?.desk.signOutAll(sim.nextCorr(), 'simulator stopping') ?? 0;
      }
      await close();
      return { agentsSignedOut, unanswered };
    },
    close,
  };
}
