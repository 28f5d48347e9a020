import { describe, expect, it } from 'vitest';
import { audioEnergy, FRAME_SAMPLES, loopedFrame, SILENT_FRAME } from './audio-frame.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import { toneFrame } from './tone.ts';

describe('toneFrame', () => {
  it('gives 20 ms frames of 160 samples', () => {
    expect(FRAME_SAMPLES).toBe(160);
    expect(toneFrame(440, 0)).toHaveLength(160);
  });

  it('follows the absolute sample number, so consecutive frames join without a jump', () => {
    const at = (n: number) => Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 440 * n) / 8000));
    const frame4 = toneFrame(440, 4);
    const frame5 = toneFrame(440, 5);
    expect(frame4[159]).toBe(at(4 * 160 + 159));
    expect(frame5[0]).toBe(at(5 * 160));
  });

  it('peaks at the requested amplitude', () => {
    const peak = Math.max(...toneFrame(1000, 0, 0.25).map(Math.abs));
    expect(peak).toBeGreaterThan(0.24 * 32767);
    expect(peak).toBeLessThanOrEqual(Math.ceil(0.25 * 32767));
  });
});

describe('audioEnergy', () => {
  it('is zero for silence and for encoded μ-law silence', () => {
    expect(audioEnergy(SILENT_FRAME)).toBe(0);
    expect(audioEnergy(decodeG711('mulaw', encodeG711('mulaw', SILENT_FRAME)))).toBe(0);
  });

  it('is about half a unit per sample for a full-scale sine, before and after G.711', () => {
    const frame = toneFrame(440, 7, 1);
    expect(audioEnergy(frame) / FRAME_SAMPLES).toBeCloseTo(0.5, 1);
    for (const law of ['mulaw', 'alaw'] as const) {
      const heard = decodeG711(law, encodeG711(law, frame));
      expect(audioEnergy(heard) / FRAME_SAMPLES).toBeCloseTo(0.5, 1);
    }
  });

  it('tells a tone from A-law silence by orders of magnitude', () => {
    const silence = audioEnergy(decodeG711('alaw', encodeG711('alaw', SILENT_FRAME)));
    const tone = audioEnergy(toneFrame(440, 0));
    expect(silence).toBeGreaterThan(0); // A-law has no exact zero: ±8
    expect(tone / silence).toBeGreaterThan(1e5);
  });
});

describe('loopedFrame', () => {
  it('loops a recording and pads its last frame with silence', () => {
    const rec = Int16Array.from({ length: 200 }, (_, i) => i + 1);
    expect(loopedFrame(rec, 0)[0]).toBe(1);
    const second = loopedFrame(rec, 1);
    expect(second[0]).toBe(161);
    expect(second[39]).toBe(200);
    expect(second[40]).toBe(0);
    expect(loopedFrame(rec, 2)[0]).toBe(1);
  });

  it('gives silence for an empty recording', () => {
    expect(loopedFrame(new Int16Array(0), 5)).toBe(SILENT_FRAME);
  });
});
