import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.ts';
import { type Failures, type LockoutPolicy, lockState, recordFailure } from './lockout.ts';
import { describeWait, LockoutBook, strictest } from './lockout-book.ts';

const policy: LockoutPolicy = {
  failureFactor: 3,
  waitIncrementMs: 30_000,
  maxWaitMs: 90_000,
  resetAfterMs: 3_600_000,
};

describe('Keycloak-style lockout', () => {
  it('locks at the failure factor, for longer at each multiple, up to the cap', () => {
    const clock = new ManualClock();
    const book = new LockoutBook(policy, clock);
    const waits: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const state = book.fail('alice');
      waits.push(state.locked ? state.retryAfterMs : 0);
      if (state.locked) clock.advance(state.retryAfterMs); // wait it out, then fail again
    }
    expect(waits).toEqual([
      0, 0, 30_000, 30_000, 30_000, 60_000, 60_000, 60_000, 90_000, 90_000, 90_000, 90_000,
    ]);
  });

  it('refuses attempts while locked without counting them', () => {
    const now = 1000;
    let f: Failures | undefined;
    for (let i = 0; i < 3; i++) f = recordFailure(f, now, policy);
    expect(lockState(f, now + 1000)).toEqual({ locked: true, retryAfterMs: 29_000 });
    expect(recordFailure(f, now + 1000, policy)).toBe(f);
    expect(lockState(f, now + 30_000)).toEqual({ locked: false });
  });

  it('forgets the count after a quiet period, and on success', () => {
    const clock = new ManualClock();
    const book = new LockoutBook(policy, clock);
    book.fail('alice');
    book.fail('alice');
    clock.advance(policy.resetAfterMs);
    expect(book.fail('alice')).toEqual({ locked: false }); // count 1 again, not 3
    book.fail('alice');
    book.succeed('alice');
    expect(book.fail('alice')).toEqual({ locked: false });
  });

  it('keeps keys apart, and stays within its bound', () => {
    const clock = new ManualClock();
    const book = new LockoutBook(policy, clock, 100);
    for (let i = 0; i < 3; i++) book.fail('alice');
    for (let i = 0; i < 500; i++) book.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(book.size).toBeLessThanOrEqual(100);
    expect(book.check('bob')).toEqual({ locked: false });
  });

  it('reports the strictest of several keys, in words', () => {
    expect(
      strictest({ locked: false }, { locked: true, retryAfterMs: 5 }, { locked: true, retryAfterMs: 9 }),
    ).toEqual({
      locked: true,
      retryAfterMs: 9,
    });
    expect([describeWait(1), describeWait(30_000), describeWait(900_000)]).toEqual([
      '1 second',
      '30 seconds',
      '15 minutes',
    ]);
  });
});
