import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeG711 } from './g711.ts';
import { readWav } from './wav.ts';
import { pcmBytes, wav } from './wav-fixture.ts';

describe('readWav', () => {
  it('reads mono 8 kHz 16-bit PCM, skipping chunks it does not know', () => {
    const r = readWav(wav({ data: pcmBytes([0, 1000, -1000, 32767]), extraChunk: true }));
    expect(r).toEqual({ ok: true, samples: Int16Array.from([0, 1000, -1000, 32767]), sourceRate: 8000 });
  });

  it('decodes G.711 μ-law and A-law WAVs', () => {
    const pcm = Int16Array.from([0, 988, -988]);
    const mu = readWav(wav({ format: 7, bits: 8, data: encodeG711('mulaw', pcm) }));
    expect(mu.ok && Array.from(mu.samples)).toEqual([0, 988, -988]);
    const a = readWav(wav({ format: 6, bits: 8, data: encodeG711('alaw', Int16Array.from([1008])) }));
    expect(a.ok && Array.from(a.samples)).toEqual([1008]);
  });

  it('brings 16 kHz and 48 kHz PCM down to 8 kHz by averaging', () => {
    const r16 = readWav(wav({ rate: 16000, data: pcmBytes([100, 300, -50, -150]) }));
    expect(r16.ok && Array.from(r16.samples)).toEqual([200, -100]);
    const r48 = readWav(wav({ rate: 48000, data: pcmBytes([6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 0, 12]) }));
    expect(r48.ok && Array.from(r48.samples)).toEqual([6, 2]);
    expect(r48.ok && r48.sourceRate).toBe(48000);
  });

  it.each([
    ['stereo', { channels: 2 }, '2 channel(s)'],
    ['44.1 kHz', { rate: 44100 }, '44100 Hz'],
    ['8-bit PCM', { bits: 8 }, '8-bit'],
    ['IEEE float', { format: 3, bits: 32 }, 'format tag 0x3'],
    ['μ-law at 16 kHz', { format: 7, bits: 8, rate: 16000 }, 'μ-law'],
  ])('refuses %s with a message that says how to convert', (_name, opts, detail) => {
    const r = readWav(wav({ ...opts, data: new Uint8Array(8) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unsupported-format');
    expect(r.error.message).toContain(detail);
    expect(r.error.message).toContain('sox');
  });

  it('refuses what is not a WAV, and truncated files, without throwing', () => {
    expect(readWav(new TextEncoder().encode('ID3 not a wave at all'))).toMatchObject({
      ok: false,
      error: { code: 'not-wav' },
    });
    const whole = wav({ data: pcmBytes([1, 2, 3]) });
    expect(readWav(whole.subarray(0, 30))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(readWav(whole.subarray(0, 40))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    // A data chunk whose size runs past the end: take what is there.
    const cut = readWav(whole.subarray(0, whole.length - 2));
    expect(cut.ok && Array.from(cut.samples)).toEqual([1, 2]);
  });

  it('never throws on arbitrary chunks behind a RIFF/WAVE header', () => {
    const chunk = fc.record({
      id: fc.constantFrom('fmt ', 'data', 'LIST', 'fact'),
      size: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constant(0xffffffff)),
      body: fc.uint8Array({ maxLength: 48 }),
    });
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 4 }), (chunks) => {
        const parts = chunks.map(({ id, size, body }) => {
          const head = new Uint8Array(8);
          for (let i = 0; i < 4; i++) head[i] = id.charCodeAt(i);
          new DataView(head.buffer).setUint32(4, size, true);
          return [head, body];
        });
        const bytes = concat([new TextEncoder().encode('RIFF\0\0\0\0WAVE'), ...parts.flat()]);
        const r = readWav(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
