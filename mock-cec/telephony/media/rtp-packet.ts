/**
 * RTP packets for the plain RTP/AVP engine (RFC 3550 §5.1).
 *
 * Hand-written: the fixed header is 12 bytes, and a datagram from a desktop
 * softphone is untrusted input. werift's RtpPacket.deSerialize throws a
 * RangeError on a short datagram and misreads CSRC lists, and we need a parser
 * that returns a typed result instead (the WebRTC engine, whose packets werift
 * has already authenticated with SRTP, does use werift's classes).
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *     |                           timestamp                           |
 *     |           synchronization source (SSRC) identifier            |
 *     |            contributing source (CSRC) identifiers × CC        |
 */

export interface RtpHeaderFields {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker?: boolean;
}

export interface RtpPacketView extends RtpHeaderFields {
  marker: boolean;
  payload: Uint8Array;
}

export type RtpParseResult =
  | { ok: true; packet: RtpPacketView }
  | { ok: false; reason: 'short' | 'version' | 'rtcp' | 'length' };

const FIXED_HEADER = 12;

export function buildRtp(fields: RtpHeaderFields, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FIXED_HEADER + payload.length);
  out[0] = 0x80; // V=2, no padding, no extension, CC=0
  out[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  out.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(fields.timestamp >>> 0, 4);
  out.writeUInt32BE(fields.ssrc >>> 0, 8);
  out.set(payload, FIXED_HEADER);
  return out;
}

export function parseRtp(data: Uint8Array): RtpParseResult {
  if (data.length < FIXED_HEADER) return { ok: false, reason: 'short' };
  const b0 = data[0]!;
  const b1 = data[1]!;
  if (b0 >> 6 !== 2) return { ok: false, reason: 'version' };
  // RFC 5761 §4: RTCP packet types 200–204 land on PT 72–76 with the marker bit set.
  if (b1 >= 200 && b1 <= 204) return { ok: false, reason: 'rtcp' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let start = FIXED_HEADER + (b0 & 0x0f) * 4;
  // §5.3.1: a header extension is a 4-byte header plus `length` 32-bit words.
  if (b0 & 0x10) {
    if (start + 4 > data.length) return { ok: false, reason: 'length' };
    start += 4 + view.getUint16(start + 2) * 4;
  }
  let end = data.length;
  // §5.1: with P set, the last octet counts the padding octets, itself included.
  if (b0 & 0x20) end -= data[data.length - 1]!;
  if (start > end) return { ok: false, reason: 'length' };
  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: view.getUint16(2),
      timestamp: view.getUint32(4),
      ssrc: view.getUint32(8),
      payload: data.subarray(start, end),
    },
  };
}
