import type { Cancel } from '../../infrastructure/primitives/timers.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { FaultHit } from './fault-book.ts';
import { describeAction, type FaultTarget } from './fault-rule.ts';

/** What a hit is journaled against: the correlation id, and what was hit ("POST /path", "OPTIONS sip:…"). */
export interface FaultSite {
  corr: string;
  target: string;
}

/**
 * The one way an edge consults the fault rules (vendor HTTP in `dispatch`,
 * SIP in `SipServer`, the token callback): match what arrived, a rule's
 * probability drawn from the tenant's seeded generator (the simulator's for
 * a request of no known tenant), and journal the hit as a `fault` entry
 * before anything it causes. `site` is asked only on a hit.
 */
export function matchFault(
  sim: Simulator,
  tenant: TenantRuntime | undefined,
  target: FaultTarget,
  site: () => FaultSite,
): FaultHit | undefined {
  if (sim.faults.size === 0) return undefined;
  const hit = sim.faults.match(target, (tenant?.rng ?? sim.rng).next);
  if (!hit) return undefined;
  const { corr, target: what } = site();
  sim.journal.append({
    kind: 'fault',
    at: tenant?.now() ?? sim.clock.now(),
    tenant: tenant?.id,
    corr,
    rule: hit.rule.id,
    action: describeAction(hit.action),
    target: what,
  });
  return hit;
}

/**
 * Run `fn` once a fault's delay has passed on the tenant's clock, through its
 * timers (the simulator's own for a request of no known tenant), so advancing
 * the tenant's clock (`POST /__mock/tenants/{id}/clock`) moves a delayed answer too.
 */
export function afterFaultDelay(
  sim: Simulator,
  tenant: TenantRuntime | undefined,
  ms: number,
  fn: () => void,
): Cancel {
  return (tenant?.timers ?? sim.timers).after(ms, fn);
}

/** `afterFaultDelay` as a promise. */
export function faultDelay(sim: Simulator, tenant: TenantRuntime | undefined, ms: number): Promise<void> {
  return new Promise((resolve) => afterFaultDelay(sim, tenant, ms, resolve));
}
