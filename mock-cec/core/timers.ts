import type { Clock } from './clock.ts';

export type Cancel = () => void;

/**
 * Timers on a tenant's clock. Rules that wait (ring timeouts, GUID expiry, the
 * gateway's long poll) schedule here, never with setTimeout directly, so that
 * advancing the tenant's clock fires what became due at once.
 */
export interface Timers {
  /** Run `fn` once the clock reaches `at` (epoch ms). */
  at(at: number, fn: () => void): Cancel;
  /** Run `fn` after `ms` of clock time. */
  after(ms: number, fn: () => void): Cancel;
}

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export interface ClockTimersOptions {
  /**
   * Arm a real timer for the earliest entry (the running simulator). Off in unit
   * tests, which advance a ManualClock and call runDue().
   */
  real: boolean;
  onError?: (err: unknown) => void;
}

export class ClockTimers implements Timers {
  #queue: Entry[] = [];
  #seq = 0;
  #handle: NodeJS.Timeout | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  #disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: ClockTimersOptions = { real: true },
  ) {}

  at(at: number, fn: () => void): Cancel {
    const entry: Entry = { at, seq: this.#seq++, fn, cancelled: false };
    // Keep the queue ordered by (at, seq): insertion by binary search.
    let lo = 0;
    let hi = this.#queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.#queue[mid]!;
      if (m.at < at || (m.at === at && m.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#queue.splice(lo, 0, entry);
    this.#arm();
    return () => {
      entry.cancelled = true;
    };
  }

  after(ms: number, fn: () => void): Cancel {
    return this.at(this.clock.now() + ms, fn);
  }

  /** Run every entry that is due now; call after moving the clock. */
  runDue(): void {
    const now = this.clock.now();
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) {
      const entry = this.#queue.shift()!;
      if (entry.cancelled) continue;
      try {
        entry.fn();
      } catch (err) {
        this.options.onError?.(err);
      }
    }
    this.#arm();
  }

  /** Number of live timers (for tests and the console). */
  get size(): number {
    return this.#queue.filter((e) => !e.cancelled).length;
  }

  dispose(): void {
    this.#disposed = true;
    this.#queue = [];
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #arm(): void {
    if (!this.options.real || this.#disposed) return;
    while (this.#queue.length > 0 && this.#queue[0]!.cancelled) this.#queue.shift();
    const first = this.#queue[0];
    if (!first) {
      if (this.#handle) clearTimeout(this.#handle);
      this.#handle = undefined;
      this.#armedFor = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.#handle && this.#armedFor === first.at) return;
    if (this.#handle) clearTimeout(this.#handle);
    this.#armedFor = first.at;
    this.#handle = setTimeout(
      () => {
        this.#handle = undefined;
        this.#armedFor = Number.POSITIVE_INFINITY;
        this.runDue();
      },
      Math.max(0, first.at - this.clock.now()),
    );
    this.#handle.unref();
  }
}
