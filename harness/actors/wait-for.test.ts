import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** When (in fake ms) waitFor looked, until `trueFrom`, with `interval`. */
  async function looks(trueFrom: number, interval: number, timeout = 5000) {
    const at: number[] = [];
    const started = performance.now();
    const result = waitFor(
      async () => {
        const now = performance.now() - started;
        at.push(now);
        return now;
      },
      (now) => (now >= trueFrom ? 'pass' : 'wait'),
      { timeout, interval },
    );
    await vi.runAllTimersAsync();
    return { at, result: await result };
  }

  it('looks again quickly at first, then every interval: a condition true soon is seen soon', async () => {
    const { at, result } = await looks(35, 100);
    expect(at).toEqual([0, 10, 30, 70]);
    expect(result.outcome).toBe('pass');
    // Later looks are the interval apart.
    expect((await looks(400, 100)).at).toEqual([0, 10, 30, 70, 150, 250, 350, 450]);
  });

  it('never pauses longer than the interval, nor past the timeout', async () => {
    expect((await looks(1000, 15)).at.slice(0, 5)).toEqual([0, 10, 25, 40, 55]);
    const { at, result } = await looks(1000, 100, 120);
    expect(at).toEqual([0, 10, 30, 70, 120]);
    expect(result.outcome).toBe('timeout');
  });

  it('stops at once on a decided failure', async () => {
    const at: number[] = [];
    const result = waitFor(
      async () => at.push(0),
      () => 'fail',
      { timeout: 5000 },
    );
    await vi.runAllTimersAsync();
    expect((await result).outcome).toBe('fail');
    expect(at).toHaveLength(1);
  });
});
