import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.ts';

describe('mapLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const done = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return n * 10;
    });
    // Release the waiting calls one by one, in reverse order of arrival, until all have run.
    while (gates.length > 0 || running > 0) {
      await Promise.resolve();
      gates.pop()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('stops at the first failure and refuses a limit below one', async () => {
    await expect(
      mapLimit([1, 2], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n)),
    ).rejects.toThrow('two');
    await expect(mapLimit([1], 0, async (n) => n)).rejects.toThrow(RangeError);
    expect(await mapLimit([], 4, async (n) => n)).toEqual([]);
  });
});
