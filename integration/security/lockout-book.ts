import type { Clock } from '../core/clock.ts';
import {
  type Failures,
  isForgotten,
  type LockoutPolicy,
  type LockState,
  lockState,
  recordFailure,
} from './lockout.ts';

/**
 * Failure records by key ("alice", "203.0.113.7"), in memory, for one lockout
 * policy. Bounded: past `maxEntries` the record least recently failed is
 * dropped, so a flood of made-up keys cannot exhaust memory (the rate limits
 * keep such a flood slow). In memory means a restart forgets the counts — the
 * price of not writing on every failed attempt; a cluster would keep them in a
 * shared store.
 */
export class LockoutBook {
  readonly #records = new Map<string, Failures>();

  constructor(
    readonly policy: LockoutPolicy,
    private readonly clock: Clock,
    private readonly maxEntries = 100_000,
  ) {}

  check(key: string): LockState {
    return lockState(this.#records.get(key), this.clock.now());
  }

  /** Count a failure; the state it leaves the key in. */
  fail(key: string): LockState {
    const now = this.clock.now();
    const next = recordFailure(this.#records.get(key), now, this.policy);
    this.#records.delete(key); // re-insert: Map order becomes "least recently failed first"
    this.#records.set(key, next);
    if (this.#records.size > this.maxEntries) this.#evict(now);
    return lockState(next, now);
  }

  succeed(key: string): void {
    this.#records.delete(key);
  }

  get size(): number {
    return this.#records.size;
  }

  #evict(now: number): void {
    for (const [key, f] of this.#records) {
      if (isForgotten(f, now, this.policy)) this.#records.delete(key);
    }
    while (this.#records.size > this.maxEntries) {
      const oldest = this.#records.keys().next().value;
      if (oldest === undefined) break;
      this.#records.delete(oldest);
    }
  }
}

/** The longest wait among several keys (an account and an address), or not locked. */
export function strictest(...states: LockState[]): LockState {
  let worst: LockState = { locked: false };
  for (const s of states) if (s.locked && (!worst.locked || s.retryAfterMs > worst.retryAfterMs)) worst = s;
  return worst;
}

/** "30 seconds", "2 minutes": for the page and the logs. */
export function describeWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} second${s === 1 ? '' : 's'}`;
  return `${Math.ceil(s / 60)} minutes`;
}
