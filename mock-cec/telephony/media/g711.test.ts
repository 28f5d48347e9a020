import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alawToLinear, decodeG711, encodeG711, linearToAlaw, linearToMulaw, mulawToLinear } from './g711.ts';

describe('G.711 μ-law', () => {
  it('matches the reference values', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
    expect(linearToMulaw(1000)).toBe(0xce);
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x7f)).toBe(0);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(mulawToLinear(0xce)).toBe(988);
  });

  it('re-encodes every code to itself (negative zero aside)', () => {
    for (let b = 0; b < 256; b++) {
      expect(linearToMulaw(mulawToLinear(b))).toBe(b === 0x7f ? 0xff : b);
    }
  });

  it('keeps the quantisation error within half a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32124, max: 32124 }), (x) => {
        const y = mulawToLinear(linearToMulaw(x));
        // The step doubles each segment: 8 near zero, 1024 at the top.
        expect(Math.abs(y - x)).toBeLessThanOrEqual(Math.max(8, Math.abs(x) / 16 + 8));
      }),
    );
  });
});

describe('G.711 A-law', () => {
  it('matches the reference values', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-1)).toBe(0x55);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
    expect(linearToAlaw(1000)).toBe(0xfa);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(alawToLinear(0xfa)).toBe(1008);
  });

  it('re-encodes every code to itself', () => {
    for (let b = 0; b < 256; b++) expect(linearToAlaw(alawToLinear(b))).toBe(b);
  });

  it('keeps the quantisation error within half a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32256, max: 32256 }), (x) => {
        const y = alawToLinear(linearToAlaw(x));
        expect(Math.abs(y - x)).toBeLessThanOrEqual(Math.max(16, Math.abs(x) / 16 + 16));
      }),
    );
  });
});

describe('encodeG711 / decodeG711', () => {
  it('round-trips buffers for both laws', () => {
    const pcm = Int16Array.from([0, 100, -100, 12000, -12000, 32767, -32768]);
    for (const law of ['mulaw', 'alaw'] as const) {
      const once = decodeG711(law, encodeG711(law, pcm));
      expect(decodeG711(law, encodeG711(law, once))).toEqual(once);
      expect(once).toHaveLength(pcm.length);
    }
  });

  it('writes into a buffer it is given, and into a fresh one when that is too short', () => {
    const pcm = Int16Array.from([0, 100, -100, 12000, -12000, 32767, -32768]);
    for (const law of ['mulaw', 'alaw'] as const) {
      const bytes = new Uint8Array(16).fill(0xaa);
      const encoded = encodeG711(law, pcm, bytes);
      expect(encoded.buffer).toBe(bytes.buffer);
      expect(encoded).toEqual(encodeG711(law, pcm));
      expect(bytes[pcm.length]).toBe(0xaa); // nothing written past the samples

      const samples = new Int16Array(pcm.length);
      const decoded = decodeG711(law, encoded, samples);
      expect(decoded).toBe(samples);
      expect(decoded).toEqual(decodeG711(law, encoded));

      const short = new Uint8Array(2);
      expect(encodeG711(law, pcm, short)).toHaveLength(pcm.length);
      expect(short).toEqual(new Uint8Array(2));
    }
  });

  it('clamps out-of-range input instead of wrapping', () => {
    expect(linearToMulaw(40000)).toBe(linearToMulaw(32767));
    expect(linearToAlaw(-40000)).toBe(linearToAlaw(-32768));
  });
});
