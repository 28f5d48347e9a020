import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { naming } from '../../infrastructure/primitives/listen-error.ts';
import { ClockTimers, type Timers } from '../../infrastructure/primitives/timers.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { MediaEngine } from '../media/media-engine.ts';
import { DigestAuth } from './auth/digest-auth.ts';
import { GuessGuard, type GuessGuardOptions } from './auth/guess-guard.ts';
import { NonceBook } from './auth/nonce-book.ts';
import { CustomerUa } from './customer/customer-ua.ts';
import { SipProxy } from './proxy/sip-proxy.ts';
import type { SipAccount } from './proxy/sip-tenant.ts';
import { secondsLeft } from './registrar/binding.ts';
import { uriKeyOf } from './registrar/register-request.ts';
import { defaultRegistrarOptions, type RegistrarOptions } from './registrar/registrar.ts';
import { RegistrationJournal } from './registration-journal.ts';
import { SipServer } from './sip-server.ts';
import { SipTenantSide } from './sip-tenant-side.ts';
import type { ConnectionLimits } from './transports/connection-limits.ts';
import { uriHost } from './transports/flow.ts';
import { memoryLink } from './transports/memory-flow.ts';
import { listenTcp, type TcpTransport } from './transports/tcp-transport.ts';
import { listenUdp, type UdpTransport } from './transports/udp-transport.ts';
import { type OriginPolicy, originAllowed } from './transports/ws-origin.ts';
import { attachWsTransport, type WsTransport } from './transports/ws-transport.ts';

export interface SipServiceOptions {
  /** Digest realm for every tenant (default "mock-cec"). [choice] */
  realm?: string;
  /** How long a nonce stays fresh (default 5 minutes). */
  nonceTtlMs?: number;
  /** Secret that signs nonces (default: random per start). */
  secret?: Buffer;
  registrar?: Partial<RegistrarOptions>;
  /** Password guessing limits (guess-guard.ts); `false`: none (benchmarks of raw digest). */
  guessGuard?: Partial<GuessGuardOptions> | false;
  /** Transaction timers (default: real timers on the simulator's clock). */
  timers?: Timers;
  /** The simulated customer's media engines; without them customer calls fail with a clear reason. */
  media?: MediaEngine;
  /** This start's tag in tags, Call-IDs and branches (default: 8 random hex digits). */
  instance?: string;
  /**
   * Origins of web pages allowed to use SIP over WebSocket, besides the
   * simulator's own, the tenants' `callback.allowedOrigins` and (unless
   * `wsLoopbackOrigins: false`) any page on a loopback host (ws-origin.ts).
   */
  wsOrigins?: readonly string[];
  wsLoopbackOrigins?: boolean;
}

export interface SipListenOptions {
  /** Address to bind UDP and TCP to. */
  bind: string;
  /** UDP and TCP port (0: a free one, the same for both). */
  port: number;
  /** The HTTP(S) server to carry SIP over WebSocket, and whether it is HTTPS. */
  http?: { server: Server; secure: boolean; port: number };
  /** SIP over TLS (RFC 3261 §26.2.1) on `port` (0: a free one) with this key and certificate. */
  tls?: { port: number; key: string; cert: string };
  /** Deadline and caps of the TCP and TLS listeners (connection-limits.ts). */
  limits?: Partial<ConnectionLimits>;
}

export interface SipEndpoints {
  sipUdpPort: number;
  sipTcpPort: number;
  sipTlsPort?: number;
  sipWsUrl?: string;
}

/**
 * The SIP side of the simulator, put together: digest auth, the proxy engine
 * and its edge (SipServer), the simulated customer, and the listeners
 * (WebSocket on the HTTP(S) server, UDP and TCP on one port, TLS on another).
 * Built before it listens, so the control API can be mounted first. Its
 * per-tenant part (registrar, accounts) is built with each tenant by the
 * composer, through `tenantSide`, and found through the tenant (`runtime.sip`).
 */
