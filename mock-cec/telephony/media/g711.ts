/**
 * G.711 (ITU-T G.711, 1988): 8-bit logarithmic companding of 16-bit linear PCM,
 * μ-law (PCMU, RTP payload type 0) and A-law (PCMA, payload type 8; RFC 3551 §4.5.14).
 *
 * Hand-written on purpose: it is a few dozen lines of table-free bit arithmetic
 * (the well-known Sun reference, g711.c), every softphone speaks it, and no
 * maintained npm package is worth a dependency for it. Decoding uses 256-entry
 * tables built once from the same functions.
 */

/** μ-law adds this bias before finding the segment, so that small values still land on a step. */
const MU_BIAS = 0x84;
/** The largest magnitude μ-law can represent once biased (32635 + 0x84 = 32767). */
const MU_CLIP = 32635;

export function linearToMulaw(sample: number): number {
  let s = clamp16(sample);
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > MU_CLIP) s = MU_CLIP;
  s += MU_BIAS;
  // Segment (exponent) = position of the highest set bit above bit 7.
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  // G.711 transmits μ-law bytes inverted (more ones on the line for quiet signals).
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function mulawToLinearSlow(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const t = (((u & 0x0f) << 3) + MU_BIAS) << exponent;
  return u & 0x80 ? MU_BIAS - t : t - MU_BIAS;
}

/** A-law segment end points on the 13-bit magnitude. */
const A_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

export function linearToAlaw(sample: number): number {
  // A-law works on 13 bits: drop the 3 least significant.
  let pcm = clamp16(sample) >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5; // sign bit set, even bits inverted (G.711's alternate-bit inversion)
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const segment = A_SEGMENT_END.findIndex((end) => pcm <= end);
  if (segment < 0) return 0x7f ^ mask;
  const mantissa = (segment < 2 ? pcm >> 1 : pcm >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function alawToLinearSlow(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const MULAW_TABLE = Int16Array.from({ length: 256 }, (_, b) => mulawToLinearSlow(b));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, b) => alawToLinearSlow(b));

export function mulawToLinear(byte: number): number {
  return MULAW_TABLE[byte & 0xff]!;
}

export function alawToLinear(byte: number): number {
  return ALAW_TABLE[byte & 0xff]!;
}

export type G711Law = 'mulaw' | 'alaw';

/**
 * Encode 16-bit PCM samples into G.711 bytes, one byte per sample: into `out`
 * when given (a buffer used again frame after frame, at least as long as
 * `samples`), so that a media path allocates nothing per packet.
 */
export function encodeG711(law: G711Law, samples: Int16Array, out?: Uint8Array): Uint8Array {
  const encode = law === 'mulaw' ? linearToMulaw : linearToAlaw;
  const bytes = fitted(out, samples.length) ?? new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) bytes[i] = encode(samples[i]!);
  return bytes;
}

/** Decode G.711 bytes into 16-bit PCM samples: into `out` when given, as encodeG711 does. */
export function decodeG711(law: G711Law, bytes: Uint8Array, out?: Int16Array): Int16Array {
  const table = law === 'mulaw' ? MULAW_TABLE : ALAW_TABLE;
  const samples = fitted(out, bytes.length) ?? new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) samples[i] = table[bytes[i]!]!;
  return samples;
}

/** The first `length` elements of `out`, or undefined when there is no `out` or it is too short. */
function fitted<T extends Uint8Array | Int16Array>(out: T | undefined, length: number): T | undefined {
  if (!out || out.length < length) return undefined;
  return out.length === length ? out : (out.subarray(0, length) as T);
}

function clamp16(sample: number): number {
  const s = Math.round(sample);
  return Math.min(32767, Math.max(-32768, s));
}
