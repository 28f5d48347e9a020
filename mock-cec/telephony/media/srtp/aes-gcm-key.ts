import { timingSafeEqual } from 'node:crypto';
import { AesCounterStream } from './aes-counter-stream.ts';

/**
 * AES-128-GCM (NIST SP 800-38D) with the key schedule made once per key, for
 * SRTP's thousands of short packets a second per call.
 *
 * Why by hand: Node's GCM cipher takes its IV at creation and cannot be given
 * another, so werift makes a new one for every packet: about ten native
 * allocations a packet (47 % of the media thread's, measured with heaptrack),
 * freed only when V8 collects the wrapper, and they fragment the thread's
 * malloc arena. @noble/ciphers rebuilds its GHASH tables for every message.
 * Here one AES context per key makes the keystream (AesCounterStream: native
 * AES, one output buffer a packet) and GHASH runs in JavaScript over an 8-bit
 * table of the hash key (Shoup's method; mbed TLS's gcm.c does it by nibbles).
 */
export class AesGcmKey {
  static readonly TAG_BYTES = 16;
  static readonly IV_BYTES = 12;

  readonly #aes: AesCounterStream;
  /** H·b for b in 0..255, four big-endian 32-bit words each (word 0 the most significant): 4 KB a key. */
  readonly #table = new Int32Array(256 * 4);
  /** The running GHASH state, four words. */
  readonly #y = new Int32Array(4);
  /** The tag an opened packet must carry. */
  readonly #expected = Buffer.alloc(AesGcmKey.TAG_BYTES);

  constructor(key: Uint8Array) {
    this.#aes = new AesCounterStream(key);
    this.#makeTable(this.#aes.blocks(new Uint8Array(12), 0, 1)); // H = E(0^128)
  }

