import type { CustomerDirectory } from './domain/acd/customer-directory.ts';
import type { CustomerCalls } from './domain/calls/customer-calls.ts';
import { CallCenter } from './domain/gateway/call-center.ts';
import type { Simulator } from './infrastructure/state/simulator.ts';
import type { TenantParts } from './infrastructure/state/tenant-parts.ts';
import type { TenantRuntime } from './infrastructure/state/tenant-runtime.ts';
import type { SipService } from './telephony/sip/sip-service.ts';

/** The simulator-wide parts a tenant's parts are built on. */
export interface TenantComposition {
  /** The SIP side (listeners, proxy, the simulated customer). None: no registrar, no customer calls. */
  sip?: SipService;
  /**
   * The contact center (agent gateway, ACD, bar), ringing agents' softphones
   * through `calls` (start-mock-cec.ts: the SIP side's simulated customer).
   * None: the gateway's routes answer 100-007, "not installed".
   */
  center?: { calls: CustomerCalls; directory?: CustomerDirectory };
}

/**
 * The one place a tenant is put together. Every tenant the simulator adds,
 * from now on, is built with these parts; call before adding the first tenant.
 */
export function composeTenants(sim: Simulator, parts: TenantComposition): void {
  sim.compose((runtime) => composeTenant(sim, runtime, parts));
}

/**
 * One tenant's parts, on its runtime (clock, timers, generator, tokens):
 *
 *   built:    SIP side (registrar, accounts) → contact center (agents, GUIDs, polls, ACD, desk, bar)
 *   reset:    registrations end → the customer's calls hang up → contact center (bar, polls, ACD, desk, GUIDs, agents)
 *   disposed: the SIP side's sweep → the contact center's timers end with the tenant's
 *
 * The reset order is the journal's: a reset reads as the softphones
 * unregistering, then the calls ending, then the agents back to signed out.
 */
export function composeTenant(sim: Simulator, runtime: TenantRuntime, parts: TenantComposition): TenantParts {
  const sip = parts.sip?.tenantSide(runtime);
  const center =
    parts.center &&
    new CallCenter(runtime, sim, { customerCalls: parts.center.calls, directory: parts.center.directory });
  return {
    sip,
    center,
    reset() {
      sip?.reset();
      parts.sip?.customer.dropTenant(runtime.id);
      center?.reset();
    },
    dispose() {
      sip?.dispose();
    },
  };
}
