import { AccessTokenBook } from '../auth/access-tokens.ts';
import type { Agent, Tenant } from '../config/tenant-schema.ts';
import { type Clock, OffsetClock } from '../core/clock.ts';
import { deriveSeed, type Rng, seededRng } from '../core/rng.ts';
import { ClockTimers } from '../core/timers.ts';

/**
 * One tenant space at run time: its configuration, its own clock (so advancing
 * time for one test worker leaves the others alone), its own seeded generator
 * and its state. Later parts (gateway, SIP, ACD) hang their state here too, and
 * `reset()` puts everything back as it was at creation.
 */
export class TenantRuntime {
  readonly clock: OffsetClock;
  readonly timers: ClockTimers;
  rng: Rng;
  readonly tokens: AccessTokenBook;
  readonly #byWorkNo = new Map<number, Agent>();
  readonly #byAccountCode = new Map<string, Agent>();
  readonly #bySipAccount = new Map<string, Agent>();
  readonly #resetHooks: (() => void)[] = [];
  readonly #advanceHooks: (() => void)[] = [];

  constructor(
    readonly config: Tenant,
    readonly seed: number,
    baseClock: Clock,
    realTimers = true,
  ) {
    this.clock = new OffsetClock(baseClock);
    this.timers = new ClockTimers(this.clock, { real: realTimers });
    this.rng = seededRng(deriveSeed(seed, config.tenantSpaceId));
    this.tokens = new AccessTokenBook({ revokePreviousOnIssue: config.tokens.revokePreviousOnIssue });
    for (const a of config.agents) {
      this.#byWorkNo.set(a.workNo, a);
      this.#byAccountCode.set(a.accountCode, a);
      this.#bySipAccount.set(a.sipAccount, a);
    }
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

  /** Register state to clear on reset (gateway sessions, registrations, calls…). */
  onReset(hook: () => void): void {
    this.#resetHooks.push(hook);
  }

  reset(): void {
    this.tokens.clear();
    for (const hook of this.#resetHooks) hook();
    this.rng = seededRng(deriveSeed(this.seed, this.config.tenantSpaceId));
  }

  dispose(): void {
    this.timers.dispose();
  }
}
