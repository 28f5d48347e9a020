import { type Cipher, createCipheriv } from 'node:crypto';

/**
 * The keystream of AES's counter modes (GCM's, and SRTP's AES-CM), from one
 * AES-128-ECB context per key. Node's CTR and GCM ciphers take their IV at
 * creation and cannot be given another, so a cipher a packet would mean a key
 * schedule and several native allocations a packet; this one encrypts the
 * counter blocks on a context that is never finalised.
 */
export class AesCounterStream {
  readonly #ecb: Cipher;
  #counters = Buffer.alloc(0);

  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new RangeError(`AES-128 needs a 16-byte key, got ${key.length}`);
    this.#ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

  /**
   * E(prefix || first), E(prefix || first + 1), … for `count` blocks: the
   * counter big-endian in the bytes the prefix leaves (2 to 4 of them).
   */
  blocks(prefix: Uint8Array, first: number, count: number): Buffer {
    const counterBytes = 16 - prefix.length;
    if (counterBytes < 2 || counterBytes > 4)
      throw new RangeError(`a counter prefix is 12 to 14 bytes, got ${prefix.length}`);
    if (this.#counters.length < count * 16) this.#counters = Buffer.alloc(count * 16);
    const counters = this.#counters;
    for (let b = 0; b < count; b++) {
      counters.set(prefix, b * 16);
      counters.writeUIntBE((first + b) % 2 ** (8 * counterBytes), b * 16 + prefix.length, counterBytes);
    }
    return this.#ecb.update(counters.subarray(0, count * 16));
  }
}
