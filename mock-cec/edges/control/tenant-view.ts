import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';

/** What the control API shows of a tenant: its configuration and a summary of its state. */
export function tenantView(t: TenantRuntime) {
  return {
    tenantSpaceId: t.id,
    seed: t.seed,
    clock: { now: t.now(), offsetMs: t.clock.offsetMs },
    liveTokens: t.tokens.size,
    config: t.config,
  };
}
