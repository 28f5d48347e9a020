import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256, plainHmac } from './nonce-mac.ts';

describe('HmacSha256', () => {
  it('gives the bytes of node:crypto HMAC-SHA-256 for any key and any text', () => {
    fc.assert(
      fc.property(
        // Keys shorter than, as long as, and longer than SHA-256's 64-byte block (hashed first, RFC 2104 §2).
        fc.uint8Array({ minLength: 0, maxLength: 100 }),
        // Texts that fit the kept buffer, and longer ones (the plain path), in any characters (UTF-8).
        fc.oneof(fc.string({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string()),
        (key, text) => {
          const secret = Buffer.from(key);
          const mac = new HmacSha256(secret);
          expect(mac.of(text)).toBe(createHmac('sha256', secret).update(text).digest('base64url'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves nothing of one text in the next (the kept buffers are written over)', () => {
    const mac = new HmacSha256(Buffer.from('test-secret'));
    const texts = ['mh8x2k1.zz', 'a', '', 'mh8x2k1.zz', 'é€😀', 'x'.repeat(64), 'x'.repeat(65), 'b'];
    for (const text of texts) expect(mac.of(text)).toBe(plainHmac(Buffer.from('test-secret'), text));
  });

  it('matches RFC 4231 test case 2 (key "Jefe")', () => {
    const mac = new HmacSha256(Buffer.from('Jefe'));
    expect(Buffer.from(mac.of('what do ya want for nothing?'), 'base64url').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
