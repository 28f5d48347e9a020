import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesGcmKey } from './aes-gcm-key.ts';

/** Node's (OpenSSL's) AES-128-GCM, one cipher a message: the reference. */
function nodeSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-gcm', key, iv).setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe('AesGcmKey', () => {
  it('passes the GCM specification test case 4 (McGrew and Viega, 60-byte text, 20-byte AAD)', () => {
    const key = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
    const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
    const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
    const plaintext = Buffer.from(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
      'hex',
    );
    const out = Buffer.alloc(plaintext.length + 16);
    new AesGcmKey(key).seal(iv, aad, plaintext, out, 0);
    expect(out.subarray(0, plaintext.length).toString('hex')).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
    );
    expect(out.subarray(plaintext.length).toString('hex')).toBe('5bc94fbc3221a5db94fae95ae7121a47');
  });

  it('seals what Node seals, for any key, IV, AAD and text, reusing one key for many messages', () => {
    fc.assert(
      fc.property(
        bytes(16),
        fc.array(fc.tuple(bytes(12), fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 300 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (key, messages) => {
          const gcm = new AesGcmKey(key);
          for (const [iv, aad, plaintext] of messages) {
            const out = Buffer.alloc(3 + plaintext.length + 16);
            gcm.seal(iv, aad, plaintext, out, 3);
            expect(out.subarray(3).toString('hex')).toBe(nodeSeal(key, iv, aad, plaintext).toString('hex'));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('opens what Node seals, and refuses it with any bit of text, AAD or tag changed', () => {
    fc.assert(
      fc.property(
        bytes(16),
        bytes(12),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.constantFrom('text', 'aad', 'tag'),
        (key, iv, aad, plaintext, bit, where) => {
          const sealed = nodeSeal(key, iv, aad, plaintext);
          const gcm = new AesGcmKey(key);
          const ciphertext = sealed.subarray(0, plaintext.length);
          const tag = sealed.subarray(plaintext.length);
          const out = Buffer.alloc(plaintext.length);
          expect(gcm.open(iv, aad, ciphertext, tag, out, 0)).toBe(true);
          expect(out).toEqual(Buffer.from(plaintext));

          const flip = (b: Uint8Array) => {
            const copy = Buffer.from(b);
            const at = bit % (copy.length * 8);
            copy[at >> 3]! ^= 1 << (at & 7);
            return copy;
          };
          const untouched = Buffer.alloc(plaintext.length, 0xaa);
          const refused =
            where === 'text'
              ? gcm.open(iv, aad, flip(ciphertext), tag, untouched, 0)
              : where === 'tag'
                ? gcm.open(iv, aad, ciphertext, flip(tag), untouched, 0)
                : aad.length > 0 && gcm.open(iv, flip(aad), ciphertext, tag, untouched, 0);
          expect(refused).toBe(false);
          expect(untouched.every((b) => b === 0xaa)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is opened by Node: what it seals, Node decrypts and authenticates', () => {
    const key = Buffer.alloc(16, 7);
    const iv = Buffer.alloc(12, 9);
    const aad = Buffer.from('80000001000000020000000a', 'hex');
    const plaintext = Buffer.alloc(160, 0x55);
    const out = Buffer.alloc(176);
    new AesGcmKey(key).seal(iv, aad, plaintext, out, 0);
    const decipher = createDecipheriv('aes-128-gcm', key, iv).setAAD(aad).setAuthTag(out.subarray(160));
    expect(Buffer.concat([decipher.update(out.subarray(0, 160)), decipher.final()])).toEqual(plaintext);
  });

  it('refuses keys and IVs of the wrong size with a RangeError', () => {
    expect(() => new AesGcmKey(new Uint8Array(32))).toThrow(RangeError);
    expect(() =>
      new AesGcmKey(new Uint8Array(16)).seal(
        new Uint8Array(16),
        new Uint8Array(),
        new Uint8Array(1),
        new Uint8Array(17),
        0,
      ),
    ).toThrow(RangeError);
  });
});
