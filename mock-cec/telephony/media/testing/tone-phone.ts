import { createSocket, type Socket } from 'node:dgram';
import { expect, vi } from 'vitest';
import { decodeG711, encodeG711 } from '../g711.ts';
import { buildRtp, parseRtp } from '../rtp-packet.ts';
import { toneFrame } from '../tone.ts';
import { toneLevel } from '../tone-level.ts';

/**
 * An agent's desktop phone as far as media goes, for the media engine's
 * tests: a UDP socket that speaks its own tone in 20 ms G.711 packets and
 * keeps what it hears, so a test can ask which tones reached it.
 */
export class TonePhone {
  heard: Int16Array[] = [];
  #timer: NodeJS.Timeout | undefined;
  #seq = 0;
  private constructor(
    readonly socket: Socket,
    readonly hz: number,
    private readonly telephoneEvent: boolean,
  ) {
    socket.on('message', (data) => {
      const r = parseRtp(data);
      if (r.ok && r.packet.payloadType === 0) this.heard.push(decodeG711('mulaw', r.packet.payload));
    });
  }
  /** `telephoneEvent`: the offer also carries RFC 4733 telephone-event (payload type 101), for DTMF. */
  static async open(hz: number, options: { telephoneEvent?: boolean } = {}): Promise<TonePhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TonePhone(socket, hz, options.telephoneEvent ?? false);
  }
  offer(): string {
    const port = this.socket.address().port;
    const media = this.telephoneEvent
      ? [`m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:101 telephone-event/8000']
      : [`m=audio ${port} RTP/AVP 0`];
    return ['v=0', 'o=phone 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0']
      .concat([...media, 'a=sendrecv', ''])
      .join('\r\n');
  }
  talkTo(port: number): void {
    let frame = 0;
    this.#timer = setInterval(() => {
      const payload = encodeG711('mulaw', toneFrame(this.hz, frame++, 0.3));
      this.send(port, 0, frame * 160, payload);
    }, 20);
  }
  send(port: number, payloadType: number, timestamp: number, payload: Uint8Array): void {
    const packet = buildRtp({ payloadType, sequenceNumber: this.#seq++, timestamp, ssrc: this.hz }, payload);
    this.socket.send(packet, port, '127.0.0.1');
  }
  /** Resolves once `frames` more frames have been heard. */
  hearMore(frames: number): Promise<void> {
    const target = this.heard.length + frames;
    return vi.waitFor(() => expect(this.heard.length).toBeGreaterThanOrEqual(target), {
      timeout: 15_000,
      interval: 20,
    });
  }
  /** The loudest level of a tone over the recent frames heard. */
  level(hz: number): number {
    return Math.max(0, ...this.heard.slice(-25).map((pcm) => toneLevel(pcm, hz)));
  }
  close(): Promise<void> {
    clearInterval(this.#timer);
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
