import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from '../../infrastructure/primitives/logger.ts';
import type { Rng } from '../../infrastructure/primitives/rng.ts';
import { EventDigits } from '../sip/customer/dtmf.ts';
import { FRAME_SAMPLES } from './audio-frame.ts';
import { G711_CODECS, type G711Codec, lawOf } from './codec.ts';
import type { CustomerAudio } from './customer-audio.ts';
import type { AudioTap, MediaMode, MediaRoute, MediaSession, MediaStats } from './media-engine.ts';
import type { MixPort } from './mixer.ts';
import { type Pacer, startPacer } from './pacer.ts';
import { buildRtp, parseRtp } from './rtp-packet.ts';
import type { MediaDirection } from './sdp.ts';

export interface RtpEndpoint {
  address: string;
  port: number;
}

/**
 * Plain RTP/AVP over UDP with G.711, for desktop softphones (OpenEye, sipp,
 * baresip). One socket, no RTCP (RFC 3550 §6 makes it a SHOULD; softphones
 * play audio without it).
 *
 * Symmetric RTP (RFC 4961): once a packet arrives, the customer sends to where
 * it came from, whatever the SDP said. That is what makes a softphone behind
 * NAT, or one that advertises an address it does not send from, work.
 * Before the first packet, it sends to the SDP's address and port, unless that
 * is 0.0.0.0 (RFC 3264 §8.4: hold), where it waits for the first packet.
 */
export class RtpSession implements MediaSession {
  readonly flavour = 'rtp' as const;
  #remote: RtpEndpoint | undefined;
  #codecs: readonly G711Codec[] = G711_CODECS;
  #send: G711Codec | undefined;
  #pacer: Pacer | undefined;
  #sequence: number;
  readonly #timestampBase: number;
  readonly #ssrc: number;
  #closed: Promise<void> | undefined;
  #sendErrorLogged = false;
  /** The frame of the last packet sent: a gap (a hold) starts a new talkspurt. */
  #lastFrame = -1;
  /** The negotiated telephone-event payload type (RFC 4733), and its key presses. */
  #telephoneEvent: number | undefined;
  readonly #digits = new EventDigits();

  private constructor(
    private readonly socket: Socket,
    private readonly audio: CustomerAudio,
    rng: Rng,
    private readonly logger: Logger,
    private readonly onDtmf: ((key: string) => void) | undefined,
  ) {
    // RFC 3550 §5.1: sequence number, timestamp and SSRC start random.
    this.#sequence = rng.int(0, 0xffff);
    this.#timestampBase = rng.int(0, 0xffffffff);
    this.#ssrc = rng.int(0, 0xffffffff);
    socket.on('message', (data, from) => this.#onPacket(data, from));
    socket.on('error', (err) => logger.warn('rtp socket error', { error: err.message }));
  }

  /** Open a UDP socket on `host` (an ephemeral port). */
  static async bind(
    host: string,
    audio: CustomerAudio,
    rng: Rng,
    logger: Logger,
    onDtmf?: (key: string) => void,
  ): Promise<RtpSession> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port: 0 }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpSession(socket, audio, rng, logger, onDtmf);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /**
   * Media starts: `codecs` are the negotiated G.711 codecs, the first is the
   * one we send (RFC 3264 §6.1: the answerer's preference in its answer).
   * `direction` is ours as negotiated: with recvonly or inactive (the other
   * side put the call on hold, or only talks) the customer sends nothing.
   */
  start(
    remote: RtpEndpoint | undefined,
    codecs: readonly G711Codec[],
    direction: MediaDirection,
    telephoneEvent?: number,
  ): void {
    if (this.#closed || this.#pacer) return;
    this.#telephoneEvent = telephoneEvent;
    if (direction === 'recvonly' || direction === 'inactive') {
      this.#codecs = codecs;
      return;
    }
    const unspecified =
      !remote || remote.port === 0 || remote.address === '0.0.0.0' || remote.address === '::';
    this.#remote ??= unspecified ? undefined : remote;
    this.#codecs = codecs;
    this.#send = codecs[0];
    this.#pacer = startPacer({ onFrame: (frame) => this.#onFrame(frame) });
  }

  stats(): MediaStats {
    return { flavour: 'rtp', ...this.audio.counters() };
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
    this.#closed ??= new Promise<void>((resolve) => {
      this.#pacer?.stop();
      this.socket.close(() => resolve());
    });
    return this.#closed;
  }

  #onPacket(data: Buffer, from: RemoteInfo): void {
    const parsed = parseRtp(data);
    if (!parsed.ok) return; // RTCP, STUN keep-alives, junk: not audio
    this.#remote = { address: from.address, port: from.port };
    const { packet } = parsed;
    if (packet.payloadType === this.#telephoneEvent) {
      const key = this.#digits.read(packet.timestamp, packet.payload);
      if (key !== undefined) this.onDtmf?.(key);
      return;
    }
    this.audio.receive(parsed.packet.payload, lawOf(parsed.packet.payloadType, this.#codecs));
  }

  #onFrame(frame: number): void {
    const codec = this.#send;
    const remote = this.#remote;
    if (!codec || !remote || this.#closed) return;
    const payload = this.audio.payloadFor(frame, codec.law);
    if (!payload) return;
    const packet = buildRtp(
      {
        payloadType: codec.payloadType,
        // One per packet sent (§5.1), while the timestamp follows the clock, gaps included.
        sequenceNumber: this.#sequence++,
        timestamp: this.#timestampBase + frame * FRAME_SAMPLES,
        ssrc: this.#ssrc,
        // RFC 3551 §4.1: first packet of a talkspurt — the call's first, or the first after a hold.
        marker: frame === 0 || frame !== this.#lastFrame + 1,
      },
      payload,
    );
    this.#lastFrame = frame;
    this.socket.send(packet, remote.port, remote.address, (err) => {
      if (err && !this.#sendErrorLogged) {
        this.#sendErrorLogged = true;
        this.logger.warn('rtp send failed', { to: `${remote.address}:${remote.port}`, error: err.message });
      }
    });
  }
}
