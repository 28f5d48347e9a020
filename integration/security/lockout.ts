/**
 * Brute-force protection after Keycloak's temporary lockout (Keycloak Server
 * Administration Guide, "Brute force detection"): failures are counted; from
 * `failureFactor` failures on, each failure locks for
 *
 *   wait = waitIncrement × ⌊failures / failureFactor⌋, at most maxWait,
 *
 * and the count is forgotten after `resetAfter` without failures.
 *
 *   open ──failure, count < factor──▶ open
 *     ▲  ──failure, count ≥ factor──▶ locked until failure + wait
 *     │                                  │ attempts refused unseen (neither checked nor counted)
 *     └──────── wait over ───────────────┘ (the count stays: the next failure locks again, longer)
 *   any ──quiet for resetAfter, or a success──▶ forgotten
 *
 * Pure: the caller passes the time and keeps the records.
 */
export interface LockoutPolicy {
  failureFactor: number;
  waitIncrementMs: number;
  maxWaitMs: number;
  resetAfterMs: number;
}

export interface Failures {
  count: number;
  lastFailureAt: number;
  /** Epoch ms until which attempts are refused (0: not locked). */
  lockedUntil: number;
}

export type LockState = { locked: false } | { locked: true; retryAfterMs: number };

export function lockState(f: Failures | undefined, now: number): LockState {
  return f && now < f.lockedUntil ? { locked: true, retryAfterMs: f.lockedUntil - now } : { locked: false };
}

/** Whether a record no longer matters (its count would be forgotten anyway). */
export function isForgotten(f: Failures, now: number, policy: LockoutPolicy): boolean {
  return now >= f.lockedUntil && now - f.lastFailureAt >= policy.resetAfterMs;
}

export function recordFailure(f: Failures | undefined, now: number, policy: LockoutPolicy): Failures {
  if (f && now < f.lockedUntil) return f; // refused unseen: a locked key's attempts do not count
  const count = (f && !isForgotten(f, now, policy) ? f.count : 0) + 1;
  const steps = Math.floor(count / policy.failureFactor);
  const wait = steps > 0 ? Math.min(policy.maxWaitMs, policy.waitIncrementMs * steps) : 0;
  return { count, lastFailureAt: now, lockedUntil: wait > 0 ? now + wait : 0 };
}

/** The policy from its configuration (seconds) form. */
export function lockoutPolicy(c: {
  failureFactor: number;
  waitIncrementSec: number;
  maxWaitSec: number;
  resetAfterSec: number;
}): LockoutPolicy {
  return {
    failureFactor: c.failureFactor,
    waitIncrementMs: c.waitIncrementSec * 1000,
    maxWaitMs: c.maxWaitSec * 1000,
    resetAfterMs: c.resetAfterSec * 1000,
  };
}
