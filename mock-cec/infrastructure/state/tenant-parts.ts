import type { CallCenter } from '../../domain/gateway/call-center.ts';
import type { SipTenantSide } from '../../telephony/sip/sip-tenant-side.ts';
import type { TenantRuntime } from './tenant-runtime.ts';

/**
 * What one tenant has besides its runtime (configuration, clock, timers,
 * generator, tokens), built together by the simulator's composer
 * (`mock-cec/compose-tenants.ts`) when the tenant is added, and reset and
 * disposed with it in the order the composer writes down.
 */
export interface TenantParts {
  /** The contact center: agents, GUID sessions, event polls, ACD, bar sessions. None: the vendor's HTTP APIs alone. */
  readonly center?: CallCenter;
  /** The SIP side's registrar, accounts and expiry sweep. None: a simulator without SIP. */
  readonly sip?: SipTenantSide;
  /** Put every part back as it was when built (the tenant's reset). */
  reset(): void;
  /** The tenant is removed or the simulator stops: let go of what the parts hold. */
  dispose(): void;
}

/** Builds a tenant's parts around its runtime; one per simulator. */
export type TenantComposer = (runtime: TenantRuntime) => TenantParts;

/** A simulator of the tenants' configuration, tokens and clocks alone (unit tests of the vendor's token APIs). */
export const noParts: TenantComposer = () => ({ reset() {}, dispose() {} });
