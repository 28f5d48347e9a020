import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { HmacSha1Key } from './hmac-sha1-key.ts';

it("gives node:crypto's HMAC-SHA1 for any key and messages, reusing one keyed state", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 100 }),
      fc.array(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 3 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 20 }),
      (key, messages, length) => {
        const mac = new HmacSha1Key(key);
        for (const parts of messages) {
          const out = Buffer.alloc(length + 2);
          mac.sign(parts, out, 2, length);
          const expected = createHmac('sha1', key);
          for (const part of parts) expected.update(part);
          expect(out.subarray(2).toString('hex')).toBe(expected.digest().subarray(0, length).toString('hex'));
        }
      },
    ),
    { numRuns: 300 },
  );
});
