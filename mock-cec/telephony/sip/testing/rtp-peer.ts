import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { audioEnergy } from '../../media/audio-frame.ts';
import { decodeG711, encodeG711 } from '../../media/g711.ts';
import { type Pacer, startPacer } from '../../media/pacer.ts';
import { buildRtp, parseRtp } from '../../media/rtp-packet.ts';
import { toneFrame } from '../../media/tone.ts';

/** What an RtpPeer heard and said. */
export interface RtpPeerStats {
  packetsReceived: number;
  /** Sum of (sample/32768)² over what arrived, decoded: rises only with sound (audio-frame.ts). */
  energyReceived: number;
  packetsSent: number;
  /** Where it sends: the source of the first packet that arrived (symmetric RTP). */
  remote?: string;
}

/**
 * The RTP side of a desktop softphone driven by a signalling-only client
 * (sipp): a UDP socket on the port its SDP advertises, speaking PCMU. Like
 * most softphones behind NAT it uses symmetric RTP (RFC 4961): it answers
 * where the first packet came from, and from then on sends a tone every
 * 20 ms, counting the packets and the sound that come back.
 */
export class RtpPeer {
  readonly #stats: RtpPeerStats = { packetsReceived: 0, energyReceived: 0, packetsSent: 0 };
  #remote: RemoteInfo | undefined;
  #pacer: Pacer | undefined;
  #sequence = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly toneHz: number,
  ) {
    socket.on('message', (data, from) => this.#receive(data, from));
  }

  static async open(o: { host?: string; toneHz?: number } = {}): Promise<RtpPeer> {
    const host = o.host ?? '127.0.0.1';
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => resolve());
    });
    return new RtpPeer(socket, o.toneHz ?? 1000);
  }

  get port(): number {
    return this.socket.address().port;
  }

  stats(): RtpPeerStats {
    return { ...this.#stats };
  }

  close(): Promise<void> {
    this.#pacer?.stop();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  #receive(data: Buffer, from: RemoteInfo): void {
    const parsed = parseRtp(data);
    if (!parsed.ok) return;
    const { payloadType, payload } = parsed.packet;
    this.#stats.packetsReceived++;
    if (payloadType === 0 || payloadType === 8)
      this.#stats.energyReceived += audioEnergy(decodeG711(payloadType === 0 ? 'mulaw' : 'alaw', payload));
    if (this.#remote) return;
    this.#remote = from;
    this.#stats.remote = `${from.address}:${from.port}`;
    this.#pacer = startPacer({ onFrame: (frame) => this.#send(frame) });
  }

  #send(frame: number): void {
    const remote = this.#remote!;
    const packet = buildRtp(
      { payloadType: 0, sequenceNumber: this.#sequence++ & 0xffff, timestamp: frame * 160, ssrc: 0x5ee0 },
      encodeG711('mulaw', toneFrame(this.toneHz, frame)),
    );
    this.socket.send(packet, remote.port, remote.address);
    this.#stats.packetsSent++;
  }
}
