import { describe, expect, it, vi } from 'vitest';
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { audioEnergy } from './audio-frame.ts';
import { closeAfterEach } from './close-after-each.ts';
import { createMediaEngine } from './create-media-engine.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import { toneFrame } from './tone.ts';
import { gatheringComplete } from './webrtc-peer.ts';

/**
 * A second, independent werift peer playing the browser: it offers Opus first
 * and PCMU second (as Chromium does), gathers its own interfaces plus loopback,
 * sends a 1 kHz tone every 20 ms once connected, and measures what arrives.
 */
class BrowserLikePeer {
  readonly pc = new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48000,
          channels: 2,
          payloadType: 111,
        }),
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0 }),
        // Chromium offers RFC 4733 DTMF on dynamic payload types of its own, one per clock rate.
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48000, payloadType: 110 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 126 }),
      ],
    },
  });
  readonly transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
  packetsReceived = 0;
  energy = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor() {
    this.transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        this.packetsReceived++;
        this.energy += audioEnergy(decodeG711('mulaw', rtp.payload));
      }),
    );
    this.pc.connectionStateChange.subscribe((state) => {
      if (state !== 'connected') return;
      let frame = 0;
      this.#timer = setInterval(() => {
        const payload = Buffer.from(encodeG711('mulaw', toneFrame(1000, frame)));
        const header = new RtpHeader({ payloadType: 0, sequenceNumber: frame, timestamp: frame * 160 });
        frame++;
        void this.transceiver.sender.sendRtp(new RtpPacket(header, payload));
      }, 20);
    });
  }

  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gatheringComplete(this.pc);
    return this.pc.localDescription!.sdp;
  }

  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gatheringComplete(this.pc);
    return this.pc.localDescription!.sdp;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.pc.close();
  }
}

const track = closeAfterEach();

const host = '127.0.0.1';

describe('WebRTC engine ↔ a werift peer', () => {
  it('answers a browser-like offer with PCMU on 127.0.0.1, DTLS connects, audio flows both ways', async () => {
    const peer = track(new BrowserLikePeer());
    const engine = createMediaEngine();
    const { sdp, session } = await engine.answer(await peer.offer(), {
      source: { kind: 'tone' },
      mode: 'both',
      host,
    });
    track(session);
    expect(session.flavour).toBe('webrtc');
    expect(sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 110 126\r\n/);
    expect(sdp).toContain('a=rtpmap:126 telephone-event/8000');
    const candidates = sdp.match(/^a=candidate:.*$/gm) ?? [];
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toContain(' 127.0.0.1 ');
    await peer.pc.setRemoteDescription({ type: 'answer', sdp });

    await vi.waitFor(() => expect(session.stats().dtlsState).toBe('connected'), { timeout: 5000 });
    await vi.waitFor(() => expect(peer.energy).toBeGreaterThan(100), { timeout: 5000 });
    await vi.waitFor(() => expect(session.stats().audioEnergyReceived).toBeGreaterThan(100), {
      timeout: 5000,
    });
    const stats = session.stats();
    expect(stats.packetsReceived).toBeGreaterThan(0);
    expect(stats.bytesReceived).toBe(stats.packetsReceived * 160);
    expect(stats.packetsSent).toBeGreaterThan(0);
  });

  it('hears the browser’s RFC 4733 DTMF on its payload type, one key per event', async () => {
    const peer = track(new BrowserLikePeer());
    const keys: string[] = [];
    const { sdp, session } = await createMediaEngine().answer(await peer.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host,
      onDtmf: (key) => keys.push(key),
    });
    track(session);
    await peer.pc.setRemoteDescription({ type: 'answer', sdp });
    await vi.waitFor(() => expect(session.stats().dtlsState).toBe('connected'), { timeout: 5000 });
    // werift's sender writes its send codec's payload type into every packet: switch it to telephone-event.
    const sender = peer.transceiver.sender;
    sender.codec = peer.transceiver.codecs.find(
      (c) => c.mimeType === 'audio/telephone-event' && c.clockRate === 8000,
    );
    expect(sender.codec?.payloadType).toBe(126);
    let seq = 1000;
    for (const [event, timestamp] of [
      [7, 16000],
      [11, 17600],
    ] as const) {
      for (const end of [false, true, true, true]) {
        const header = new RtpHeader({ payloadType: 126, sequenceNumber: seq++, timestamp, marker: !end });
        await sender.sendRtp(new RtpPacket(header, Buffer.from([event, (end ? 0x80 : 0) | 10, 0, 160])));
      }
    }
    await vi.waitFor(() => expect(keys).toEqual(['7', '#']), { timeout: 5000 });
  });

  it('makes an offer a werift peer answers; echo sends the peer’s tone back', async () => {
    const peer = track(new BrowserLikePeer());
    const pending = await createMediaEngine().offer('webrtc', {
      source: { kind: 'echo' },
      mode: 'both',
      host,
    });
    track(pending.session);
    expect(pending.sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8 101\r\n/);
    await pending.accept(await peer.answer(pending.sdp));
    await vi.waitFor(() => expect(pending.session.stats().dtlsState).toBe('connected'), { timeout: 5000 });
    await vi.waitFor(() => expect(peer.energy).toBeGreaterThan(100), { timeout: 5000 });
    expect(pending.session.stats().audioEnergyReceived).toBeGreaterThan(0);
  });

  it('engine to engine: one offers a tone, the other answers in silent mode', async () => {
    const engine = createMediaEngine();
    const caller = await engine.offer('webrtc', { source: { kind: 'tone' }, mode: 'both', host });
    track(caller.session);
    const callee = await engine.answer(caller.sdp, { source: { kind: 'tone' }, mode: 'silent', host });
    track(callee.session);
    await caller.accept(callee.sdp);
    await vi.waitFor(() => expect(callee.session.stats().audioEnergyReceived).toBeGreaterThan(100), {
      timeout: 5000,
    });
    await vi.waitFor(() => expect(caller.session.stats().packetsReceived).toBeGreaterThan(10), {
      timeout: 5000,
    });
    // Packets but no sound.
    expect(caller.session.stats().audioEnergyReceived).toBe(0);
  });

  it('reports dtlsState closed after close', async () => {
    const peer = track(new BrowserLikePeer());
    const { session } = await createMediaEngine().answer(await peer.offer(), {
      source: { kind: 'silence' },
      mode: 'both',
      host,
    });
    expect(session.stats().dtlsState).toBe('new');
    await session.close();
    await session.close(); // idempotent
    expect(session.stats().dtlsState).toBe('closed');
  });

  it('rejects a WebRTC offer werift cannot use with a typed error', async () => {
    const noRtpmap = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'c=IN IP4 0.0.0.0',
      '',
    ].join('\r\n');
    await expect(
      createMediaEngine().answer(noRtpmap, { source: { kind: 'tone' }, mode: 'both', host }),
    ).rejects.toMatchObject({ name: 'MediaError', code: 'negotiation-failed', sipStatus: 488 });
  });
});
