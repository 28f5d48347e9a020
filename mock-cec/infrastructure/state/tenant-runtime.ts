import { AccessTokenBook } from '../../domain/auth/access-tokens.ts';
import type { CallCenter } from '../../domain/gateway/call-center.ts';
import type { SipTenantSide } from '../../telephony/sip/sip-tenant-side.ts';
import type { Agent, Tenant } from '../config/tenant-schema.ts';
import { type Clock, OffsetClock } from '../primitives/clock.ts';
import { deriveSeed, type Rng, seededRng } from '../primitives/rng.ts';
import { ClockTimers } from '../primitives/timers.ts';
import { noParts, type TenantComposer, type TenantParts } from './tenant-parts.ts';

export interface TenantRuntimeOptions {
  /** Arm real timers (off in unit tests that drive clocks by hand). */
  realTimers?: boolean;
  /** Builds the tenant's parts (default: none). */
  compose?: TenantComposer;
  /** Where the tenant's clock starts, ahead of the simulator's (a restored state's offset). */
  clockOffsetMs?: number;
}

/**
 * One tenant space at run time: its configuration, its own clock (so advancing
 * time for one test worker leaves the others alone), its own seeded generator
 * and timers, its tokens, and the parts the simulator's composer builds on
 * them (`center`, `sip`: tenant-parts.ts). Built, reset and disposed as one:
 * `reset()` puts everything back as it was at creation, `dispose()` ends it.
 */
export class TenantRuntime {
  readonly clock: OffsetClock;
  readonly timers: ClockTimers;
  rng: Rng;
  readonly tokens: AccessTokenBook;
  readonly #byWorkNo = new Map<number, Agent>();
  readonly #byAccountCode = new Map<string, Agent>();
  readonly #bySipAccount = new Map<string, Agent>();
  readonly #parts: TenantParts;
  readonly #advanceHooks: (() => void)[] = [];

  constructor(
    readonly config: Tenant,
    readonly seed: number,
    baseClock: Clock,
    options: TenantRuntimeOptions = {},
  ) {
    this.clock = new OffsetClock(baseClock);
    if (options.clockOffsetMs) this.clock.advance(options.clockOffsetMs);
    this.timers = new ClockTimers(this.clock, { real: options.realTimers ?? true });
    this.rng = seededRng(deriveSeed(seed, config.tenantSpaceId));
    this.tokens = new AccessTokenBook({ revokePreviousOnIssue: config.tokens.revokePreviousOnIssue });
    for (const a of config.agents) {
      this.#byWorkNo.set(a.workNo, a);
      this.#byAccountCode.set(a.accountCode, a);
      this.#bySipAccount.set(a.sipAccount, a);
    }
    // Last: the parts are built on the runtime above (its clock, timers, generator and lookups).
    this.#parts = (options.compose ?? noParts)(this);
  }

  /** The contact center (agent gateway, ACD, bar), unless the simulator has none. */
  get center(): CallCenter | undefined {
    return this.#parts.center;
  }

  /** The SIP side's registrar and accounts, unless the simulator has no SIP. */
  get sip(): SipTenantSide | undefined {
    return this.#parts.sip;
  }

  get id(): string {
    return this.config.tenantSpaceId;
  }

  now(): number {
    return this.clock.now();
  }

  agentByWorkNo(workNo: number): Agent | undefined {
    return this.#byWorkNo.get(workNo);
  }

  agentByAccountCode(code: string): Agent | undefined {
    return this.#byAccountCode.get(code);
  }

  agentBySipAccount(sipAccount: string): Agent | undefined {
    return this.#bySipAccount.get(sipAccount);
  }

  /** Move this tenant's clock forward and fire what became due. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.timers.runDue();
    for (const hook of this.#advanceHooks) hook();
  }

  /** After each advance (the clock offset is configuration that persists). */
  onAdvance(hook: () => void): void {
    this.#advanceHooks.push(hook);
  }

  /**
   * Back to how it was at creation: tokens, then the parts (in the composer's
   * order), then the generator, last, so what the parts draw while they reset
   * does not move the sequence a fresh tenant starts with.
   */
  reset(): void {
    this.tokens.clear();
    this.#parts.reset();
    this.rng = seededRng(deriveSeed(this.seed, this.config.tenantSpaceId));
  }

  /** The parts first (they may still cancel timers), then the timers. */
  dispose(): void {
    this.#parts.dispose();
    this.timers.dispose();
  }
}
