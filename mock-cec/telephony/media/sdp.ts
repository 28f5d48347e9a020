import { parse } from 'sdp-transform';
import { G711_CODECS, type G711Codec } from './codec.ts';
import type { MediaFlavour } from './media-engine.ts';

/**
 * What the media engines need from an SDP offer or answer (RFC 4566, RFC 3264):
 * the first live audio stream, its transport profile (which picks the flavour),
 * its codecs, its connection address and port, and its direction. Parsing is
 * sdp-transform's; this module only reads the result.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpCodec {
  payloadType: number;
  /** Encoding name as written (case kept), e.g. "PCMU", "opus", "telephone-event". */
  name: string;
  clockRate: number;
}

export interface AudioDescription {
  flavour: MediaFlavour;
  protocol: string;
  /** c= of the media section, else of the session; undefined if neither. */
  address: string | undefined;
  port: number;
  /** In the m= line's order, which is the sender's preference (RFC 3264 §5.1). */
  codecs: SdpCodec[];
  telephoneEvent: number | undefined;
  direction: MediaDirection;
}

export type SdpProblem = {
  code: 'unparseable' | 'no-audio' | 'unsupported-protocol' | 'no-common-codec';
  message: string;
};

export type SdpResult<T> = { ok: true; value: T } | { ok: false; problem: SdpProblem };

/** Transport profiles and the flavour that handles them. */
const FLAVOUR_BY_PROTOCOL: Record<string, MediaFlavour> = {
  'UDP/TLS/RTP/SAVPF': 'webrtc', // RFC 5764 §8, what browsers send
  'UDP/TLS/RTP/SAVP': 'webrtc',
  'RTP/AVP': 'rtp', // RFC 3551, desktop softphones
  'RTP/AVPF': 'rtp',
};

/** RFC 3551 §6: static audio payload types that may come without a=rtpmap. */
const STATIC_AUDIO: Record<number, Omit<SdpCodec, 'payloadType'>> = {
  0: { name: 'PCMU', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
};

export function readAudio(sdp: string): SdpResult<AudioDescription> {
  if (!/^v=0\r?$/m.test(sdp)) return problem('unparseable', 'not an SDP body: no "v=0" line');
  const session = parse(sdp);
  const media = session.media.find((m) => m.type === 'audio' && m.port !== 0);
  if (!media) return problem('no-audio', 'the SDP has no live audio stream (m=audio with a port)');
  const flavour = FLAVOUR_BY_PROTOCOL[media.protocol];
  if (!flavour) {
    return problem(
      'unsupported-protocol',
      `audio transport "${media.protocol}" is not supported: use RTP/AVP (plain RTP) or UDP/TLS/RTP/SAVPF (WebRTC)`,
    );
  }
  const payloadTypes = String(media.payloads ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter(Number.isInteger);
  const codecs = payloadTypes.flatMap((payloadType): SdpCodec[] => {
    const mapped = media.rtp.find((r) => r.payload === payloadType);
    if (mapped) return [{ payloadType, name: mapped.codec, clockRate: mapped.rate ?? 8000 }];
    const known = STATIC_AUDIO[payloadType];
    return known ? [{ payloadType, ...known }] : [];
  });
  const telephoneEvent = codecs.find(
    (c) => c.name.toLowerCase() === 'telephone-event' && c.clockRate === 8000,
  );
  const address = media.connection?.ip ?? session.connection?.ip;
  return {
    ok: true,
    value: {
      flavour,
      protocol: media.protocol,
      address,
      port: media.port,
      codecs,
      telephoneEvent: telephoneEvent?.payloadType,
      direction: media.direction ?? session.direction ?? 'sendrecv',
    },
  };
}

/** The G.711 codecs of a description that we support, in the description's order. */
export function g711Of(audio: AudioDescription): G711Codec[] {
  return audio.codecs.flatMap((c) => {
    const ours = G711_CODECS.find((g) => g.name === c.name.toUpperCase() && c.clockRate === 8000);
    return ours ? [{ ...ours, payloadType: c.payloadType }] : [];
  });
}

/** Read an offer and check that we can answer it: live audio, a known profile, G.711 among the codecs. */
export function inspectOffer(sdp: string): SdpResult<AudioDescription & { g711: G711Codec[] }> {
  const read = readAudio(sdp);
  if (!read.ok) return read;
  const g711 = g711Of(read.value);
  if (g711.length === 0) {
    const offered = read.value.codecs.map((c) => c.name).join(', ') || 'none';
    return problem('no-common-codec', `no G.711 codec (PCMU or PCMA) in the offer (offered: ${offered})`);
  }
  return { ok: true, value: { ...read.value, g711 } };
}

/** RFC 3264 §6.1: the direction an answer gives to an offered stream. */
export function answerDirection(offered: MediaDirection): MediaDirection {
  if (offered === 'sendonly') return 'recvonly';
  if (offered === 'recvonly') return 'sendonly';
  return offered;
}

function problem(code: SdpProblem['code'], message: string): { ok: false; problem: SdpProblem } {
  return { ok: false, problem: { code, message } };
}