export class SipService {
  readonly server: SipServer;
  readonly proxy: SipProxy;
  readonly auth: DigestAuth<SipAccount>;
  /** The simulated customer: what the ACD dials agents with (CustomerCalls). */
  readonly customer: CustomerUa;
  readonly #registrarOptions: RegistrarOptions;
  /** Every tenant's registration entries, in one set of journal columns. */
  readonly #registrations: RegistrationJournal;
  readonly #ownTimers: ClockTimers | undefined;
  #udp?: UdpTransport;
  #tcp?: TcpTransport;
  #tls?: TcpTransport;
  #ws?: WsTransport;

  constructor(
    private readonly sim: Simulator,
    private readonly options: SipServiceOptions = {},
  ) {
    this.#registrarOptions = { ...defaultRegistrarOptions, ...options.registrar };
    this.#registrations = new RegistrationJournal(sim);
    this.auth = new DigestAuth<SipAccount>({
      realm: options.realm ?? 'mock-cec',
      algorithms: ['MD5'],
      nonces: new NonceBook({
        secret: options.secret ?? randomBytes(32),
        ttlMs: options.nonceTtlMs ?? 300_000,
      }),
    });
    this.#ownTimers = options.timers ? undefined : new ClockTimers(sim.clock, { real: true });
    const timers = options.timers ?? this.#ownTimers!;
    // This start's tag, in every tag, Call-ID and branch we make (see `instance` in customer-ua.ts).
    const instance = options.instance ?? randomBytes(4).toString('hex');
    const address = () => ({
      host: uriHost(this.advertisedHost),
      ip: this.advertisedHost,
      port: sim.endpoints.sipUdpPort ?? sim.endpoints.httpPort ?? 5060,
    });
    // Built in the order each needs the one before; the server and the customer's flow are reached
    // from the proxy only once messages flow, after all three exist.
    let customerFlowId: string | undefined;
    this.proxy = new SipProxy({
      host: uriHost(this.advertisedHost),
      clock: sim.clock,
      timers,
      auth: this.auth,
      guard: options.guessGuard === false ? undefined : new GuessGuard(options.guessGuard),
      // RFC 3261 §8.1.1.7: the magic cookie, then a tag of this run so branches stay unique across restarts.
      branchPrefix: `z9hG4bK-mc${instance}-`,
      instance,
      tenantOfAccount: (u) => sim.tenantBySipAccount(u)?.sip,
      tenants: () => this.#sipTenants(),
      flow: (id) => this.server.flows.get(id),
      customerFlowId: () => customerFlowId,
      send: (flowId, msg, note) => this.server.send(flowId, msg, note),
      resend: (flowId, bytes, note) => this.server.resend(flowId, bytes, note),
      // Every SipTenant the proxy is given is a tenant's SipTenantSide (tenantOfAccount, tenants).
      onBindingChanges: (t, changes) => {
        if (t instanceof SipTenantSide) t.changed(changes);
      },
      refuseNew: () => this.server.refuseNew(),
      udpFlowTo: (ip, port) => this.#udp?.peer(ip, port),
    });
    this.server = new SipServer(sim, this.proxy, {
      noncesExpired: () => this.auth.options.nonces.expireAll(),
      flowClosed: (flowId) => this.customer.flowClosed(flowId),
    });
    const link = memoryLink('mem', address, this.server);
    customerFlowId = link.flow.id;
    this.customer = new CustomerUa({
      sim,
      link,
      media: options.media,
      address,
      wsPort: () => sim.endpoints.httpPort,
      tlsPort: () => this.#tls?.port,
      instance,
      bindingTransports: (tenantId, sipAccount) => {
        const t = sim.tenant(tenantId)?.sip;
        return t ? t.registrar.lookup(sipAccount, t.now()).map((b) => b.flow.transport) : [];
      },
      contactRegistered: (tenantId, contact) => {
        const t = sim.tenant(tenantId)?.sip;
        const key = uriKeyOf(contact);
        return t !== undefined && key !== undefined && t.registrar.byUriKey(key, t.now()) !== undefined;
      },
    });
  }

