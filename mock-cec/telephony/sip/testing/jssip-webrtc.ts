import { MediaStream, MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { audioEnergy } from '../../media/audio-frame.ts';
import { decodeG711, encodeG711 } from '../../media/g711.ts';
import { type Pacer, startPacer } from '../../media/pacer.ts';
import { buildRtp } from '../../media/rtp-packet.ts';
import { toneFrame } from '../../media/tone.ts';

/**
 * JsSIP places and answers calls only with a browser's WebRTC. In Node,
 * werift is one: `installWebRtcForJsSip` puts it where JsSIP looks
 * (`window.RTCPeerConnection`, `RTCSessionDescription`), smoothing the two
 * places where werift's API differs from the W3C one that JsSIP calls:
 * `createOffer(null)` (werift destructures its argument) and
 * `new RTCSessionDescription({ type, sdp })` (werift's takes `(sdp, type)`).
 * PCMU only, as the simulated customer speaks G.711. Returns an uninstaller.
 */
export function installWebRtcForJsSip(): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = { window: g.window, pc: g.RTCPeerConnection, sd: g.RTCSessionDescription };
  g.window ??= globalThis;
  g.RTCPeerConnection = JsSipPeerConnection;
  g.RTCSessionDescription = SessionDescription;
  return () => {
    g.window = saved.window;
    g.RTCPeerConnection = saved.pc;
    g.RTCSessionDescription = saved.sd;
  };
}

class JsSipPeerConnection extends RTCPeerConnection {
  constructor() {
    // No STUN (no internet); host candidates on loopback are enough.
    super({
      iceServers: [],
      codecs: {
        audio: [
          new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
        ],
        video: [],
      },
    });
  }
  override createOffer(options?: Parameters<RTCPeerConnection['createOffer']>[0] | null) {
    return super.createOffer(options ?? undefined);
  }
}

class SessionDescription {
  readonly type: string;
  readonly sdp: string;
  constructor(init: { type: string; sdp: string }) {
    this.type = init.type;
    this.sdp = init.sdp;
  }
}

/**
 * The Node phone's microphone and ears: a werift track that sends a PCMU tone
 * every 20 ms once started, and counters of what arrives on a peer
 * connection's audio (packets, and the energy of the decoded samples).
 */
export class NodeAudio {
  readonly microphone = new MediaStreamTrack({ kind: 'audio' });
  /** What JsSIP's `mediaStream` option takes (a DOM MediaStream in its types). */
  readonly stream = new MediaStream([this.microphone]) as unknown as globalThis.MediaStream;
  readonly heard = { packets: 0, energy: 0 };
  packetsSent = 0;
  #pacer: Pacer | undefined;

  constructor(private readonly toneHz = 1000) {}

  /** Count what arrives on the connection's audio tracks. */
  listen(connection: globalThis.RTCPeerConnection): void {
    (connection as unknown as RTCPeerConnection).onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        this.heard.packets++;
        if (rtp.header.payloadType === 0) this.heard.energy += audioEnergy(decodeG711('mulaw', rtp.payload));
      });
    });
  }

  /** Start talking (at answer: werift drops what is written before the transport is up). */
  talk(): void {
    this.#pacer ??= startPacer({
      onFrame: (frame) => {
        const payload = encodeG711('mulaw', toneFrame(this.toneHz, frame));
        this.microphone.writeRtp(
          buildRtp(
            { payloadType: 0, sequenceNumber: frame & 0xffff, timestamp: frame * 160, ssrc: 0x15 },
            payload,
          ),
        );
        this.packetsSent++;
      },
    });
  }

  stop(): void {
    this.#pacer?.stop();
    this.#pacer = undefined;
  }
}
