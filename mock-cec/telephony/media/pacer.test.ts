import { describe, expect, it } from 'vitest';
import { planFrames, startPacer } from './pacer.ts';

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
