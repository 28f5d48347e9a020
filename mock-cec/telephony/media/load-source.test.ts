import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from './audio-frame.ts';
import { encodeG711 } from './g711.ts';
import { sourceLoader } from './load-source.ts';
import { MediaError } from './media-error.ts';
import { toneFrame } from './tone.ts';
import { wav } from './wav-fixture.ts';

/** A μ-law WAV holding one frame of tone. */
const mulawWav = () => wav({ format: 7, bits: 8, data: encodeG711('mulaw', toneFrame(440, 0)) });

describe('sourceLoader', () => {
  it('reads and decodes a file once per path, then loops it', async () => {
    const reads: string[] = [];
    const load = sourceLoader(async (path) => {
      reads.push(path);
      return mulawWav();
    });
    const a = await load({ kind: 'file', path: '/prompts/hello.wav' });
    const b = await load({ kind: 'file', path: '/prompts/hello.wav' });
    expect(reads).toEqual(['/prompts/hello.wav']);
    expect(a.frame(0)).toHaveLength(FRAME_SAMPLES);
    expect(Array.from(a.frame(1))).toEqual(Array.from(b.frame(0)));
  });

  it('names the file and the reason when it cannot be used, and tries again next time', async () => {
    let attempt = 0;
    const load = sourceLoader(async () => {
      attempt++;
      if (attempt === 1) throw new Error('ENOENT: no such file');
      if (attempt === 2) return new TextEncoder().encode('not a wave');
      return mulawWav();
    });
    const source = { kind: 'file', path: '/prompts/missing.wav' } as const;
    await expect(load(source)).rejects.toMatchObject({
      code: 'file-unreadable',
      message: expect.stringMatching(/missing\.wav.*ENOENT/),
    });
    const second = load(source);
    await expect(second).rejects.toBeInstanceOf(MediaError);
    await expect(second).rejects.toMatchObject({ code: 'wav-not-wav', sipStatus: 500 });
    await expect(load(source)).resolves.toBeDefined();
  });

  it('makes the built-in sources without reading anything', async () => {
    const load = sourceLoader(async () => {
      throw new Error('no file should be read');
    });
    for (const kind of ['tone', 'echo', 'silence'] as const) {
      expect((await load({ kind })).frame(0)).toHaveLength(FRAME_SAMPLES);
    }
  });
});
