import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { audioEnergy } from './audio-frame.ts';
import { closeAfterEach } from './close-after-each.ts';
import { createMediaEngine } from './create-media-engine.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import type { MediaSession } from './media-engine.ts';
import { MediaError } from './media-error.ts';
import { buildRtp, parseRtp } from './rtp-packet.ts';
import { inspectOffer } from './sdp.ts';
import { toneFrame } from './tone.ts';
import { pcmBytes, wav } from './wav-fixture.ts';

/**
 * A desktop softphone's media, as sipp or baresip would do it: a UDP socket
 * that sends G.711 tone packets and counts what comes back.
 */
class UdpPeer {
  received: { payloadType: number; energy: number; from: number }[] = [];
  #seq = 0;
  private constructor(readonly socket: Socket) {
    socket.on('message', (data, rinfo) => {
      const r = parseRtp(data);
      if (!r.ok) return;
      const law = r.packet.payloadType === 8 ? 'alaw' : 'mulaw';
      const energy = audioEnergy(decodeG711(law, r.packet.payload));
      this.received.push({ payloadType: r.packet.payloadType, energy, from: rinfo.port });
    });
  }
  static async open(): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket);
  }
  get port(): number {
    return this.socket.address().port;
  }
  offer(payloads = '0 8 101'): string {
    return [
      'v=0',
      `o=peer 1 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/AVP ${payloads}`,
      'a=rtpmap:101 telephone-event/8000',
      'a=sendrecv',
      '',
    ].join('\r\n');
  }
  sendTone(toPort: number, frames: number, payloadType = 0): void {
    for (let i = 0; i < frames; i++) {
      const law = payloadType === 8 ? 'alaw' : 'mulaw';
      const payload = encodeG711(law, toneFrame(1000, i));
      this.socket.send(
        buildRtp({ payloadType, sequenceNumber: this.#seq++, timestamp: i * 160, ssrc: 7 }, payload),
        toPort,
        '127.0.0.1',
      );
    }
  }
  energy(): number {
    return this.received.reduce((sum, p) => sum + p.energy, 0);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const track = closeAfterEach();

function portOf(sdp: string): number {
  const r = inspectOffer(sdp);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value.port;
}

describe('RTP engine ↔ a UDP softphone', () => {
  it('answers an RTP/AVP offer: tone reaches the peer, the peer’s audio is counted', async () => {
    const peer = track(await UdpPeer.open());
    const engine = createMediaEngine();
    const { sdp, session } = await engine.answer(peer.offer(), {
      source: { kind: 'tone' },
      mode: 'both',
      host: '127.0.0.1',
    });
    track(session);
    expect(session.flavour).toBe('rtp');
    expect(sdp).toMatch(/m=audio \d+ RTP\/AVP 0 8 101\r\n/);
    expect(sdp).toContain('c=IN IP4 127.0.0.1');

    await vi.waitFor(() => expect(peer.received.length).toBeGreaterThanOrEqual(5));
    expect(peer.received.every((p) => p.payloadType === 0)).toBe(true);
    expect(peer.energy()).toBeGreaterThan(100);

    peer.sendTone(portOf(sdp), 10);
    await vi.waitFor(() => expect(session.stats().packetsReceived).toBe(10));
    const stats = session.stats();
    expect(stats).toMatchObject({ flavour: 'rtp', bytesReceived: 1600 });
    expect(stats.audioEnergyReceived).toBeGreaterThan(100);
    expect(stats.packetsSent).toBeGreaterThanOrEqual(5);
    expect(stats.lastPacketAt).toBeTypeOf('number');
  });

  it('hears RFC 4733 DTMF: one key per event, however many packets carry it, none counted as audio', async () => {
    const peer = track(await UdpPeer.open());
    const keys: string[] = [];
    const { sdp, session } = await createMediaEngine().answer(peer.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host: '127.0.0.1',
      onDtmf: (key) => keys.push(key),
    });
    track(session);
    let seq = 0;
    // Each event: a start packet, an update, then the end packet three times (§2.5.1.4), same timestamp.
    for (const [event, timestamp] of [
      [5, 8000],
      [11, 9600],
      [10, 11200],
    ] as const) {
      for (const [end, duration] of [
        [false, 160],
        [false, 320],
        [true, 480],
        [true, 480],
        [true, 480],
      ] as const) {
        const payload = Uint8Array.of(event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff);
        peer.socket.send(
          buildRtp({ payloadType: 101, sequenceNumber: seq++, timestamp, ssrc: 7 }, payload),
          portOf(sdp),
          '127.0.0.1',
        );
      }
    }
    await vi.waitFor(() => expect(keys).toEqual(['5', '#', '*']));
    expect(session.stats().packetsReceived).toBe(0);
  });

  it('echoes what the peer sends, in the codec the offer preferred (PCMA)', async () => {
    const peer = track(await UdpPeer.open());
    const { sdp, session } = await createMediaEngine().answer(peer.offer('8 0'), {
      source: { kind: 'echo' },
      mode: 'both',
      host: '127.0.0.1',
    });
    track(session);
    expect(sdp).toMatch(/RTP\/AVP 8 0\r\n/);
    peer.sendTone(portOf(sdp), 20, 8);
    await vi.waitFor(() => expect(peer.energy()).toBeGreaterThan(100));
    expect(peer.received.every((p) => p.payloadType === 8)).toBe(true);
  });

  it('sends to where packets come from (symmetric RTP), not to the SDP port', async () => {
    const peer = track(await UdpPeer.open());
    const elsewhere = track(await UdpPeer.open());
    // The SDP names a port nobody listens on; only the actual source should get audio.
    const lying = peer.offer().replace(`m=audio ${peer.port}`, 'm=audio 9');
    const { sdp, session } = await createMediaEngine().answer(lying, {
      source: { kind: 'tone' },
      mode: 'both',
      host: '127.0.0.1',
    });
    track(session);
    elsewhere.sendTone(portOf(sdp), 1);
    await vi.waitFor(() => expect(elsewhere.received.length).toBeGreaterThanOrEqual(3));
    expect(peer.received).toHaveLength(0);
  });

  it("makes an RTP offer, and media flows both ways once the answer is applied; DTMF on the answer's type", async () => {
    const peer = track(await UdpPeer.open());
    const keys: string[] = [];
    const pending = await createMediaEngine().offer('rtp', {
      source: { kind: 'tone', frequencyHz: 800 },
      mode: 'both',
      host: '127.0.0.1',
      onDtmf: (key) => keys.push(key),
    });
    track(pending.session);
    expect(pending.sdp).toMatch(/m=audio \d+ RTP\/AVP 0 8 101\r\n/);
    expect(pending.session.stats().packetsSent).toBe(0);
    await pending.accept(peer.offer('0 101'));
    await vi.waitFor(() => expect(peer.energy()).toBeGreaterThan(100));
    peer.sendTone(portOf(pending.sdp), 5);
    await vi.waitFor(() => expect(pending.session.stats().audioEnergyReceived).toBeGreaterThan(50));
    // The answer named 101 for telephone-event (UdpPeer's offer doubles as its answer).
    for (const end of [false, true, true]) {
      peer.socket.send(
        buildRtp(
          { payloadType: 101, sequenceNumber: 900, timestamp: 48_000, ssrc: 7 },
          Uint8Array.of(9, end ? 0x8a : 0x0a, 0, 160),
        ),
        portOf(pending.sdp),
        '127.0.0.1',
      );
    }
    await vi.waitFor(() => expect(keys).toEqual(['9']));
  });

  it('plays a WAV file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mock-cec-media-'));
    try {
      const path = join(dir, 'prompt.wav');
      const square = Array.from({ length: 1600 }, (_, i) => (i % 16 < 8 ? 12000 : -12000));
      await writeFile(path, wav({ data: pcmBytes(square) }));
      const peer = track(await UdpPeer.open());
      const { session } = await createMediaEngine().answer(peer.offer(), {
        source: { kind: 'file', path },
        mode: 'both',
        host: '127.0.0.1',
      });
      track(session);
      await vi.waitFor(() => expect(peer.received.length).toBeGreaterThanOrEqual(12));
      // 10 frames of square wave, looped: every frame carries sound.
      expect(peer.received.every((p) => p.energy > 10)).toBe(true);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('silent mode: packets flow, energy stays at zero; setMode brings the tone back', async () => {
    const peer = track(await UdpPeer.open());
    const { session } = await createMediaEngine().answer(peer.offer(), {
      source: { kind: 'tone' },
      mode: 'silent',
      host: '127.0.0.1',
    });
    track(session);
    await vi.waitFor(() => expect(peer.received.length).toBeGreaterThanOrEqual(10));
    expect(peer.energy()).toBe(0);
    session.setMode('both');
    await vi.waitFor(() => expect(peer.energy()).toBeGreaterThan(100));
  });

  it('one-way modes: in sends nothing, out hears nothing', async () => {
    const peer = track(await UdpPeer.open());
    const engine = createMediaEngine();
    const opts = { source: { kind: 'tone' }, host: '127.0.0.1' } as const;
    const inbound = await engine.answer(peer.offer(), { ...opts, mode: 'one-way-in' });
    track(inbound.session);
    peer.sendTone(portOf(inbound.sdp), 10);
    await vi.waitFor(() => expect(inbound.session.stats().packetsReceived).toBe(10));
    expect(inbound.session.stats().packetsSent).toBe(0);
    expect(peer.received).toHaveLength(0);

    const outbound: MediaSession = track(
      (await engine.answer(peer.offer(), { ...opts, mode: 'one-way-out' })).session,
    );
    await vi.waitFor(() => expect(peer.received.length).toBeGreaterThanOrEqual(3));
    peer.sendTone(peer.received[0]!.from, 10);
    // Sending goes on while the peer's packets are ignored.
    const sentBefore = outbound.stats().packetsSent;
    await vi.waitFor(() => expect(outbound.stats().packetsSent).toBeGreaterThan(sentBefore + 5));
    expect(outbound.stats().packetsReceived).toBe(0);
  });

  it('honours a sendonly offer (RFC 3264 §6.1): answers recvonly, hears, sends nothing', async () => {
    const peer = track(await UdpPeer.open());
    const { sdp, session } = await createMediaEngine().answer(
      peer.offer().replace('a=sendrecv', 'a=sendonly'),
      {
        source: { kind: 'tone' },
        mode: 'both',
        host: '127.0.0.1',
      },
    );
    track(session);
    expect(sdp).toContain('a=recvonly');
    peer.sendTone(portOf(sdp), 10);
    await vi.waitFor(() => expect(session.stats().packetsReceived).toBe(10));
    expect(session.stats().packetsSent).toBe(0);
    expect(peer.received).toHaveLength(0);
  });

  it('rejects offers it cannot serve with a typed error and the SIP status to answer', async () => {
    const engine = createMediaEngine();
    const opts = { source: { kind: 'tone' }, mode: 'both', host: '127.0.0.1' } as const;
    const peer = track(await UdpPeer.open());
    const g729 = peer.offer('18');
    await expect(engine.answer(g729, opts)).rejects.toMatchObject({
      code: 'no-common-codec',
      sipStatus: 488,
    });
    await expect(engine.answer('nonsense', opts)).rejects.toBeInstanceOf(MediaError);
    const missing = { ...opts, source: { kind: 'file', path: '/nonexistent/prompt.wav' } } as const;
    await expect(engine.answer(peer.offer(), missing)).rejects.toMatchObject({
      code: 'file-unreadable',
      sipStatus: 500,
      message: expect.stringContaining('/nonexistent/prompt.wav'),
    });
  });
});
