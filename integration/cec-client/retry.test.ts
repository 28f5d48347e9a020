import { describe, expect, it } from 'vitest';
import type { Attempt } from './http-attempt.ts';
import { backoffMs, defaultRetryPolicy, isTransient, retryAfterMs, withRetry } from './retry.ts';

const status = (s: number, headers: Record<string, string> = {}): Attempt => ({
  kind: 'response',
  status: s,
  headers: new Headers(headers),
  body: '',
});

describe('retry rules', () => {
  it.each([
    [status(500), true],
    [status(503), true],
    [status(429), true],
    [{ kind: 'timeout' } as Attempt, true],
    [{ kind: 'network', cause: 'ECONNRESET' } as Attempt, true],
    [status(400), false],
    [status(401), false],
    [status(403), false],
    [status(404), false],
    [status(200), false],
  ])('%j transient: %s', (a, expected) => {
    expect(isTransient(a)).toBe(expected);
  });

  it('grows exponentially up to the cap, jittered over the whole range', () => {
    const top = (n: number) => backoffMs(n, defaultRetryPolicy, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 5, 10].map(top)).toEqual([199, 399, 799, 1599, 3199, 4999, 4999]);
    expect(backoffMs(3, defaultRetryPolicy, () => 0)).toBe(0);
  });

  it('reads Retry-After in seconds only', () => {
    expect(retryAfterMs(status(429, { 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(status(429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }))).toBeUndefined();
  });

  it('stops at the first final outcome', async () => {
    const outcomes = [status(502), status(404), status(200)];
    const r = await withRetry(async () => outcomes.shift()!, defaultRetryPolicy, {
      sleep: async () => {},
      random: () => 0,
    });
    expect(r).toMatchObject({ attempts: 2, last: { status: 404 } });
  });
});
