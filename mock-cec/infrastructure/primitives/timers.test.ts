import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { ClockTimers } from './timers.ts';

describe('ClockTimers', () => {
  it('runs entries in time order once the clock reaches them', () => {
    const clock = new ManualClock(1000);
    const timers = new ClockTimers(clock, { real: false });
    const fired: string[] = [];
    timers.after(300, () => fired.push('c'));
    timers.after(100, () => fired.push('a'));
    timers.after(100, () => fired.push('b'));
    clock.advance(99);
    timers.runDue();
    expect(fired).toEqual([]);
    clock.advance(150);
    timers.runDue();
    expect(fired).toEqual(['a', 'b']);
    clock.advance(51);
    timers.runDue();
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('skips cancelled entries', () => {
    const clock = new ManualClock();
    const timers = new ClockTimers(clock, { real: false });
    let fired = false;
    const cancel = timers.after(10, () => {
      fired = true;
    });
    cancel();
    clock.advance(10);
    timers.runDue();
    expect(fired).toBe(false);
    expect(timers.size).toBe(0);
  });

  it('keeps running later entries when one throws', () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const timers = new ClockTimers(clock, { real: false, onError: (e) => errors.push(e) });
    let ran = false;
    timers.after(1, () => {
      throw new Error('boom');
    });
    timers.after(2, () => {
      ran = true;
    });
    clock.advance(5);
    timers.runDue();
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('fires on real time when armed', async () => {
    const clock = { now: () => Date.now() };
    const timers = new ClockTimers(clock, { real: true });
    await new Promise<void>((resolve) => timers.after(5, resolve));
    timers.dispose();
  });

  it('keeps time order across thousands of entries scheduled in any order', () => {
    const clock = new ManualClock(0);
    const timers = new ClockTimers(clock, { real: false });
    const fired: number[] = [];
    const cancels: (() => void)[] = [];
    for (let i = 0; i < 5000; i++) {
      const at = (i * 7919) % 1000;
      cancels.push(timers.at(at, () => fired.push(at)));
    }
    for (let i = 0; i < 5000; i += 3) cancels[i]!();
    expect(timers.size).toBe(5000 - Math.ceil(5000 / 3));
    clock.advance(1000);
    timers.runDue();
    expect(fired).toHaveLength(5000 - Math.ceil(5000 / 3));
    expect(fired.every((at, i) => i === 0 || fired[i - 1]! <= at)).toBe(true);
  });

  it('runs an entry scheduled for now by another entry in the same pass', () => {
    const clock = new ManualClock(0);
    const timers = new ClockTimers(clock, { real: false });
    const fired: string[] = [];
    timers.at(5, () => {
      fired.push('first');
      timers.at(5, () => fired.push('then'));
    });
    timers.at(5, () => fired.push('second'));
    clock.advance(5);
    timers.runDue();
    expect(fired).toEqual(['first', 'second', 'then']);
  });
});
