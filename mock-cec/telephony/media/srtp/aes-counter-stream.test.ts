import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { AesCounterStream } from './aes-counter-stream.ts';

it("is Node's AES-128-CTR keystream for a 14-byte prefix and a 16-bit counter from 0 (SRTP's AES-CM)", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.array(fc.tuple(fc.uint8Array({ minLength: 14, maxLength: 14 }), fc.integer({ min: 1, max: 40 })), {
        minLength: 1,
        maxLength: 4,
      }),
      (key, messages) => {
        const stream = new AesCounterStream(key);
        for (const [prefix, count] of messages) {
          const iv = Buffer.concat([prefix, Buffer.alloc(2)]);
          const expected = createCipheriv('aes-128-ctr', key, iv).update(Buffer.alloc(count * 16));
          expect(stream.blocks(prefix, 0, count).toString('hex')).toBe(expected.toString('hex'));
        }
      },
    ),
    { numRuns: 200 },
  );
});

it('wraps a counter within its bytes, and refuses a key or prefix of the wrong size', () => {
  const key = Buffer.alloc(16, 1);
  const stream = new AesCounterStream(key);
  const prefix = Buffer.alloc(14, 2);
  const ecb = (block: Buffer) => createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
  expect(stream.blocks(prefix, 0xffff, 2)).toEqual(
    Buffer.concat([
      ecb(Buffer.concat([prefix, Buffer.from([0xff, 0xff])])),
      ecb(Buffer.concat([prefix, Buffer.alloc(2)])),
    ]),
  );
  expect(() => new AesCounterStream(Buffer.alloc(24))).toThrow(RangeError);
  expect(() => stream.blocks(Buffer.alloc(11), 0, 1)).toThrow(RangeError);
  expect(() => stream.blocks(Buffer.alloc(15), 0, 1)).toThrow(RangeError);
});
