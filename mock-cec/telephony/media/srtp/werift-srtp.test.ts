import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RtpHeader,
  SrtpAuthenticationError,
} from 'werift';
import { useSessionKeyedSrtp, weriftCipher, weriftSrtpContext } from './werift-srtp.ts';

const originals = useSessionKeyedSrtp();

const profiles = [
  { name: 'AEAD_AES_128_GCM', profile: ProtectionProfileAeadAes128Gcm, tag: 16, werift: originals.gcm },
  {
    name: 'AES_CM_128_HMAC_SHA1_80',
    profile: ProtectionProfileAes128CmHmacSha1_80,
    tag: 10,
    werift: originals.cm,
  },
];

const header = fc.record({
  sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.integer({ min: 0, max: 0xffffffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  payloadType: fc.constantFrom(0, 8, 101, 126),
  marker: fc.boolean(),
  csrc: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 3 }),
});
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe.each(profiles)("werift's SRTP ($name) with session-keyed ciphers", ({ profile, tag, werift }) => {
  const context = (key: Uint8Array, salt: Uint8Array) => weriftSrtpContext(profile, key, salt);

  it('is installed on the cipher werift makes for the profile, once', () => {
    const cipher = weriftCipher(profile, new Uint8Array(16), new Uint8Array(14));
    expect(cipher.encryptRtp).not.toBe(werift.encryptRtp);
    expect(cipher.decryptRtp).not.toBe(werift.decryptRtp);
    expect(useSessionKeyedSrtp()).toBe(originals);
  });

  it("writes werift's own bytes for any keys, header, payload and rollover counter, and reads them back", () => {
    fc.assert(
      fc.property(
        bytes(16),
        bytes(14),
        fc.array(
          fc.tuple(header, fc.uint8Array({ maxLength: 320 }), fc.integer({ min: 0, max: 0xffffffff })),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (key, salt, packets) => {
          const cipher = weriftCipher(profile, key, salt);
          for (const [fields, payload, roc] of packets) {
            const h = new RtpHeader({ ...fields, csrcLength: fields.csrc.length });
            const ours = cipher.encryptRtp(h, Buffer.from(payload), roc);
            const theirs = werift.encryptRtp.call(cipher, h, Buffer.from(payload), roc);
            expect(ours.toString('hex')).toBe(theirs.toString('hex'));

            const parsed = () => RtpHeader.deSerialize(ours.subarray(0, ours.length - tag));
            const [plain, read] = cipher.decryptRtp(ours, roc, parsed());
            const [theirPlain] = werift.decryptRtp.call(cipher, theirs, roc, parsed());
            expect(plain).toEqual(theirPlain);
            expect(plain.subarray(read.payloadOffset)).toEqual(Buffer.from(payload));
            expect(read.sequenceNumber).toBe(fields.sequenceNumber);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trips through an SRTP context across a sequence-number wrap, and refuses a changed packet or a wrong key', () => {
    const key = Buffer.alloc(16, 3);
    const salt = Buffer.alloc(14, 5);
    const sender = context(key, salt);
    const receiver = context(key, salt);
    for (const sequenceNumber of [0xfffe, 0xffff, 0, 1]) {
      const payload = Buffer.alloc(160, sequenceNumber & 0xff);
      const sent = sender.encryptRtp(
        payload,
        new RtpHeader({ sequenceNumber, ssrc: 42, payloadType: 0, timestamp: 8 }),
      );
      const [plain, h] = receiver.decryptRtp(sent);
      expect(plain.subarray(h.payloadOffset)).toEqual(payload);
    }
    const sent = sender.encryptRtp(
      Buffer.alloc(160, 1),
      new RtpHeader({ sequenceNumber: 2, ssrc: 42, payloadType: 0 }),
    );
    for (const at of [1, 20, sent.length - 1]) {
      const changed = Buffer.from(sent);
      changed[at]! ^= 1;
      expect(() => context(key, salt).decryptRtp(changed)).toThrow(SrtpAuthenticationError);
    }
    expect(() => context(Buffer.alloc(16, 4), salt).decryptRtp(sent)).toThrow(SrtpAuthenticationError);
  });

  it('reads the padding length of an authenticated padded packet, and refuses an impossible one', () => {
    const make = () => context(Buffer.alloc(16, 1), Buffer.alloc(14, 2));
    const padded = Buffer.concat([Buffer.alloc(157, 9), Buffer.from([0, 0, 3])]);
    const sent = make().encryptRtp(
      padded,
      new RtpHeader({ sequenceNumber: 7, ssrc: 1, payloadType: 8, padding: true }),
    );
    const [, h] = make().decryptRtp(sent);
    expect(h.paddingSize).toBe(3);

    const tooLong = Buffer.concat([Buffer.alloc(4), Buffer.from([200])]);
    const bad = make().encryptRtp(
      tooLong,
      new RtpHeader({ sequenceNumber: 8, ssrc: 1, payloadType: 8, padding: true }),
    );
    expect(() => make().decryptRtp(bad)).toThrow(SrtpAuthenticationError);
  });
});
