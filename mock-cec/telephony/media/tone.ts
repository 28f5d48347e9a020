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

/** The longest cycle kept: a second of frames (16 KB). A tone that repeats less often is computed frame by frame. */
const MAX_CYCLE_FRAMES = SAMPLE_RATE / FRAME_SAMPLES;
/** Tones whose cycles are kept; more than this many different tones and the oldest is let go. */
const MAX_TONES = 64;
const cycles = new Map<string, (index: number) => Int16Array>();

/**
 * Frame `index` of a steady tone, as `toneFrame` makes it, from frames made
 * once. A tone repeats: f Hz fits whole cycles into k frames when f·k·20 ms
 * is whole (440 Hz every 5 frames, 425 Hz every 2), so a call that sends a
 * tone allocates and computes nothing per frame: at 50 frames a second on
 * every call, a frame of its own each time was garbage the media thread's
 * collector and allocator had to keep up with. The frames are shared, so
 * they are read-only, like every FrameSource's.
 */
export function toneFrames(
  frequencyHz: number,
  amplitude: number = DEFAULT_TONE_AMPLITUDE,
): (index: number) => Int16Array {
  const key = `${frequencyHz}/${amplitude}`;
  let frameOf = cycles.get(key);
  if (frameOf) return frameOf;
  const length = cycleFrames(frequencyHz);
  if (length === undefined) frameOf = (index) => toneFrame(frequencyHz, index, amplitude);
  else {
    const frames = Array.from({ length }, (_, i) => toneFrame(frequencyHz, i, amplitude));
    frameOf = (index) => frames[index % length]!;
  }
  if (cycles.size >= MAX_TONES) cycles.delete(cycles.keys().next().value!);
  cycles.set(key, frameOf);
  return frameOf;
}

/** The fewest frames a tone of `frequencyHz` repeats after, if a second's frames or fewer. */
export function cycleFrames(frequencyHz: number): number | undefined {
  const cyclesPerFrame = (frequencyHz * FRAME_SAMPLES) / SAMPLE_RATE;
  for (let k = 1; k <= MAX_CYCLE_FRAMES; k++) {
    const inKFrames = cyclesPerFrame * k;
    if (Math.abs(inKFrames - Math.round(inKFrames)) < 1e-9) return k;
  }
  return undefined;
}

/** The hold tone the CEC plays to a held party: 425 Hz, quieter than speech. [choice] */
export const HOLD_TONE_HZ = 425;
const HOLD_TONE_AMPLITUDE = 0.25;

/** The hold tone's frames, looked up once: it is asked for every frame of a held call. */
const holdTone = toneFrames(HOLD_TONE_HZ, HOLD_TONE_AMPLITUDE);

/** Frame `index` of the hold tone (shared: read-only). */
export function holdToneFrame(index: number): Int16Array {
  return holdTone(index);
}
