/**
 * A fixed arena of bytes written round and round: what a busy server keeps
 * for a few seconds (the messages of its journal, the answers it may have to
 * send again) goes here as copies, instead of staying alive as thousands of
 * Buffer objects. Objects that live for seconds are the garbage collector's
 * worst case: they outlive the young generation and die in the old one. A
 * copy into one preallocated buffer leaves nothing for it to do.
 *
 * Positions are absolute (bytes ever written), so a reader can tell whether
 * what it kept a position of has been written over since.
 */
export class ByteRing {
  readonly #buf: Buffer;
  /** Absolute position of the next write. */
  #end = 0;

  constructor(readonly size: number) {
    this.#buf = Buffer.allocUnsafeSlow(size);
  }

  /** Bytes of the arena written at least once: the memory it takes (its pages are not touched before). */
  get used(): number {
    return Math.min(this.#end, this.size);
  }

  /** Absolute position of the oldest byte still intact. */
  get oldest(): number {
    return Math.max(0, this.#end - this.size);
  }

  /**
   * Where `length` bytes would start if written now: a message is kept in one
   * piece, so one that does not fit before the end of the arena starts over
   * at its beginning (the tail left unused counts as written).
   */
  startFor(length: number): number {
    const offset = this.#end % this.size;
    return offset + length <= this.size ? this.#end : this.#end + (this.size - offset);
  }

  /** Copy `bytes` in; returns their absolute position. Longer than the arena: a bug. */
  write(bytes: Uint8Array): number {
    if (bytes.length > this.size)
      throw new RangeError(`${bytes.length} bytes do not fit a ${this.size}-byte ring`);
    const at = this.startFor(bytes.length);
    this.#buf.set(bytes, at % this.size);
    this.#end = at + bytes.length;
    return at;
  }

  /**
   * Copy `text` in as UTF-8, `length` bytes (its `Buffer.byteLength`, which the
   * caller has measured to choose whether to write it at all); returns their
   * absolute position. Encoded straight into the arena: no Buffer on the way.
   */
  writeText(text: string, length: number): number {
    if (length > this.size) throw new RangeError(`${length} bytes do not fit a ${this.size}-byte ring`);
    const at = this.startFor(length);
    this.#buf.write(text, at % this.size, length, 'utf8');
    this.#end = at + length;
    return at;
  }

  /** The UTF-8 text written at `at`, if not written over since. */
  readText(at: number, length: number): string | undefined {
    if (at < this.oldest || at + length > this.#end) return undefined;
    const offset = at % this.size;
    return this.#buf.toString('utf8', offset, offset + length);
  }

  /** The bytes written at `at`, if not written over since (a view: copy it to keep it). */
  read(at: number, length: number): Buffer | undefined {
    if (at < this.oldest || at + length > this.#end) return undefined;
    const offset = at % this.size;
    return this.#buf.subarray(offset, offset + length);
  }
}
