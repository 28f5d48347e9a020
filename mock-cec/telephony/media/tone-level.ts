import { SAMPLE_RATE } from './audio-frame.ts';

/**
 * How loud one frequency is in a stretch of PCM: the Goertzel algorithm (a
 * single bin of a DFT), as amplitude relative to full scale, so a tone made at
 * amplitude 0.5 reads about 0.5 and a tone far from `frequencyHz` reads near 0.
 * Energy alone says that sound arrived; this says whose: when each party of a
 * three-party call speaks its own tone, each listener can tell the others apart.
 */
export function toneLevel(pcm: Int16Array, frequencyHz: number, sampleRate: number = SAMPLE_RATE): number {
  const n = pcm.length;
  if (n === 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = pcm[i]! / 32768 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / n;
}