  /** Encrypts `plaintext` into `out` at `offset`, followed by the 16-byte tag. */
  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, offset: number): void {
    const stream = this.#keystream(iv, plaintext.length);
    for (let i = 0; i < plaintext.length; i++) out[offset + i] = plaintext[i]! ^ stream[16 + i]!;
    const ciphertext = out.subarray(offset, offset + plaintext.length);
    this.#tag(aad, ciphertext, stream, out, offset + plaintext.length);
  }

  /**
   * Decrypts `ciphertext` (without its tag) into `out` at `offset` when `tag`
   * authenticates it with `aad`; false (and `out` untouched) when it does not.
   */
  open(
    iv: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    out: Uint8Array,
    offset: number,
  ): boolean {
    if (tag.length !== AesGcmKey.TAG_BYTES) return false;
    const stream = this.#keystream(iv, ciphertext.length);
    this.#tag(aad, ciphertext, stream, this.#expected, 0);
    if (!timingSafeEqual(this.#expected, tag)) return false;
    for (let i = 0; i < ciphertext.length; i++) out[offset + i] = ciphertext[i]! ^ stream[16 + i]!;
    return true;
  }

  /** E(J0) then the keystream for `length` bytes (SP 800-38D §7.1, a 96-bit IV). */
  #keystream(iv: Uint8Array, length: number): Buffer {
    if (iv.length !== AesGcmKey.IV_BYTES)
      throw new RangeError(`AES-GCM here takes a 12-byte IV, got ${iv.length}`);
    // J0 ends in 1; the payload's blocks count on from 2.
    return this.#aes.blocks(iv, 1, 1 + Math.ceil(length / 16));
  }

  /** The tag: GHASH(aad, ciphertext, lengths) xor E(J0), written to `out` at `offset`. */
  #tag(aad: Uint8Array, ciphertext: Uint8Array, stream: Buffer, out: Uint8Array, offset: number): void {
    const y = this.#y;
    y.fill(0);
    this.#absorb(aad);
    this.#absorb(ciphertext);
    // The lengths block: bit lengths of the AAD and the ciphertext, 64 bits each (both under 2^32 here).
    this.#mix(0, aad.length * 8, 0, ciphertext.length * 8);
    for (let w = 0; w < 4; w++) {
      const word = y[w]!;
      const at = offset + w * 4;
      out[at] = (word >>> 24) ^ stream[w * 4]!;
      out[at + 1] = ((word >>> 16) & 0xff) ^ stream[w * 4 + 1]!;
      out[at + 2] = ((word >>> 8) & 0xff) ^ stream[w * 4 + 2]!;
      out[at + 3] = (word & 0xff) ^ stream[w * 4 + 3]!;
    }
  }

  /** Feeds `data` to GHASH in 16-byte blocks, the last one zero-padded. */
  #absorb(data: Uint8Array): void {
    for (let at = 0; at < data.length; at += 16) {
      this.#mix(word(data, at), word(data, at + 4), word(data, at + 8), word(data, at + 12));
    }
  }

  /** Y = (Y xor X) · H, X given as four words. */
  #mix(x0: number, x1: number, x2: number, x3: number): void {
    const y = this.#y;
    const t = this.#table;
    x0 ^= y[0]!;
    x1 ^= y[1]!;
    x2 ^= y[2]!;
    x3 ^= y[3]!;
    // From the last byte to the first: shift Z right by 8 (reducing), then add H·byte.
    let e = (x3 & 0xff) * 4;
    let z0 = t[e]!;
    let z1 = t[e + 1]!;
    let z2 = t[e + 2]!;
    let z3 = t[e + 3]!;
    for (let n = 14; n >= 0; n--) {
      const w = n < 4 ? x0 : n < 8 ? x1 : n < 12 ? x2 : x3;
      const rem = z3 & 0xff;
      z3 = (z3 >>> 8) | (z2 << 24);
      z2 = (z2 >>> 8) | (z1 << 24);
      z1 = (z1 >>> 8) | (z0 << 24);
      z0 = (z0 >>> 8) ^ REDUCE8[rem]!;
      e = ((w >>> ((3 - (n & 3)) * 8)) & 0xff) * 4;
      z0 ^= t[e]!;
      z1 ^= t[e + 1]!;
      z2 ^= t[e + 2]!;
      z3 ^= t[e + 3]!;
    }
    y[0] = z0;
    y[1] = z1;
    y[2] = z2;
    y[3] = z3;
  }

  /** H·b for every byte b, where bit 0 of a byte is its most significant (GCM's bit order). */
  #makeTable(h: Buffer): void {
    const t = this.#table;
    let v = [h.readInt32BE(0), h.readInt32BE(4), h.readInt32BE(8), h.readInt32BE(12)];
    for (let i = 128; i > 0; i >>>= 1) {
      t.set(v, i * 4);
      v = timesX(v);
    }
    for (let i = 2; i <= 128; i *= 2) {
      for (let j = 1; j < i; j++) {
        for (let w = 0; w < 4; w++) t[(i + j) * 4 + w] = t[i * 4 + w]! ^ t[j * 4 + w]!;
      }
    }
  }
}

/** V · x in GF(2^128): shift right by one, reducing by R = 0xe1 || 0^120 when a bit falls off. */
function timesX([v0, v1, v2, v3]: number[]): number[] {
  const carry = v3! & 1;
  return [
    (v0! >>> 1) ^ (carry ? 0xe1000000 | 0 : 0),
    (v1! >>> 1) | (v0! << 31),
    (v2! >>> 1) | (v1! << 31),
    (v3! >>> 1) | (v2! << 31),
  ];
}

/** What shifting a byte r out of Z by eight steps of timesX adds to Z's first word. */
const REDUCE8 = Int32Array.from({ length: 256 }, (_, r) => {
  let v = [0, 0, 0, r];
  for (let i = 0; i < 8; i++) v = timesX(v);
  return v[0]!;
});

/** Four bytes from `at` as a big-endian word, zeros past the end. */
function word(data: Uint8Array, at: number): number {
  return (
    ((data[at] ?? 0) << 24) | ((data[at + 1] ?? 0) << 16) | ((data[at + 2] ?? 0) << 8) | (data[at + 3] ?? 0)
  );
}
