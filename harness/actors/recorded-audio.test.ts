import { describe, expect, it } from 'vitest';
import { toneFrame } from '../../mock-cec/telephony/media/tone.ts';
import { writeWav } from '../../mock-cec/telephony/media/wav.ts';
import { judgeRecording } from './recorded-audio.ts';

const frames = (n: number, make: (i: number) => Int16Array) => {
  const out = new Int16Array(n * 160);
  for (let i = 0; i < n; i++) out.set(make(i), i * 160);
  return out;
};

describe('judgeRecording', () => {
  it('hears a tone as sound and near-silence as silence, with the length', () => {
    const tone = judgeRecording(writeWav(frames(50, (i) => toneFrame(1000, i))));
    expect(tone).toMatchObject({ ok: true, sound: true, ms: 1000 });
    const hiss = judgeRecording(writeWav(frames(50, () => new Int16Array(160).fill(8))));
    expect(hiss).toMatchObject({ ok: true, sound: false, ms: 1000 });
    expect(judgeRecording(writeWav(new Int16Array(0)))).toMatchObject({ ok: true, sound: false, ms: 0 });
  });

  it('says so when the bytes are no WAV', () => {
    expect(judgeRecording(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false });
  });
});
