import type { Cancel } from '../core/timers.ts';
import type { Simulator } from '../state/simulator.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
import type { SipAccount, SipTenant } from './proxy/sip-tenant.ts';
import type { BindingChange } from './registrar/binding.ts';
import { defaultRegistrarOptions, Registrar, type RegistrarOptions } from './registrar/registrar.ts';
import { RegistrationJournal } from './registration-journal.ts';

/**
 * The SIP side's state per tenant: a registrar on the tenant's clock, its
 * accounts and customer numbers. Attached to every tenant as it is added;
 * cleared with the tenant (`reset`). Registration changes are journaled as
 * `state` entries; expired bindings are swept on the tenant's timers, so
 * advancing a tenant's clock expires its registrations.
 */
export class SipTenants {
  readonly #byRuntime = new WeakMap<TenantRuntime, SipTenant>();
  readonly #journal: RegistrationJournal;

  constructor(
    private readonly sim: Simulator,
    private readonly registrarOptions: RegistrarOptions = defaultRegistrarOptions,
  ) {
    this.#journal = new RegistrationJournal(sim);
    sim.onTenantAdded((t) => this.#attach(t));
  }

  ofAccount(sipAccount: string): SipTenant | undefined {
    const runtime = this.sim.tenantBySipAccount(sipAccount);
    return runtime && this.#byRuntime.get(runtime);
  }

  of(tenantId: string): SipTenant | undefined {
    const runtime = this.sim.tenant(tenantId);
    return runtime && this.#byRuntime.get(runtime);
  }

  *all(): Iterable<SipTenant> {
    for (const runtime of this.sim.tenants()) {
      const t = this.#byRuntime.get(runtime);
      if (t) yield t;
    }
  }

  /** Journal binding changes, and make sure the next expiry will be swept. */
  changed(tenant: SipTenant, changes: readonly BindingChange[]): void {
    if (changes.length === 0) return;
    const runtime = this.sim.tenant(tenant.id);
    const at = tenant.now();
    for (const c of changes) {
      this.#journal.write(tenant, c, at);
      if (runtime && (c.event === 'registered' || c.event === 'refreshed'))
        this.#sweepBy(runtime, tenant, c.binding.expiresAt);
    }
  }

  readonly #sweeps = new WeakMap<TenantRuntime, { at: number; cancel: Cancel }>();

  #sweepBy(runtime: TenantRuntime, tenant: SipTenant, at: number): void {
    const planned = this.#sweeps.get(runtime);
    if (planned && planned.at <= at) return;
    planned?.cancel();
    // At most one sweep a second: a burst of registrations does not make a burst of timers.
    const when = Math.max(at, runtime.now() + 1000);
    const cancel = runtime.timers.at(when, () => {
      this.#sweeps.delete(runtime);
      this.changed(tenant, tenant.registrar.sweep(runtime.now()));
      const next = tenant.registrar.nextExpiry();
      if (next !== undefined) this.#sweepBy(runtime, tenant, next);
    });
    this.#sweeps.set(runtime, { at: when, cancel });
  }

  #attach(runtime: TenantRuntime): void {
    const config = runtime.config;
    const accounts = new Map<string, SipAccount>(
      config.agents.map((a) => [
        a.sipAccount,
        { username: a.sipAccount, password: a.sipPwd, workNo: a.workNo, tenant: config.tenantSpaceId },
      ]),
    );
    const tenant: SipTenant = {
      id: runtime.id,
      now: () => runtime.now(),
      registrar: new Registrar(this.registrarOptions),
      account: (u) => accounts.get(u),
      isCustomerNumber: (n) => Object.hasOwn(config.customers, n),
      digestAlgorithms: config.sip.digestAlgorithms,
    };
    this.#byRuntime.set(runtime, tenant);
    runtime.onReset(() => {
      this.#sweeps.get(runtime)?.cancel();
      this.#sweeps.delete(runtime);
      this.changed(tenant, tenant.registrar.clear());
    });
  }
}
