import type { Cancel } from '../../infrastructure/primitives/timers.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { DigestAlgorithm } from './auth/digest.ts';
import type { SipAccount, SipTenant } from './proxy/sip-tenant.ts';
import type { BindingChange } from './registrar/binding.ts';
import { Registrar, type RegistrarOptions } from './registrar/registrar.ts';
import type { RegistrationJournal } from './registration-journal.ts';

/**
 * The SIP side of one tenant: a registrar on the tenant's clock, its accounts
 * and customer numbers. Built with the tenant (compose-tenants.ts), cleared
 * with it (`reset`). Registration changes are journaled as `state` entries;
 * expired bindings are swept on the tenant's timers, so advancing a tenant's
 * clock expires its registrations.
 */
export class SipTenantSide implements SipTenant {
  readonly id: string;
  readonly registrar: Registrar;
  readonly digestAlgorithms: readonly DigestAlgorithm[];
  readonly #accounts: Map<string, SipAccount>;
  /** The one sweep planned, if any. */
  #sweep: { at: number; cancel: Cancel } | undefined;

  constructor(
    private readonly runtime: TenantRuntime,
    registrarOptions: RegistrarOptions,
    private readonly journal: RegistrationJournal,
  ) {
    const config = runtime.config;
    this.id = runtime.id;
    this.registrar = new Registrar(registrarOptions);
    this.digestAlgorithms = config.sip.digestAlgorithms;
    this.#accounts = new Map(
      config.agents.map((a) => [
        a.sipAccount,
        { username: a.sipAccount, password: a.sipPwd, workNo: a.workNo, tenant: config.tenantSpaceId },
      ]),
    );
  }

  now(): number {
    return this.runtime.now();
  }

  account(sipAccount: string): SipAccount | undefined {
    return this.#accounts.get(sipAccount);
  }

  isCustomerNumber(number: string): boolean {
    return Object.hasOwn(this.runtime.config.customers, number);
  }

  /** Journal binding changes, and make sure the next expiry will be swept. */
  changed(changes: readonly BindingChange[]): void {
    if (changes.length === 0) return;
    const at = this.now();
    for (const c of changes) {
      this.journal.write(this, c, at);
      if (c.event === 'registered' || c.event === 'refreshed') this.#sweepBy(c.binding.expiresAt);
    }
  }

  /** Every registration ends (journaled), and no sweep is left planned. */
  reset(): void {
    this.dispose();
    this.changed(this.registrar.clear());
  }

  dispose(): void {
    this.#sweep?.cancel();
    this.#sweep = undefined;
  }

  #sweepBy(at: number): void {
    if (this.#sweep && this.#sweep.at <= at) return;
    this.#sweep?.cancel();
    // At most one sweep a second: a burst of registrations does not make a burst of timers.
    const when = Math.max(at, this.now() + 1000);
    const cancel = this.runtime.timers.at(when, () => {
      this.#sweep = undefined;
      this.changed(this.registrar.sweep(this.now()));
      const next = this.registrar.nextExpiry();
      if (next !== undefined) this.#sweepBy(next);
    });
    this.#sweep = { at: when, cancel };
  }
}
