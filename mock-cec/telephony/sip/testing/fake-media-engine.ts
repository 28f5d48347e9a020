import type {
  AudioTap,
  MediaEngine,
  MediaFlavour,
  MediaMode,
  MediaOptions,
  MediaRoute,
  MediaSession,
  MediaStats,
  PendingOffer,
} from '../../media/media-engine.ts';
import { MediaError } from '../../media/media-error.ts';
import type { MixPort } from '../../media/mixer.ts';

/**
 * A test double of the media engines: it writes valid SDP of either flavour
 * and records what it was asked, but sends no packets. For unit tests of the
 * signalling only; the real engines (werift, plain RTP) live in mock-cec/telephony/media.
 */
export class FakeMediaEngine implements MediaEngine {
  readonly sessions: FakeSession[] = [];
  /** The options each session was made with (its call's media group, its callbacks). */
  readonly options: MediaOptions[] = [];
  readonly answers: string[] = [];
  /** Make the next answer() fail: `true` as an offer we cannot serve would (a MediaError), or with this error. */
  failNextAnswer: boolean | Error = false;
  /** Make the next accept() (the callee's answer to our offer) fail with this error. */
  failNextAccept: Error | undefined;

  async answer(offerSdp: string, options: MediaOptions): Promise<{ sdp: string; session: MediaSession }> {
    const failure = this.failNextAnswer;
    if (failure) {
      this.failNextAnswer = false;
      throw failure === true ? new MediaError('no-common-codec', 'unusable offer') : failure;
    }
    const flavour: MediaFlavour = /UDP\/TLS\/RTP\/SAVPF/.test(offerSdp) ? 'webrtc' : 'rtp';
    const session = this.#session(flavour, options);
    return { sdp: fakeSdp(flavour, options.host, 40_000 + this.sessions.length * 2), session };
  }

  async offer(flavour: MediaFlavour, options: MediaOptions): Promise<PendingOffer> {
    const session = this.#session(flavour, options);
    return {
      sdp: fakeSdp(flavour, options.host, 40_000 + this.sessions.length * 2),
      session,
      accept: async (answerSdp) => {
        const failure = this.failNextAccept;
        this.failNextAccept = undefined;
        if (failure) throw failure;
        this.answers.push(answerSdp);
        session.accepted = answerSdp;
      },
    };
  }

  #session(flavour: MediaFlavour, options: MediaOptions): FakeSession {
    const s = new FakeSession(flavour, options.mode);
    this.sessions.push(s);
    this.options.push(options);
    return s;
  }
}

export class FakeSession implements MediaSession {
  closed = false;
  accepted?: string;
  readonly modes: MediaMode[];

  constructor(
    readonly flavour: MediaFlavour,
    mode: MediaMode,
  ) {
    this.modes = [mode];
  }

  stats(): MediaStats {
    return {
      flavour: this.flavour,
      packetsSent: 0,
      packetsReceived: 0,
      bytesSent: 0,
      bytesReceived: 0,
      audioEnergyReceived: 0,
    };
  }

  setMode(mode: MediaMode): void {
    this.modes.push(mode);
  }

  readonly routes: MediaRoute[] = [];
  setRoute(route: MediaRoute): void {
    this.routes.push(route);
  }

  /** The mixer port the session was joined to, if any. */
  mix: MixPort | undefined;

  setMix(port: MixPort | undefined): void {
    this.mix = port;
  }

  /** The recorder's tap, while one records the leg. */
  tap: AudioTap | undefined;

  setTap(tap: AudioTap | undefined): void {
    this.tap = tap;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** RFC 4566 SDP with PCMU: plain RTP/AVP, or the WebRTC profile with ICE and DTLS attributes. */
export function fakeSdp(flavour: MediaFlavour, host: string, port: number): string {
  const lines = ['v=0', `o=- 1 1 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0'];
  if (flavour === 'rtp') {
    lines.push(
      `m=audio ${port} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=sendrecv',
    );
  } else {
    lines.push(
      `m=audio ${port} UDP/TLS/RTP/SAVPF 0`,
      'a=rtpmap:0 PCMU/8000',
      'a=ice-ufrag:fake',
      'a=ice-pwd:fakefakefakefakefakefake',
      'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
      'a=setup:actpass',
      'a=mid:0',
      'a=rtcp-mux',
      `a=candidate:1 1 udp 2130706431 ${host} ${port} typ host`,
      'a=sendrecv',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
