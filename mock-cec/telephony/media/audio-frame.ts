/**
 * Narrowband telephony framing: G.711 runs at 8 kHz, and softphones (and the
 * RFC 3551 §4.5 default packetisation) send 20 ms per RTP packet: 160 samples,
 * 160 bytes of payload, the RTP timestamp advancing by 160 per packet.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** One frame of digital silence. Shared and never written to. */
export const SILENT_FRAME: Int16Array = new Int16Array(FRAME_SAMPLES);

/**
 * Frame `index` of a PCM recording, looping: the file plays again from the
 * start when it ends, so a long call keeps hearing it. The last partial frame
 * of a recording is padded with silence.
 */
export function loopedFrame(samples: Int16Array, index: number): Int16Array {
  const frames = Math.ceil(samples.length / FRAME_SAMPLES);
  if (frames === 0) return SILENT_FRAME;
  const start = (index % frames) * FRAME_SAMPLES;
  const frame = samples.subarray(start, start + FRAME_SAMPLES);
  if (frame.length === FRAME_SAMPLES) return frame;
  const padded = new Int16Array(FRAME_SAMPLES);
  padded.set(frame);
  return padded;
}

/**
 * Audio energy of PCM samples: the sum of (sample / 32768)², so silence adds 0
 * and a full-scale sine adds 0.5 per sample. This is what MediaStats'
 * `audioEnergyReceived` accumulates; it plays the role of WebRTC's
 * `totalAudioEnergy` (which integrates audioLevel² over seconds) per sample.
 */
export function audioEnergy(samples: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]! / 32768;
    sum += s * s;
  }
  return sum;
}
