import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { audioEnergy, SAMPLE_RATE } from './audio-frame.ts';
import { closeAfterEach } from './close-after-each.ts';
import { createMediaEngine } from './create-media-engine.ts';
import { encodeG711 } from './g711.ts';
import { buildRtp } from './rtp-packet.ts';
import { inspectOffer } from './sdp.ts';
import { toneFrame } from './tone.ts';
import { readWav, writeWav } from './wav.ts';

/**
 * A recording of a leg is what the customer really heard and sent: a UDP
 * "agent phone" plays a 1 kHz tone over real RTP (μ-law), the customer sends
 * its own 440 Hz tone; the tapped audio, written as a WAV and read back,
 * carries each tone at its frequency.
 */
const track = closeAfterEach();

class TonePhone {
  private constructor(readonly socket: Socket) {}
  static async open(): Promise<TonePhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TonePhone(socket);
  }
  offer(): string {
    const port = this.socket.address().port;
    return `v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=sendrecv\r\n`;
  }
  play(toPort: number, frames: number, hz: number): void {
    for (let i = 0; i < frames; i++) {
      const payload = encodeG711('mulaw', toneFrame(hz, i));
      this.socket.send(
        buildRtp({ payloadType: 0, sequenceNumber: i, timestamp: i * 160, ssrc: 9 }, payload),
        toPort,
        '127.0.0.1',
      );
    }
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** The power of one frequency in PCM (Goertzel), normalised per sample. */
function power(samples: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / SAMPLE_RATE;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x / 32768 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / samples.length;
}

function joined(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('recording a leg through its tap', () => {
  it("the WAV of what the customer heard carries the phone's 1 kHz tone; the WAV of what it sent, its own 440 Hz", async () => {
    const phone = track(await TonePhone.open());
    const { sdp, session } = await createMediaEngine().answer(phone.offer(), {
      source: { kind: 'tone', frequencyHz: 440 },
      mode: 'both',
      host: '127.0.0.1',
    });
    track(session);
    const heard: Int16Array[] = [];
    const sent: Int16Array[] = [];
    session.setTap({ heard: (pcm) => heard.push(pcm.slice()), sent: (pcm) => sent.push(pcm.slice()) });
    const offer = inspectOffer(sdp);
    if (!offer.ok) throw new Error(offer.problem.message);
    phone.play(offer.value.port, 50, 1000);
    await vi.waitFor(() => expect(heard.length).toBe(50), { timeout: 10_000 });
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(10), { timeout: 10_000 });

    const heardWav = readWav(writeWav(joined(heard)));
    if (!heardWav.ok) throw new Error(heardWav.error.message);
    expect(heardWav.samples.length).toBe(50 * 160);
    expect(audioEnergy(heardWav.samples)).toBeGreaterThan(500); // ~0.125 a sample: not silence
    const at1k = power(heardWav.samples, 1000);
    expect(at1k).toBeGreaterThan(100 * power(heardWav.samples, 440));
    expect(at1k).toBeGreaterThan(100 * power(heardWav.samples, 2000));

    const sentWav = readWav(writeWav(joined(sent)));
    if (!sentWav.ok) throw new Error(sentWav.error.message);
    expect(power(sentWav.samples, 440)).toBeGreaterThan(100 * power(sentWav.samples, 1000));

    // Untapped, nothing more is kept.
    session.setTap(undefined);
    const before = heard.length;
    phone.play(offer.value.port, 5, 1000);
    await vi.waitFor(() => expect(session.stats().packetsReceived).toBe(55), { timeout: 10_000 });
    expect(heard.length).toBe(before);
  });
});
