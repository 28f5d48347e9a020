import { FRAME_SAMPLES, loopedFrame, SILENT_FRAME } from './audio-frame.ts';
import { DEFAULT_TONE_HZ, toneFrames } from './tone.ts';

/**
 * Where the customer's voice comes from, one 20 ms frame of 8 kHz PCM at a
 * time. Pure: no timers, no sockets; the pacer asks for frame n when it is due.
 * Frames may be shared (silence, a tone's cycle, a recording's own samples), so
 * they are read-only; and `hear`'s PCM is lent for the call only (the caller
 * reuses it): a source that keeps it copies it.
 */
export interface FrameSource {
  /** The PCM frame to send as frame number `index` (160 samples). */
  frame(index: number): Int16Array;
  /** PCM the customer heard; only the echo source uses it. */
  hear(pcm: Int16Array): void;
}

export function toneSource(frequencyHz: number = DEFAULT_TONE_HZ): FrameSource {
  return { frame: toneFrames(frequencyHz), hear() {} };
}

export function silenceSource(): FrameSource {
  return { frame: () => SILENT_FRAME, hear() {} };
}

/** A recording, looped for as long as the call lasts. */
export function recordingSource(samples: Int16Array): FrameSource {
  return { frame: (index) => loopedFrame(samples, index), hear() {} };
}

/** How much unsent echo to keep: beyond this the oldest audio is dropped, so the echo never lags far behind. */
export const ECHO_MAX_SAMPLES = 10 * FRAME_SAMPLES;

/**
 * Sends back what it hears, a frame at a time, through a bounded FIFO. Packet
 * sizes in and out need not match (a softphone may send 30 ms packets); when
 * nothing is waiting it sends silence rather than stopping, as a real line does.
 */
export function echoSource(maxSamples: number = ECHO_MAX_SAMPLES): FrameSource {
  const fifo = new Int16Array(maxSamples);
  let length = 0;
  return {
    hear(pcm) {
      const incoming = pcm.length > maxSamples ? pcm.subarray(pcm.length - maxSamples) : pcm;
      const overflow = length + incoming.length - maxSamples;
      if (overflow > 0) {
        fifo.copyWithin(0, overflow, length);
        length -= overflow;
      }
      fifo.set(incoming, length);
      length += incoming.length;
    },
    frame() {
      if (length === 0) return SILENT_FRAME;
      const out = new Int16Array(FRAME_SAMPLES);
      const take = Math.min(FRAME_SAMPLES, length);
      out.set(fifo.subarray(0, take));
      fifo.copyWithin(0, take, length);
      length -= take;
      return out;
    },
  };
}
