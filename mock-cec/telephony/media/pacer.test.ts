import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_MS } from './audio-frame.ts';
import { FrameClock, planFrames, startPacer } from './pacer.ts';

describe('planFrames', () => {
  it('sends frame 0 at once and waits 20 ms for frame 1', () => {
    expect(planFrames(1000, 0, 1000, 5)).toEqual({ frames: [0], next: 1, waitMs: 20 });
  });

  it('does not drift: a late tick shortens the next wait', () => {
    expect(planFrames(1000, 1, 1023, 5)).toEqual({ frames: [1], next: 2, waitMs: 17 });
  });

  it('sends nothing on an early wake-up', () => {
    expect(planFrames(1000, 2, 1039, 5)).toEqual({ frames: [], next: 2, waitMs: 1 });
  });

  it('catches up a short stall in one burst', () => {
    expect(planFrames(1000, 1, 1065, 5)).toEqual({ frames: [1, 2, 3], next: 4, waitMs: 15 });
  });

  it('skips what a long stall missed, keeping only the latest frames', () => {
    const plan = planFrames(1000, 1, 2000, 3);
    expect(plan.frames).toEqual([48, 49, 50]);
    expect(plan.next).toBe(51);
  });

  it('keeps every frame on schedule over a long run of late ticks', () => {
    let next = 0;
    const sent: number[] = [];
    for (let t = 0; t <= 10_000; t += 23) {
      // The last tick is at 9982 ms: frames 0..499 are due by then.
      const plan = planFrames(0, next, t, 5);
      sent.push(...plan.frames);
      next = plan.next;
    }
    expect(sent).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});

describe('startPacer', () => {
  it('drives frames from a clock and stops for good', async () => {
    let fake = 0;
    const frames: number[] = [];
    const pacer = await new Promise<ReturnType<typeof startPacer>>((resolve) => {
      const p = startPacer({
        now: () => fake,
        onFrame: (n) => {
          frames.push(n);
          fake += 20; // each frame moves the fake clock on, so the next tick is due at once
          if (n === 3) resolve(p);
        },
      });
    });
    pacer.stop();
    expect(frames).toEqual([0, 1, 2, 3]);
  });
});

describe('FrameClock: one timer for every pacer of a thread', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the frames of pacers started apart on the same ticks, from one timer', () => {
    const clock = new FrameClock();
    const sent: [pacer: string, frame: number, at: number][] = [];
    const a = startPacer({ clock, onFrame: (n) => sent.push(['a', n, performance.now()]) });
    vi.advanceTimersByTime(7);
    const b = startPacer({ clock, onFrame: (n) => sent.push(['b', n, performance.now()]) });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(53);
    expect(sent).toEqual([
      ['a', 0, 0],
      ['b', 0, 7], // b's frames are due on the grid from the slot it started in
      ['a', 1, 20],
      ['b', 1, 20],
      ['a', 2, 40],
      ['b', 2, 40],
      ['a', 3, 60],
      ['b', 3, 60],
    ]);
    a.stop();
    expect(vi.getTimerCount()).toBe(1);
    b.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps every pacer on schedule through stalls shorter than its burst, as planFrames does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }),
        // Stalls (a busy loop) of up to 70 ms, at least 150 ms apart: never more late frames than a burst.
        fc.uniqueArray(
          fc.record({
            at: fc.integer({ min: 0, max: 9 }).map((k) => k * 150),
            ms: fc.integer({ min: 1, max: 70 }),
          }),
          { maxLength: 8, selector: (s) => s.at },
        ),
        (starts, stalls) => {
          vi.useRealTimers();
          vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
          // The clock's time runs ahead of the timers' by every stall so far: a busy loop.
          const end = 1500;
          let stalled = 0;
          let quietUntil = 0;
          const pending = [...stalls].sort((x, y) => x.at - y.at);
          const now = () => performance.now() + stalled;
          const clock = new FrameClock(now);
          const pacers = starts.map(() => ({
            start: Number.NaN,
            frames: [] as number[],
            late: [] as number[],
          }));
          const stops: (() => void)[] = [];
          let t = 0;
          for (const [i, at] of [...starts.entries()].sort((x, y) => x[1] - y[1])) {
            vi.advanceTimersByTime(at - t);
            t = at;
            const p = pacers[i]!;
            p.start = clock.slotStart(now());
            const pacer = startPacer({
              clock,
              onFrame: (n) => {
                p.frames.push(n);
                p.late.push(now() - (p.start + n * FRAME_MS));
                // One stall at a time, 150 ms apart at least: never more late frames than a burst.
                // None in the last tick: the frames a stall delays go out on the tick after it, which
                // must come before the run ends to be counted.
                const quiet = now() >= quietUntil && performance.now() + FRAME_MS <= end;
                if (pending[0] && pending[0].at <= now() && quiet) {
                  stalled += pending.shift()!.ms;
                  quietUntil = now() + 150;
                }
              },
            });
            stops.push(() => pacer.stop());
          }
          vi.advanceTimersByTime(end - t);
          for (const p of pacers) {
            // Every frame once, in order, none before it is due, and all that were due by the end.
            expect(p.frames).toEqual(p.frames.map((_, n) => n));
            expect(Math.min(...p.late)).toBeGreaterThanOrEqual(0);
            expect(p.frames.length).toBeGreaterThanOrEqual(Math.floor((end + stalled - p.start) / FRAME_MS));
          }
          for (const stop of stops) stop();
          expect(vi.getTimerCount()).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });
});
