import { describe, expect, it } from 'vitest';
import { GuessGuard } from './guess-guard.ts';

const opts = { maxFailures: 3, windowMs: 60_000, blockMs: 10_000, maxBlockMs: 40_000, capacity: 100 };

describe('GuessGuard', () => {
  it('refuses a source for an account after maxFailures, for blockMs, then lets it try again', () => {
    const g = new GuessGuard(opts);
    expect(g.failed('1001', '192.0.2.1:5060', 0).blocked).toBe(false);
    expect(g.failed('1001', '192.0.2.1:5060', 1).blocked).toBe(false);
    expect(g.failed('1001', '192.0.2.1:5060', 2)).toEqual({
      blocked: true,
      forMs: 10_000,
      source: '192.0.2.1',
    });
    // Another port of the same address is the same source.
    expect(g.check('1001', '192.0.2.1:40000', 3)).toEqual({
      blocked: true,
      forMs: 9_999,
      source: '192.0.2.1',
    });
    expect(g.check('1001', '192.0.2.1:5060', 10_002).blocked).toBe(false);
  });

  it('leaves other accounts, and the same account from other sources, alone', () => {
    const g = new GuessGuard(opts);
    for (let i = 0; i < 3; i++) g.failed('1001', '192.0.2.1:5060', i);
    expect(g.check('1001', '192.0.2.1:5060', 5).blocked).toBe(true);
    expect(g.check('1002', '192.0.2.1:5060', 5).blocked).toBe(false);
    expect(g.check('1001', '192.0.2.2:5060', 5).blocked).toBe(false);
    expect(g.check('1001', '[2001:db8::1]:5060', 5).blocked).toBe(false);
  });

  it('doubles each next block up to maxBlockMs, and starts afresh after a quiet spell', () => {
    const g = new GuessGuard(opts);
    const burst = (at: number) => {
      let last = g.failed('1001', '[2001:db8::1]:5060', at);
      for (let i = 1; i < 3; i++) last = g.failed('1001', '[2001:db8::1]:5060', at + i);
      return last.blocked ? last.forMs : 0;
    };
    expect(burst(0)).toBe(10_000);
    expect(burst(20_000)).toBe(20_000);
    expect(burst(50_000)).toBe(40_000);
    expect(burst(80_000)).toBe(40_000);
    expect(burst(80_002 + 40_001)).toBe(10_000);
  });

  it('forgets failures older than the window, and forgives a source that then succeeds', () => {
    const g = new GuessGuard(opts);
    g.failed('1001', '192.0.2.1:5060', 0);
    g.failed('1001', '192.0.2.1:5060', 1);
    expect(g.failed('1001', '192.0.2.1:5060', 60_002).blocked).toBe(false);
    g.failed('1001', '192.0.2.1:5060', 60_003);
    g.succeeded('1001', '192.0.2.1:5060');
    expect(g.size).toBe(0);
    expect(g.failed('1001', '192.0.2.1:5060', 60_004).blocked).toBe(false);
  });

  it('remembers at most `capacity` sources × accounts', () => {
    const g = new GuessGuard({ ...opts, capacity: 10 });
    for (let i = 0; i < 1000; i++) g.failed(`acct${i}`, `198.51.100.${i % 250}:5060`, i);
    expect(g.size).toBeLessThanOrEqual(10);
  });
});
