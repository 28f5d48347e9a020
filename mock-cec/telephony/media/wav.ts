import { SAMPLE_RATE } from './audio-frame.ts';
import { decodeG711 } from './g711.ts';

/**
 * A WAV (RIFF/WAVE) reader for what a telephone customer can play: mono,
 * 8 kHz, 16-bit PCM or G.711 (μ-law, A-law). 16 and 48 kHz 16-bit PCM are
 * brought down to 8 kHz by averaging each group of 2 or 6 samples (a boxcar
 * low-pass, then decimation: crude, but enough for test prompts). Anything
 * else is refused with a message that says how to convert it.
 *
 * Hand-written: the format is three fixed structures, and the npm readers
 * either pull in resamplers we do not need or throw on odd chunk layouts.
 */

export type WavError =
  | { code: 'not-wav'; message: string }
  | { code: 'truncated'; message: string }
  | { code: 'unsupported-format'; message: string };

export type WavResult =
  | { ok: true; samples: Int16Array; sourceRate: number }
  | { ok: false; error: WavError };

/** WAVE format tags (RFC 2361 Appendix A). */
const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

const CONVERT_HINT = 'convert it with: sox in.wav -r 8000 -c 1 -b 16 -e signed-integer out.wav';

interface Fmt {
  format: number;
  channels: number;
  rate: number;
  bits: number;
}

export function readWav(bytes: Uint8Array): WavResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    return fail('not-wav', 'not a WAV file: it does not start with a RIFF/WAVE header');
  }
  let fmt: Fmt | undefined;
  let data: Uint8Array | undefined;
  // Chunks: 4-byte id, 4-byte little-endian size, body padded to an even length.
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return fail('truncated', 'the fmt chunk is cut short');
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first 2 bytes of the SubFormat GUID.
      if (fmt.format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        fmt.format = view.getUint16(body + 24, true);
      }
    } else if (id === 'data') {
      // Some writers leave the size at 0 or 0xFFFFFFFF while streaming: take what is there.
      data = bytes.subarray(body, Math.min(bytes.length, body + size));
      break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) return fail('truncated', 'no fmt chunk before the audio data');
  if (!data) return fail('truncated', 'no data chunk');
  return decode(fmt, data);
}

function decode(fmt: Fmt, data: Uint8Array): WavResult {
  const what = `${formatName(fmt.format)}, ${fmt.channels} channel(s), ${fmt.rate} Hz, ${fmt.bits}-bit`;
  if (fmt.channels !== 1) return unsupported(what);
  if ((fmt.format === FORMAT_MULAW || fmt.format === FORMAT_ALAW) && fmt.bits === 8) {
    if (fmt.rate !== SAMPLE_RATE) return unsupported(what);
    const law = fmt.format === FORMAT_MULAW ? 'mulaw' : 'alaw';
    return { ok: true, samples: decodeG711(law, data), sourceRate: fmt.rate };
  }
  if (fmt.format === FORMAT_PCM && fmt.bits === 16) {
    const factor = fmt.rate / SAMPLE_RATE;
    if (factor !== 1 && factor !== 2 && factor !== 6) return unsupported(what);
    const pcm = new Int16Array(Math.floor(data.length / 2));
    const view = new DataView(data.buffer, data.byteOffset, pcm.length * 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
    return { ok: true, samples: factor === 1 ? pcm : decimate(pcm, factor), sourceRate: fmt.rate };
  }
  return unsupported(what);
}

/** Average each group of `factor` samples into one. */
function decimate(pcm: Int16Array, factor: number): Int16Array {
  const out = new Int16Array(Math.floor(pcm.length / factor));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++) sum += pcm[i * factor + k]!;
    out[i] = Math.round(sum / factor);
  }
  return out;
}

function formatName(format: number): string {
  if (format === FORMAT_PCM) return 'PCM';
  if (format === FORMAT_MULAW) return 'μ-law';
  if (format === FORMAT_ALAW) return 'A-law';
  return `format tag 0x${format.toString(16)}`;
}

function unsupported(what: string): WavResult {
  return fail(
    'unsupported-format',
    `unsupported WAV (${what}): use mono 8 kHz 16-bit PCM, G.711 μ-law or A-law, or 16/48 kHz 16-bit PCM; ${CONVERT_HINT}`,
  );
}

function fail(code: WavError['code'], message: string): WavResult {
  return { ok: false, error: { code, message } as WavError };
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/**
 * A WAV file of mono 8 kHz 16-bit PCM (what the simulator records of a call
 * leg): the 44-byte RIFF/WAVE header, then the samples little-endian.
 */
export function writeWav(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const put = (at: number, id: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = id.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return bytes;
}
