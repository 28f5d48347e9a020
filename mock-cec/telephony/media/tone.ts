import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-frame.ts';

export const DEFAULT_TONE_HZ = 440;
/** −6 dBFS: loud enough to measure, with headroom for G.711. */
export const DEFAULT_TONE_AMPLITUDE = 0.5;

/**
 * Frame `index` of a continuous sine tone. Computed from the absolute sample
 * number, so frames join without a click whichever frame is asked for (the
 * pacer may skip frames after a stall) and the generator keeps no state.
 */
export function toneFrame(
  frequencyHz: number,
  index: number,
  amplitude: number = DEFAULT_TONE_AMPLITUDE,
): Int16Array {
  const out = new Int16Array(FRAME_SAMPLES);
  const step = (2 * Math.PI * frequencyHz) / SAMPLE_RATE;
  const first = index * FRAME_SAMPLES;
  const peak = amplitude * 32767;
  for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = Math.round(peak * Math.sin(step * (first + i)));
  return out;
}

/** The hold tone the CEC plays to a held party: 425 Hz, quieter than speech. [choice] */
export const HOLD_TONE_HZ = 425;
const HOLD_TONE_AMPLITUDE = 0.25;

/** Frame `index` of the hold tone. */
export function holdToneFrame(index: number): Int16Array {
  return toneFrame(HOLD_TONE_HZ, index, HOLD_TONE_AMPLITUDE);
}
