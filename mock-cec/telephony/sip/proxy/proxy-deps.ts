import type { Clock } from '../../../infrastructure/primitives/clock.ts';
import type { Timers } from '../../../infrastructure/primitives/timers.ts';
import type { DigestAuth } from '../auth/digest-auth.ts';
import type { GuessGuard } from '../auth/guess-guard.ts';
import type { SipMessage } from '../core/message.ts';
import type { Readings } from '../core/readings.ts';
import type { BindingChange } from '../registrar/binding.ts';
import type { FlowInfo } from './flow-info.ts';
import type { RoutingWorld } from './routing.ts';
import type { SipAccount, SipTenant } from './sip-tenant.ts';

/** What the proxy engine is given: clock and timers, credentials, tenants, flows, and where to send. */
export interface ProxyDeps {
  /** The host in our Via and Record-Route, which we recognise in Route. */
  readonly host: string;
  /** The simulator's clock: transactions and nonces live on it. */
  readonly clock: Clock;
  readonly timers: Timers;
  readonly auth: DigestAuth<SipAccount>;
  /** Password guessing, slowed per (address, account); none: no limit. */
  readonly guard?: GuessGuard;
  /** Our branch ids start with this (the magic cookie and a per-run tag). */
  readonly branchPrefix: string;
  /** This start's tag, after the counter in our To tags (unique across runs, RFC 3261 §19.3). */
  readonly instance?: string;
  tenantOfAccount(sipAccount: string): SipTenant | undefined;
  tenants(): Iterable<SipTenant>;
  flow(id: string): FlowInfo | undefined;
  customerFlowId(): string | undefined;
  /** Send a message; returns its bytes (sent or not), which a finished transaction keeps. */
  send(flowId: string, msg: SipMessage, note?: string): Buffer;
  /**
   * Send bytes kept from before (the answer to a retransmitted request): the proxy does not build the
   * message again, though the server parses the bytes once more to journal them (sip-server.ts `resend`).
   */
  resend(flowId: string, bytes: Buffer, note?: string): void;
  onBindingChanges(tenant: SipTenant, changes: readonly BindingChange[]): void;
  /** Whether to refuse one new request now, the server being overloaded (overload.ts). */
  refuseNew(): boolean;
  /** The UDP flow to an address (a registered Contact, contact-flow.ts); none without a UDP listener. */
  udpFlowTo?(ip: string, port: number): FlowInfo | undefined;
}

/** The lookups routing decisions need, over the proxy's dependencies, reading with the proxy's `readings`. */
export function routingWorld(d: ProxyDeps, readings?: Readings): RoutingWorld {
  return {
    readings,
    tenantOfAccount: (u) => d.tenantOfAccount(u),
    bindingByUri: (key) => {
      for (const tenant of d.tenants()) {
        const binding = tenant.registrar.byUriKey(key, tenant.now());
        if (binding) return { binding, tenant };
      }
      return undefined;
    },
    flowAlive: (id) => d.flow(id) !== undefined,
    customerFlowId: () => d.customerFlowId(),
  };
}
