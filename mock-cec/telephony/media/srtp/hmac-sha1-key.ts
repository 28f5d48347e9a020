import { type HMAC, hmac } from '@noble/hashes/hmac';
import { sha1 } from '@noble/hashes/legacy';

/**
 * HMAC-SHA1 (RFC 2104) with the key's pads hashed once: each message starts
 * from a copy of the keyed state in one scratch object, so a packet's tag
 * allocates nothing. Node's HMAC cannot be reset or copied, so werift keys a
 * new one for every SRTP packet.
 */
export class HmacSha1Key {
  readonly #keyed: HMAC<ReturnType<typeof sha1.create>>;
  readonly #scratch: HMAC<ReturnType<typeof sha1.create>>;
  readonly #digest = new Uint8Array(20);

  constructor(key: Uint8Array) {
    this.#keyed = hmac.create(sha1, key);
    this.#scratch = this.#keyed.clone();
  }

  /** The MAC of `parts` in order; its first `length` bytes (at most 20) are written to `out` at `offset`. */
  sign(parts: readonly Uint8Array[], out: Uint8Array, offset: number, length: number): void {
    const mac = this.#keyed._cloneInto(this.#scratch);
    for (const part of parts) mac.update(part);
    mac.digestInto(this.#digest);
    out.set(this.#digest.subarray(0, length), offset);
  }
}
