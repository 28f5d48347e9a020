import { type Attempt, describeAttempt } from './http-attempt.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseMs: 200,
  capMs: 5000,
  maxRetryAfterMs: 30_000,
};

/** What the retry loop needs from the world; tests pass a sleep that only records. */
export interface RetryDeps {
  sleep(ms: number): Promise<void>;
  /** A float in [0, 1) for the jitter. */
  random(): number;
  onRetry?(info: { attempt: number; outcome: string; delayMs: number }): void;
}

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Transient: the same request may succeed later. 4xx other than 429 will not. */
export function isTransient(a: Attempt): boolean {
  return a.kind !== 'response' || a.status === 429 || a.status >= 500;
}

/**
 * "Full jitter" exponential backoff: a uniform draw from [0, min(cap, base·2ⁿ)),
 * which spreads clients that failed together (AWS Architecture Blog,
 * "Exponential Backoff And Jitter").
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** retry));
}

/** Retry-After in delay-seconds (RFC 9110 §10.2.3); an HTTP-date is treated as absent. */
export function retryAfterMs(a: Attempt): number | undefined {
  if (a.kind !== 'response') return undefined;
  const value = a.headers.get('retry-after')?.trim();
  return value && /^\d{1,6}$/.test(value) ? Number(value) * 1000 : undefined;
}

export interface Retried {
  last: Attempt;
  attempts: number;
}

/** Run `once` until it is not transient, attempts run out, or the server asks for too long a wait. */
export async function withRetry(
  once: () => Promise<Attempt>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<Retried> {
  let last = await once();
  let attempts = 1;
  while (isTransient(last) && attempts < policy.attempts) {
    const asked = retryAfterMs(last);
    if (asked !== undefined && asked > policy.maxRetryAfterMs) break;
    const delayMs = Math.max(asked ?? 0, backoffMs(attempts - 1, policy, deps.random));
    deps.onRetry?.({ attempt: attempts, outcome: describeAttempt(last), delayMs });
    await deps.sleep(delayMs);
    last = await once();
    attempts++;
  }
  return { last, attempts };
}
