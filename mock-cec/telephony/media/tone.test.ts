import { describe, expect, it } from 'vitest';
import { cycleFrames, HOLD_TONE_HZ, holdToneFrame, toneFrame, toneFrames } from './tone.ts';

describe('toneFrames', () => {
  it('finds how many frames a tone repeats after, up to a second of them', () => {
    expect(cycleFrames(440)).toBe(5); // 8.8 cycles a frame
    expect(cycleFrames(HOLD_TONE_HZ)).toBe(2); // 8.5
    expect(cycleFrames(1300)).toBe(1); // 26
    expect(cycleFrames(1002.5)).toBe(20); // 20.05
    expect(cycleFrames(440.3)).toBeUndefined(); // 500 frames
  });

  it('gives the frames toneFrame makes, from a cycle made once and shared', () => {
    for (const [hz, amplitude] of [
      [440, 0.5],
      [HOLD_TONE_HZ, 0.25],
      [1002.5, 0.3],
      [440.3, 0.5],
    ] as const) {
      const frameOf = toneFrames(hz, amplitude);
      for (let i = 0; i < 400; i++)
        expect(frameOf(i), `${hz} Hz, frame ${i}`).toEqual(toneFrame(hz, i, amplitude));
      if (cycleFrames(hz) !== undefined) expect(frameOf(cycleFrames(hz)!)).toBe(frameOf(0));
      expect(toneFrames(hz, amplitude)).toBe(frameOf);
    }
    expect(holdToneFrame(7)).toEqual(toneFrame(HOLD_TONE_HZ, 7, 0.25));
  });
});
