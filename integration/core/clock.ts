/**
 * Time is a parameter: token lifetimes, lockout waits and session expiry take a
 * Clock, so tests move time by hand instead of sleeping. (The integration keeps
 * its own two-line clock: it talks to the CEC only over the wire and imports
 * nothing from mock-cec.)
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
