import { FaultBook } from '../../domain/faults/fault-book.ts';
import type { Tenant } from '../config/tenant-schema.ts';
import { Journal } from '../journal/journal.ts';
import { type Clock, systemClock } from '../primitives/clock.ts';
import { type Logger, silentLogger } from '../primitives/logger.ts';
import { type Rng, seededRng } from '../primitives/rng.ts';
import { ClockTimers } from '../primitives/timers.ts';
import { noParts, type TenantComposer } from './tenant-parts.ts';
import { TenantRuntime } from './tenant-runtime.ts';

export interface SimulatorOptions {
  clock?: Clock;
  /** Arm real timers (off in unit tests that drive clocks by hand). */
  realTimers?: boolean;
  journalCapacity?: number;
  /** The journal's budget of estimated bytes (default journal/journal.ts DEFAULT_MAX_BYTES). */
  journalMaxBytes?: number;
  logger?: Logger;
}

/** Where the simulator can be reached, filled in by the servers once they listen. */
export interface Endpoints {
  /** Host that clients are told to use, e.g. 127.0.0.1. */
  host: string;
  /** Base URL of the HTTP(S) server, e.g. https://127.0.0.1:8043. */
  httpBase?: string;
  httpPort?: number;
  sipUdpPort?: number;
  sipTcpPort?: number;
  /** SIP over TLS (OpenEye's sipTransportMode 1). */
  sipTlsPort?: number;
  /** SIP over (secure) WebSocket URL, e.g. wss://127.0.0.1:8043/sip. */
  sipWsUrl?: string;
}

/** A clash between a new tenant and the ones already running. */
export class TenantConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantConflictError';
  }
}

/**
 * The whole simulated CEC: its tenants, journal and fault rules. Tenants are
 * isolated from each other; the keys a request arrives with (app key, workNo,
 * softphone number) are unique across tenants so that every request finds
 * exactly one, as it would on separate real deployments.
 */
export class Simulator {
  readonly journal: Journal;
  readonly faults = new FaultBook();
  readonly clock: Clock;
  readonly startedAt: number;
  readonly logger: Logger;
  /** For choices not tied to a tenant (a fault's probability on a request of no known tenant). */
  readonly rng: Rng = seededRng(0);
  /** Timers on the simulator's clock, for what belongs to no tenant (a fault's delay on a request of no known tenant). */
  readonly timers: ClockTimers;
  endpoints: Endpoints = { host: '127.0.0.1' };
  readonly #tenants = new Map<string, TenantRuntime>();
  readonly #byAppKey = new Map<string, TenantRuntime>();
  readonly #byWorkNo = new Map<number, TenantRuntime>();
  readonly #bySipAccount = new Map<string, TenantRuntime>();
  readonly #realTimers: boolean;
  #composer: TenantComposer | undefined;
  readonly #configHooks: (() => void)[] = [];
  #corr = 0;

  constructor(options: SimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#realTimers = options.realTimers ?? true;
    this.journal = new Journal(options.journalCapacity, options.journalMaxBytes);
    this.logger = options.logger ?? silentLogger;
    this.startedAt = this.clock.now();
    this.timers = new ClockTimers(this.clock, { real: this.#realTimers });
    this.faults.onChange = () => this.#configChanged();
  }

  /**
   * Called, synchronously, after each change of the configuration given to
   * the simulator: a tenant added or removed, a tenant's clock moved, a fault
   * rule added or removed. What persists state hooks here, so a change is
   * saved before whoever made it is answered.
   */
  onConfigChange(hook: () => void): void {
    this.#configHooks.push(hook);
  }

  #configChanged(): void {
    for (const hook of this.#configHooks) hook();
  }

  /**
   * How every tenant's parts are built (compose-tenants.ts): given once,
   * before the first tenant is added, so every tenant is built whole, by the
   * same composer, at the moment it is added. Without one, tenants have no parts.
   */
  compose(composer: TenantComposer): void {
    if (this.#composer) throw new Error('a tenant composer is given once, before the first tenant is added');
    this.#composer = composer;
  }

  /** `clockOffsetMs`: the tenant's clock starts that far ahead (a restored state's offset). */
  addTenant(config: Tenant, seed = 0, clockOffsetMs = 0): TenantRuntime {
    const conflict = this.conflictOf(config);
    if (conflict) throw conflict;
    this.#composer ??= noParts;
    const t = new TenantRuntime(config, seed, this.clock, {
      realTimers: this.#realTimers,
      compose: this.#composer,
      clockOffsetMs,
    });
    this.#tenants.set(t.id, t);
    this.#byAppKey.set(config.app.appKey, t);
    for (const a of config.agents) {
      this.#byWorkNo.set(a.workNo, t);
      this.#bySipAccount.set(a.sipAccount, t);
    }
    t.onAdvance(() => this.#configChanged());
    this.#configChanged();
    this.journal.append({
      kind: 'state',
      at: t.now(),
      tenant: t.id,
      corr: this.nextCorr(),
      entity: 'tenant',
      id: t.id,
      to: 'created',
    });
    return t;
  }

  removeTenant(id: string): boolean {
    const t = this.#tenants.get(id);
    if (!t) return false;
    t.reset();
    t.dispose();
    this.#tenants.delete(id);
    this.#byAppKey.delete(t.config.app.appKey);
    for (const a of t.config.agents) {
      this.#byWorkNo.delete(a.workNo);
      this.#bySipAccount.delete(a.sipAccount);
    }
    this.faults.clear(id);
    this.#configChanged();
    this.journal.append({
      kind: 'state',
      at: this.clock.now(),
      tenant: id,
      corr: this.nextCorr(),
      entity: 'tenant',
      id,
      to: 'removed',
    });
    return true;
  }

  tenant(id: string): TenantRuntime | undefined {
    return this.#tenants.get(id);
  }

  tenants(): TenantRuntime[] {
    return [...this.#tenants.values()];
  }

  tenantByAppKey(appKey: string): TenantRuntime | undefined {
    return this.#byAppKey.get(appKey);
  }

  tenantByWorkNo(workNo: number): TenantRuntime | undefined {
    return this.#byWorkNo.get(workNo);
  }

  tenantBySipAccount(sipAccount: string): TenantRuntime | undefined {
    return this.#bySipAccount.get(sipAccount);
  }

  /** Correlation ids are a counter, not random, so that two runs journal alike. */
  nextCorr(): string {
    this.#corr++;
    return `c${this.#corr}`;
  }

  dispose(): void {
    for (const t of this.#tenants.values()) t.dispose();
    this.timers.dispose();
  }

  /** Why `config` cannot be added beside the running tenants (what `addTenant` would throw), if it cannot. */
  conflictOf(config: Tenant): TenantConflictError | undefined {
    if (this.#tenants.has(config.tenantSpaceId)) {
      return new TenantConflictError(`tenant space ${config.tenantSpaceId} already exists`);
    }
    if (this.#byAppKey.has(config.app.appKey)) {
      return new TenantConflictError(`app key ${config.app.appKey} is already used by another tenant`);
    }
    for (const a of config.agents) {
      if (this.#byWorkNo.has(a.workNo)) {
        return new TenantConflictError(
          `workNo ${a.workNo} is already used by another tenant (choose another seed or workNoStart)`,
        );
      }
      if (this.#bySipAccount.has(a.sipAccount)) {
        return new TenantConflictError(`sipAccount ${a.sipAccount} is already used by another tenant`);
      }
    }
    return undefined;
  }
}
