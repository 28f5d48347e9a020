import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { audioEnergy } from './audio-frame.ts';
import { closeAfterEach } from './close-after-each.ts';
import { createMediaEngine } from './create-media-engine.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import { Mixer } from './mixer.ts';
import { buildRtp, parseRtp } from './rtp-packet.ts';
import { inspectOffer } from './sdp.ts';
import { toneFrame } from './tone.ts';

/** A desktop phone's media: a UDP socket that sends G.711 tone and sums the energy it gets back. */
class Phone {
  energy = 0;
  #seq = 0;
  private constructor(readonly socket: Socket) {
    socket.on('message', (data) => {
      const r = parseRtp(data);
      if (r.ok && r.packet.payloadType === 0)
        this.energy += audioEnergy(decodeG711('mulaw', r.packet.payload));
    });
  }
  static async open(): Promise<Phone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new Phone(socket);
  }
  offer(): string {
    const port = this.socket.address().port;
    return `v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=sendrecv\r\n`;
  }
  sendTone(sdp: string, frames: number): void {
    const r = inspectOffer(sdp);
    if (!r.ok) throw new Error(r.problem.message);
    for (let i = 0; i < frames; i++) {
      const payload = encodeG711('mulaw', toneFrame(700, i));
      this.socket.send(
        buildRtp({ payloadType: 0, sequenceNumber: this.#seq++, timestamp: i * 160, ssrc: 9 }, payload),
        r.value.port,
        '127.0.0.1',
      );
    }
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const track = closeAfterEach();

describe('a two-party route table of the mixer joins two legs of the engine (an internal call)', () => {
  it("carries each phone's audio to the other phone, and only there", async () => {
    const engine = createMediaEngine();
    const [caller, called, bystander] = [
      track(await Phone.open()),
      track(await Phone.open()),
      track(await Phone.open()),
    ];
    const host = '127.0.0.1';
    const a = await engine.answer(caller.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host,
    });
    const b = await engine.answer(called.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host,
    });
    const other = await engine.answer(bystander.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host,
    });
    for (const s of [a, b, other]) track(s.session);
    // The two legs of the call join its mixer; each hears the other (no customer: the legs carry no voice
    // of their own). The third leg is another call's and joins no mixer of this one.
    const mixer = new Mixer();
    a.session.setMix(mixer.join('caller'));
    b.session.setMix(mixer.join('called'));
    mixer.route([
      ['caller', 'called'],
      ['called', 'caller'],
    ]);

    caller.sendTone(a.sdp, 25);
    await vi.waitFor(() => expect(called.energy).toBeGreaterThan(100));
    expect(caller.energy).toBe(0);

    called.sendTone(b.sdp, 25);
    await vi.waitFor(() => expect(caller.energy).toBeGreaterThan(100));
    expect(bystander.energy).toBe(0);
    expect(a.session.stats().audioEnergyReceived).toBeGreaterThan(100);
    expect(b.session.stats().audioEnergyReceived).toBeGreaterThan(100);
    expect(mixer.flow('caller', 'called').energy).toBeGreaterThan(100);
    expect(mixer.flow('called', 'caller').energy).toBeGreaterThan(100);
  });
});
