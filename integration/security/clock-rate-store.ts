import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Clock } from '../core/clock.ts';

/**
 * A fixed-window hit counter for hono-rate-limiter on an injected Clock. The
 * library's MemoryStore reads Date.now() and arms an interval timer; this one
 * expires windows lazily, so tests move the window by moving the clock, and
 * nothing is left running after a test.
 */
export class ClockRateStore implements Store {
  readonly localKeys = true;
  #windowMs = 60_000;
  readonly #hits = new Map<string, { totalHits: number; resetAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  init(options: { windowMs: number }): void {
    this.#windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const entry = this.#current(key);
    return entry && { totalHits: entry.totalHits, resetTime: new Date(entry.resetAt) };
  }

  increment(key: string): ClientRateLimitInfo {
    const now = this.clock.now();
    let entry = this.#current(key);
    if (!entry) {
      if (this.#hits.size >= this.maxKeys) this.#prune(now);
      entry = { totalHits: 0, resetAt: now + this.#windowMs };
      this.#hits.set(key, entry);
    }
    entry.totalHits++;
    return { totalHits: entry.totalHits, resetTime: new Date(entry.resetAt) };
  }

  decrement(key: string): void {
    const entry = this.#current(key);
    if (entry && entry.totalHits > 0) entry.totalHits--;
  }

  resetKey(key: string): void {
    this.#hits.delete(key);
  }

  resetAll(): void {
    this.#hits.clear();
  }

  #current(key: string) {
    const entry = this.#hits.get(key);
    if (entry && entry.resetAt <= this.clock.now()) {
      this.#hits.delete(key);
      return undefined;
    }
    return entry;
  }

  #prune(now: number): void {
    for (const [key, e] of this.#hits) if (e.resetAt <= now) this.#hits.delete(key);
    // Still full: forget the oldest windows first (a flood of fresh addresses must not grow memory).
    for (const key of this.#hits.keys()) {
      if (this.#hits.size < this.maxKeys) break;
      this.#hits.delete(key);
    }
  }
}
