import { type SessionDescription, write } from 'sdp-transform';
import type { G711Codec } from './codec.ts';
import type { MediaDirection } from './sdp.ts';

export interface RtpSdpInput {
  /** The address RTP is bound to and advertised on (c= and o=). */
  host: string;
  port: number;
  /** o= session id: numeric, unique per session (RFC 4566 §5.2). */
  sessionId: number;
  codecs: readonly G711Codec[];
  /** Payload type of telephone-event (RFC 4733), if it is to be offered or accepted. */
  telephoneEvent: number | undefined;
  direction: MediaDirection;
}

/**
 * The SDP of the plain RTP engine, offer or answer: one audio stream,
 * RTP/AVP, G.711 with 20 ms packets, DTMF as telephone-event.
 */
export function writeRtpSdp(input: RtpSdpInput): string {
  const ipVer = input.host.includes(':') ? 6 : 4;
  const dtmf = input.telephoneEvent;
  const session: SessionDescription = {
    version: 0,
    origin: {
      username: 'mock-cec',
      sessionId: input.sessionId,
      sessionVersion: 1,
      netType: 'IN',
      ipVer,
      address: input.host,
    },
    name: 'mock-cec customer',
    connection: { version: ipVer, ip: input.host },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: input.port,
        protocol: 'RTP/AVP',
        payloads: [...input.codecs.map((c) => c.payloadType), ...(dtmf === undefined ? [] : [dtmf])].join(
          ' ',
        ),
        rtp: [
          ...input.codecs.map((c) => ({ payload: c.payloadType, codec: c.name, rate: 8000 })),
          ...(dtmf === undefined ? [] : [{ payload: dtmf, codec: 'telephone-event', rate: 8000 }]),
        ],
        fmtp: dtmf === undefined ? [] : [{ payload: dtmf, config: '0-16' }],
        ptime: 20,
        direction: input.direction,
      },
    ],
  };
  return write(session);
}