  /** The SIP side of a tenant being built (the composer's, compose-tenants.ts). */
  tenantSide(runtime: TenantRuntime): SipTenantSide {
    return new SipTenantSide(runtime, this.#registrarOptions, this.#registrations);
  }

  *#sipTenants(): Iterable<SipTenantSide> {
    for (const runtime of this.sim.tenants()) if (runtime.sip) yield runtime.sip;
  }

  /** The host clients are told to use, and that we write in Via and Record-Route. */
  get advertisedHost(): string {
    const h = this.sim.endpoints.host;
    return h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h;
  }

  async listen(o: SipListenOptions): Promise<SipEndpoints> {
    const onError = (what: string, err: unknown) => this.sim.logger.warn(what, { error: String(err) });
    const addresses = { bind: o.bind, advertise: this.advertisedHost, onError };
    if (o.http) {
      const sim = this.sim;
      const extra = this.options.wsOrigins ?? [];
      const policy: OriginPolicy = {
        loopback: this.options.wsLoopbackOrigins,
        *origins() {
          if (sim.endpoints.httpBase) yield sim.endpoints.httpBase;
          yield* extra;
          for (const t of sim.tenants()) yield* t.config.callback.allowedOrigins;
        },
      };
      this.#ws = attachWsTransport({
        ...o.http,
        host: this.advertisedHost,
        sink: this.server,
        onError,
        originAllowed: (origin) => originAllowed(origin, policy),
      });
    }
    const stream = { ...addresses, sink: this.server, limits: o.limits, tlsPort: () => this.#tls?.port };
    // UDP and TCP share a port number, as SIP servers do; with port 0, find one free for both.
    for (let attempt = 0; ; attempt++) {
      const udp = await naming('SIP UDP', o.bind, o.port, '--sip-port', () =>
        listenUdp({ ...addresses, port: o.port, sink: this.server }),
      );
      try {
        this.#tcp = await naming('SIP TCP', o.bind, udp.port, '--sip-port', () =>
          listenTcp({ ...stream, port: udp.port }),
        );
        this.#udp = udp;
        break;
      } catch (err) {
        await udp.close();
        if (o.port !== 0 || attempt >= 5) throw err;
      }
    }
    const tls = o.tls;
    if (tls) {
      this.#tls = await naming('SIP TLS', o.bind, tls.port, '--sip-tls-port', () =>
        listenTcp({ ...stream, port: tls.port, tls }),
      );
    }
    return {
      sipUdpPort: this.#udp.port,
      sipTcpPort: this.#tcp.port,
      sipTlsPort: this.#tls?.port,
      sipWsUrl: this.#ws?.url,
    };
  }

  /** Live registrations, for the control API. */
  registrations(tenantId?: string) {
    const out = [];
    for (const t of this.#sipTenants()) {
      if (tenantId !== undefined && t.id !== tenantId) continue;
      const now = t.now();
      for (const b of t.registrar.all(now)) {
        out.push({
          tenant: t.id,
          sipAccount: b.aor,
          workNo: t.account(b.aor)?.workNo,
          contact: b.uri,
          transport: b.flow.transport,
          flow: b.flow.id,
          remote: this.server.flows.get(b.flow.id)?.remote,
          expiresInSec: secondsLeft(b, now),
          registeredAt: b.registeredAt,
          instance: b.instance,
          regId: b.regId,
          userAgent: b.userAgent,
        });
      }
    }
    return out;
  }

  /** Stopping: hang up every customer leg and wait (at most `withinMs`) for the far ends to answer. */
  drain(withinMs: number): Promise<number> {
    return this.customer.drain(withinMs);
  }

  async close(): Promise<void> {
    this.#ws?.close();
    await Promise.all([this.#udp?.close(), this.#tcp?.close(), this.#tls?.close()]);
    this.#ownTimers?.dispose();
  }
}
