import { transitionFunction } from '../../../infrastructure/primitives/state-machine.ts';
import type { SipRequest } from '../core/message.ts';
import { hasHeader } from '../core/message.ts';

/**
 * Overload control: past its capacity a server must reject early and cheaply
 * rather than queue (RFC 5390 §3; RFC 3261 §21.5.4: 503 with Retry-After). A
 * UDP server's queue is its socket's receive buffer: once a datagram waits
 * there longer than the client's retransmission timer (T1, 500 ms), every
 * request arrives again, the work doubles and the completed rate collapses.
 * The UDP transport measures that wait (a probe datagram sent to itself); the
 * gauge turns the waits into a fraction of new work to refuse, as RFC 7339's
 * loss-based control does: raised while waits are long (in proportion to
 * them, once several in a row were), lowered while they are short, so that
 * what is admitted is about what the server can finish.
 *
 *   normal ──wait ≥ highMs──▶ shedding (refusing `fraction` of new work) ──fraction down to 0──▶ normal
 *
 * Only requests that would start something new (a registration, a call)
 * without credentials are refused; requests that finish work already begun
 * (the authenticated second attempt, in-dialog requests, ACK, CANCEL) and
 * retransmissions of known transactions are handled as usual. [choice] The
 * thresholds and steps are the simulator's.
 */
export type LoadState = 'normal' | 'shedding';

const move = transitionFunction<'illegal-load-move', LoadState>('illegal-load-move', {
  normal: ['shedding'],
  shedding: ['normal'],
});

export interface OverloadOptions {
  /** A datagram that waited this long (ms) raises the refused fraction (and starts shedding). */
  highMs: number;
  /** Waits this short lower it. */
  lowMs: number;
  /** Raised by this much for each `highMs` waited. */
  raise: number;
  /** Lowered by this much per short wait. */
  lower: number;
  /** Long waits in a row before any is acted on: the event loop held up once (a long task) is no overload. */
  persist: number;
}

/**
 * Waits are measured about 40 times a second: raised by 1.6 a second at twice `highMs` (up to 4 at
 * five times), lowered by 1.2 a second; four long waits in a row (100 ms) before any is acted on, so a
 * passing spike (a pause of the collector) costs nothing. Tuned with sipp past the knee (bench/sip.ts) to
 * the socket's buffer: slower, and the kernel drops datagrams before the waits tell; faster, and it
 * refuses more than it must (decision record 006, invariant 10).
 */
export const defaultOverload: OverloadOptions = {
  highMs: 100,
  lowMs: 30,
  raise: 0.02,
  lower: 0.03,
  persist: 4,
};

export class OverloadGauge {
  #state: LoadState = 'normal';
  #fraction = 0;
  /** Refusals owed: refusing `fraction` of new requests, evenly and without chance (replays stay the same). */
  #owed = 0;
  #lastWaitMs = 0;
  /** Long waits in a row so far. */
  #longRun = 0;

  constructor(readonly options: OverloadOptions = defaultOverload) {}

  get state(): LoadState {
    return this.#state;
  }

  /** The share of new work refused, 0 to 1. */
  get fraction(): number {
    return this.#fraction;
  }

  get lastWaitMs(): number {
    return this.#lastWaitMs;
  }

  /** A measured queue wait; returns the state it leads to (the caller may log a change). */
  observe(waitMs: number): LoadState {
    this.#lastWaitMs = waitMs;
    const o = this.options;
    this.#longRun = waitMs >= o.highMs ? this.#longRun + 1 : 0;
    // In proportion to the wait, up to 5 steps at once: a wait of seconds calls for refusing fast.
    if (this.#longRun >= o.persist)
      this.#fraction = Math.min(1, this.#fraction + o.raise * Math.min(5, waitMs / o.highMs));
    // Below a millionth is nothing (steps of 0.05 do not add up to exact zeros in floating point).
    else if (waitMs <= o.lowMs)
      this.#fraction = this.#fraction - o.lower < 1e-6 ? 0 : this.#fraction - o.lower;
    if (this.#state === 'normal' && this.#fraction > 0) this.#go('shedding');
    else if (this.#state === 'shedding' && this.#fraction === 0) this.#go('normal');
    return this.#state;
  }

  /** Whether to refuse one new request now. */
  refuse(): boolean {
    if (this.#fraction === 0) return false;
    this.#owed += this.#fraction;
    if (this.#owed < 1) return false;
    this.#owed -= 1;
    return true;
  }

  #go(to: LoadState): void {
    const m = move(this.#state, to);
    // The table allows exactly the two moves made above: anything else is a bug.
    if (!m.ok) throw new Error(`load state cannot go from ${m.error.from} to ${m.error.to}`);
    this.#state = m.to;
    this.#owed = 0;
  }
}

/**
 * Methods that start something new: a registration, a call, a subscription, a page. Not OPTIONS:
 * answering it is cheap, and monitors and keep-alives that probe with it would take the server for down.
 */
const STARTERS = new Set(['REGISTER', 'INVITE', 'SUBSCRIBE', 'MESSAGE', 'REFER', 'PUBLISH']);

/** Whether a new request may be refused while shedding: it starts something and carries no credentials yet. */
export function sheddable(req: SipRequest, inDialog: boolean): boolean {
  if (inDialog || !STARTERS.has(req.method)) return false;
  return !hasHeader(req, 'authorization') && !hasHeader(req, 'proxy-authorization');
}
