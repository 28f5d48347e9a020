import { audioEnergy } from '../../mock-cec/telephony/media/audio-frame.ts';
import { readWav } from '../../mock-cec/telephony/media/wav.ts';

/**
 * What a recording's WAV holds, judged as QA would by ear: sound, or silence.
 * Sound is an RMS level above −40 dBFS (0.01 of full scale): G.711 quantises
 * silence to a few units, a tone at −6 dBFS is 0.35. [choice]
 */
export const SOUND_RMS = 0.01;

export type RecordedAudio =
  | { ok: true; sound: boolean; ms: number; rms: number; why: string }
  | { ok: false; why: string };

export function judgeRecording(wav: Uint8Array): RecordedAudio {
  const read = readWav(wav);
  if (!read.ok) return { ok: false, why: `not a WAV the simulator writes: ${read.error.message}` };
  const { samples } = read;
  const ms = Math.round((samples.length * 1000) / 8000);
  const rms = samples.length === 0 ? 0 : Math.sqrt(audioEnergy(samples) / samples.length);
  const sound = rms > SOUND_RMS;
  const level = rms === 0 ? '−∞' : (20 * Math.log10(rms)).toFixed(1);
  return { ok: true, sound, ms, rms, why: `${ms} ms at ${level} dBFS (${sound ? 'sound' : 'silence'})` };
}
