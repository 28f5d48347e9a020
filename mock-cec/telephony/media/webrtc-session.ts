import { type RTCPeerConnection, type RTCRtpTransceiver, RtpHeader, RtpPacket } from 'werift';
import type { Logger } from '../../infrastructure/primitives/logger.ts';
import type { Rng } from '../../infrastructure/primitives/rng.ts';
import { EventDigits } from '../sip/customer/dtmf.ts';
import { FRAME_SAMPLES } from './audio-frame.ts';
import { G711_CODECS, type G711Codec, lawOf } from './codec.ts';
import type { CustomerAudio } from './customer-audio.ts';
import type { AudioTap, MediaMode, MediaRoute, MediaSession, MediaStats } from './media-engine.ts';
import { MediaError } from './media-error.ts';
import type { MixPort } from './mixer.ts';
import { type Pacer, startPacer } from './pacer.ts';
import { PayloadRing } from './payload-ring.ts';
import { useSessionKeyedSrtp } from './srtp/werift-srtp.ts';
import { createCustomerPeer, gatheringComplete } from './webrtc-peer.ts';

// Every customer's RTP is sealed with keys kept per session, not Node ciphers made per packet
// (srtp/werift-srtp.ts says why). Once per thread: this module loads with werift, on the first WebRTC call.
useSessionKeyedSrtp();

/**
 * The WebRTC flavour: DTLS-SRTP over ICE (RFC 8827) with werift, for browser
 * softphones. The customer sends only once DTLS is connected (werift drops
 * RTP before that anyway, and counting it as sent would lie), and stops at
 * close, which also releases werift's sockets and timers.
 */
export class WebRtcSession implements MediaSession {
  readonly flavour = 'webrtc' as const;
  #pacer: Pacer | undefined;
  #sequence: number;
  /** The sent payloads werift keeps for retransmission, in one buffer (payload-ring.ts). */
  readonly #sent = new PayloadRing(FRAME_SAMPLES);
  readonly #timestampBase: number;
  #closed: Promise<void> | undefined;
  #eventPts: { of: readonly unknown[]; pts: number[] } | undefined;
  #codec: { of: object; ours: G711Codec | undefined } | undefined;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly transceiver: RTCRtpTransceiver,
    private readonly audio: CustomerAudio,
    rng: Rng,
    private readonly logger: Logger,
    onDtmf: ((key: string) => void) | undefined,
  ) {
    this.#sequence = rng.int(0, 0xffff);
    this.#timestampBase = rng.int(0, 0xffffffff);
    const digits = new EventDigits();
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        // The browser's telephone-event payload type is its own (Chromium: 126); werift keeps the offer's.
        if (this.#telephoneEventPts().includes(rtp.header.payloadType)) {
          const key = digits.read(rtp.header.timestamp, rtp.payload);
          if (key !== undefined) onDtmf?.(key);
          return;
        }
        this.audio.receive(rtp.payload, lawOf(rtp.header.payloadType, G711_CODECS));
      });
    });
    pc.connectionStateChange.subscribe((state) => {
      logger.info('webrtc connection state', { state });
      if (state === 'connected') this.#startSending();
      if (state === 'failed' || state === 'closed') this.#pacer?.stop();
    });
  }

  /** A peer with one send-receive audio transceiver, before any description is applied. */
  static create(
    host: string,
    audio: CustomerAudio,
    rng: Rng,
    logger: Logger,
    onDtmf?: (key: string) => void,
  ): WebRtcSession {
    const pc = createCustomerPeer(host);
    const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
    return new WebRtcSession(pc, transceiver, audio, rng, logger, onDtmf);
  }

  /** Apply a remote offer and return our answer, with every candidate in it. */
  async answer(offerSdp: string): Promise<string> {
    await negotiate(() => this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp }));
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.#localSdp();
  }

  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.#localSdp();
  }

  async accept(answerSdp: string): Promise<void> {
    await negotiate(() => this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }));
  }

  stats(): MediaStats {
    return {
      flavour: 'webrtc',
      ...this.audio.counters(),
      dtlsState: this.#closed ? 'closed' : (this.pc.dtlsTransports[0]?.state ?? 'new'),
    };
  }

  setMode(mode: MediaMode): void {
    this.audio.setMode(mode);
  }

  setRoute(route: MediaRoute): void {
    this.audio.setRoute(route);
  }

  setMix(port: MixPort | undefined): void {
    this.audio.setMix(port);
  }

  setTap(tap: AudioTap | undefined): void {
    this.audio.setTap(tap);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#pacer?.stop();
      await this.pc.close();
    })();
    return this.#closed;
  }

  async #localSdp(): Promise<string> {
    await gatheringComplete(this.pc);
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no local description after setLocalDescription');
    return sdp;
  }

  #startSending(): void {
    if (this.#pacer || this.#closed) return;
    this.#pacer = startPacer({ onFrame: (frame) => this.#onFrame(frame) });
  }

  #onFrame(frame: number): void {
    const codec = this.#sendCodec();
    if (!codec) return;
    const payload = this.audio.payloadFor(frame, codec.law);
    if (!payload) return;
    const header = new RtpHeader({
      payloadType: codec.payloadType,
      sequenceNumber: this.#sequence++ & 0xffff,
      timestamp: (this.#timestampBase + frame * FRAME_SAMPLES) >>> 0,
      marker: frame === 0,
    });
    // werift sets the SSRC and encrypts; a send on a closing transport is dropped there.
    this.transceiver.sender.sendRtp(new RtpPacket(header, this.#sent.hold(payload))).catch((err: unknown) => {
      this.logger.warn('webrtc send failed', { error: String(err) });
    });
  }

  /**
   * The negotiated telephone-event payload types (Chromium offers one per clock rate: 8000 and 48000).
   * Asked for every packet received, so worked out again only when werift's codec list is replaced.
   */
  #telephoneEventPts(): number[] {
    const codecs = this.transceiver.codecs;
    if (this.#eventPts?.of !== codecs)
      this.#eventPts = {
        of: codecs,
        pts: codecs
          .filter((c) => c.mimeType.toLowerCase() === 'audio/telephone-event')
          .map((c) => c.payloadType),
      };
    return this.#eventPts.pts;
  }

  /** The codec werift negotiated for sending, as one of ours (asked every frame: kept until werift's changes). */
  #sendCodec(): G711Codec | undefined {
    const negotiated = this.transceiver.sender.codec;
    if (!negotiated) return undefined;
    if (this.#codec?.of === negotiated) return this.#codec.ours;
    const name = negotiated.mimeType.split('/')[1]?.toUpperCase();
    const ours = G711_CODECS.find((c) => c.name === name);
    this.#codec = { of: negotiated, ours: ours && { ...ours, payloadType: negotiated.payloadType } };
    return this.#codec.ours;
  }
}

/** werift throws plain Errors at descriptions it cannot use (no rtpmap, no fingerprint…): make them typed. */
async function negotiate(apply: () => Promise<void>): Promise<void> {
  try {
    await apply();
  } catch (err) {
    throw new MediaError(
      'negotiation-failed',
      `the WebRTC description was refused: ${(err as Error).message}`,
    );
  }
}
