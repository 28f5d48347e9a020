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

/**
 * The entries wait in a binary heap ordered by (at, seq): scheduling and
 * running cost O(log n), so thousands of live timers (a SIP proxy's
 * retransmission timers under load) stay cheap. A cancelled entry stays until
 * it reaches the top, but lets go of its function at once.
 */
export class ClockTimers implements Timers {
  #heap: Entry[] = [];
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
    this.#push(entry);
    this.#arm();
    return () => {
      entry.cancelled = true;
      entry.fn = noop;
    };
  }

  after(ms: number, fn: () => void): Cancel {
    return this.at(this.clock.now() + ms, fn);
  }

  /** Run every entry that is due now; call after moving the clock. */
  runDue(): void {
    const now = this.clock.now();
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const entry = this.#pop();
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
    return this.#heap.filter((e) => !e.cancelled).length;
  }

  dispose(): void {
    this.#disposed = true;
    this.#heap = [];
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #arm(): void {
    if (!this.options.real || this.#disposed) return;
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
    const first = this.#heap[0];
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

  #push(entry: Entry): void {
    const h = this.#heap;
    let i = h.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!before(entry, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
  }

  #pop(): Entry {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= h.length) break;
      const right = left + 1;
      const child = right < h.length && before(h[right]!, h[left]!) ? right : left;
      if (!before(h[child]!, last)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
    return top;
  }
}

const noop = () => {};

/** Earlier time first; at the same time, the one scheduled first. */
function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
