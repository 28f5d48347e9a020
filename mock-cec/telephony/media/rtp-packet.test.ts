import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRtp, parseRtp } from './rtp-packet.ts';

describe('buildRtp / parseRtp', () => {
  it('writes the 12-byte header of RFC 3550 §5.1', () => {
    const pkt = buildRtp(
      { payloadType: 8, sequenceNumber: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, marker: true },
      Uint8Array.from([0xd5, 0xd5]),
    );
    expect([...pkt]).toEqual([
      0x80, 0x88, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0xd5, 0xd5,
    ]);
  });

  it('round-trips any header fields and payload', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 200 }),
        (payloadType, sequenceNumber, timestamp, ssrc, marker, payload) => {
          // PT 72–76 with the marker set is RTCP's range (RFC 5761): not a valid RTP packet.
          fc.pre(!(marker && payloadType >= 72 && payloadType <= 76));
          const r = parseRtp(buildRtp({ payloadType, sequenceNumber, timestamp, ssrc, marker }, payload));
          expect(r).toEqual({
            ok: true,
            packet: { payloadType, sequenceNumber, timestamp, ssrc, marker, payload: Buffer.from(payload) },
          });
        },
      ),
    );
  });

  it('skips CSRCs, a header extension and padding', () => {
    const bytes = Uint8Array.from([
      0xb1,
      0x00,
      0,
      1,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      3, // V=2 P=1 X=1 CC=1, PCMU
      0xaa,
      0xbb,
      0xcc,
      0xdd, // CSRC
      0xbe,
      0xde,
      0x00,
      0x01,
      0x10,
      0x55,
      0x00,
      0x00, // one-word extension
      0x7f,
      0x7e, // payload
      0x00,
      0x00,
      0x03, // 3 bytes of padding
    ]);
    const r = parseRtp(bytes);
    expect(r.ok && [...r.packet.payload]).toEqual([0x7f, 0x7e]);
  });

  it('refuses short, wrong-version, RTCP and inconsistent datagrams without throwing', () => {
    expect(parseRtp(new Uint8Array(11))).toEqual({ ok: false, reason: 'short' });
    expect(parseRtp(new Uint8Array(12))).toEqual({ ok: false, reason: 'version' });
    const rtcp = Uint8Array.from([0x81, 200, 0, 6, ...new Array(24).fill(0)]);
    expect(parseRtp(rtcp)).toEqual({ ok: false, reason: 'rtcp' });
    const manyCsrc = Uint8Array.from([0x8f, 0, ...new Array(14).fill(0)]);
    expect(parseRtp(manyCsrc)).toEqual({ ok: false, reason: 'length' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(typeof parseRtp(bytes).ok).toBe('boolean');
      }),
    );
  });
});
