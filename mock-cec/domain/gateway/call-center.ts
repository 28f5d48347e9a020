import { BarSessions } from '../../edges/ccbar/bar-sessions.ts';
import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { Acd } from '../acd/acd.ts';
import { type CustomerDirectory, tenantCustomerDirectory } from '../acd/customer-directory.ts';
import { AgentBook } from '../agents/agent-book.ts';
import type { CustomerCalls } from '../calls/customer-calls.ts';
import { EventPolls } from './event-polls.ts';
import { GatewayDesk } from './gateway-desk.ts';
import { formatGuid, GuidSessions } from './guid-sessions.ts';

export interface CallCenterOptions {
  /** The SIP side: rings the agents' softphones for the simulated customers. */
  customerCalls: CustomerCalls;
  /** How Call Out customers behave (default: the tenant's customers: table). */
  directory?: CustomerDirectory;
}

/**
 * One tenant's contact center: its agents, their GUID sessions and event
 * polls, the gateway's rules and the ACD, wired together. Every part takes the
 * tenant's clock, timers and seeded generator, so a run replays alike. Built
 * with the tenant (compose-tenants.ts) and reached through it (`tenant.center`).
 */
export class CallCenter {
  readonly agents: AgentBook;
  readonly sessions: GuidSessions;
  readonly polls: EventPolls;
  readonly acd: Acd;
  readonly desk: GatewayDesk;
  /** The connection bar's tickets and cookie sessions. */
  readonly bar: BarSessions;

  constructor(
    readonly tenant: TenantRuntime,
    sim: Simulator,
    options: CallCenterOptions,
  ) {
    const append = (entry: NewEntry) => void sim.journal.append(entry);
    const nextCorr = () => sim.nextCorr();
    const gateway = () => tenant.config.gateway;
    this.agents = new AgentBook(tenant.config.agents, { tenant: tenant.id, now: () => tenant.now(), append });
    this.sessions = new GuidSessions(
      () => ({ rotateMs: gateway().guidRotateMs, ttlMs: gateway().guidTtlMs }),
      // Drawn when needed from the tenant's generator (reset on tenant reset), so GUIDs replay.
      () => formatGuid(tenant.rng.hex(16)),
    );
    this.polls = new EventPolls(this.agents, tenant.timers, () => gateway().pollTimeoutMs);
    this.acd = new Acd({
      tenant,
      agents: this.agents,
      calls: options.customerCalls,
      directory: options.directory ?? tenantCustomerDirectory((id) => sim.tenant(id)),
      append,
      nextCorr,
      logger: sim.logger,
      onLanded: (agent, rest) => this.desk.landed(agent, rest),
    });
    this.desk = new GatewayDesk({
      tenant,
      agents: this.agents,
      sessions: this.sessions,
      polls: this.polls,
      acd: this.acd,
      append,
      nextCorr,
    });
    this.bar = new BarSessions(
      () => tenant.now(),
      (bytes) => tenant.rng.hex(bytes),
    );
  }

  reset(): void {
    this.bar.clear();
    this.polls.reset();
    this.acd.reset();
    this.desk.reset();
    this.sessions.clear();
    this.agents.reset();
  }
}
