import { type IncomingMessage, ServerResponse } from 'node:http';

/**
 * Node's TLS socket keeps, for as long as its connection lives, an
 * encrypted-output buffer as big as the largest single write it was ever
 * handed (its NodeBIO ring keeps its write head, which small writes never
 * fill again). One answer of 1 MB on a keep-alive connection so held 1 MB of
 * native memory until the connection closed. Under the soak (its calls
 * list, some 180 KB, asked every 5 s over a pool of 232 keep-alive
 * connections) these were the one allocation site heaptrack saw grow:
 * `NodeBIO::TryAllocateForWrite` under `SSL_write`, 13.4 → 23.8 MB live from
 * minute 5 to minute 10, one connection at a time, all else flat. Sliced,
 * malloc's part of the soak's growth went (docs/benchmarks.md).
 *
 * This response hands a body bigger than `SLICE` to the socket in slices, each
 * once the last was written, so a connection keeps at most a slice or two.
 * Writing them all at once would not do: the HTTP layer corks the socket and
 * hands TLS one combined write. Both ways an answer is written are sliced:
 * `end(body)` (Hono's node server for most answers, the vendor fast path) and
 * `write(chunk)` then `end()` (Hono's node server when middleware changed the
 * response, as the control API's does: the calls list went that way); what
 * is written meanwhile waits its turn, and a caller told `false` gets its
 * `drain`. The server passes it as its `ServerResponse` class on TLS
 * listeners; plain HTTP has no such buffer.
 */
export class SlicedResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> {
  /** Writes (and the end) held back, in the order given, while a big body goes out in slices. */
  #held: Held[] | undefined;
  /** A write was answered false while held: its caller waits for a drain. */
  #owed = false;

  override write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    const body = this.#held || this.req?.method === 'HEAD' ? undefined : bigBody(chunk, encoding);
    if (!this.#held && body === undefined)
      return super.write(chunk as string, encoding as BufferEncoding, cb as () => void);
    this.#hold({
      bytes: body ?? toBytes(chunk, encoding),
      done: callbackOf(chunk, encoding, cb),
      end: false,
    });
    this.#owed = true;
    return false;
  }

  // The overloads of Writable.end: (cb?), (chunk, cb?), (chunk, encoding, cb?).
  override end(cb?: () => void): this;
  override end(chunk: unknown, cb?: () => void): this;
  override end(chunk: unknown, encoding: BufferEncoding, cb?: () => void): this;
  override end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    if (this.#held) {
      this.#hold({ bytes: toBytes(chunk, encoding), done: callbackOf(chunk, encoding, cb), end: true });
      return this;
    }
    const body = this.req?.method === 'HEAD' ? undefined : bigBody(chunk, encoding);
    if (body === undefined) return super.end(chunk as string, encoding as BufferEncoding, cb as () => void);
    // What Node's end(body) would have said, had it been given the body whole.
    if (!this.headersSent && !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding'))
      this.setHeader('content-length', body.length);
    this.#hold({ bytes: body, done: callbackOf(chunk, encoding, cb), end: true });
    return this;
  }

  #hold(what: Held): void {
    if (this.#held) this.#held.push(what);
    else {
      this.#held = [what];
      void this.#release(this.#held);
    }
  }

  /** Write what is held, a slice at a time, each once the last was written. */
  async #release(held: Held[]): Promise<void> {
    for (let h = held.shift(); h !== undefined; h = held.shift()) {
      const bytes = h.bytes ?? EMPTY;
      // Waiting for each write, not for a drain: a write below the high-water mark says true at once, and
      // the next one would then join it in one write to TLS.
      for (let at = 0; at < bytes.length || (at === 0 && !h.end); at += SLICE) {
        if (this.destroyed || !(await written(this, (cb) => super.write(bytes.subarray(at, at + SLICE), cb))))
          return;
      }
      if (h.end) super.end(h.done);
      else h.done?.();
    }
    this.#held = undefined;
    if (this.#owed) {
      this.#owed = false;
      this.emit('drain');
    }
  }
}

/** A write or the end, held back: its bytes (none for an end without a body) and its callback. */
interface Held {
  bytes: Buffer | undefined;
  done: (() => void) | undefined;
  end: boolean;
}

/** The callback of a write or an end: the last function among (chunk, encoding, cb). */
function callbackOf(chunk: unknown, encoding: unknown, cb: unknown): (() => void) | undefined {
  const f = typeof chunk === 'function' ? chunk : typeof encoding === 'function' ? encoding : cb;
  return typeof f === 'function' ? (f as () => void) : undefined;
}

/** Bytes a TLS record carries at most (RFC 8446 §5.1): one slice is one record. */
export const SLICE = 16_384;

/** The body given, as bytes, when it is bigger than a slice; undefined otherwise (no copy made). */
function bigBody(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk instanceof Uint8Array) return chunk.byteLength > SLICE ? toBytes(chunk, encoding) : undefined;
  // A character is at most 3 bytes of UTF-8 (4 for a pair of two): most answers are known small by their length.
  if (typeof chunk !== 'string' || chunk.length * 3 <= SLICE) return undefined;
  const big =
    Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') > SLICE;
  return big ? toBytes(chunk, encoding) : undefined;
}

/** The body given, as bytes (a view of a Uint8Array); undefined for none or a callback. */
function toBytes(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk !== 'string') return undefined;
  return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

const EMPTY = Buffer.alloc(0);

/**
 * Resolves true once `write` (given a callback) has been written to the
 * connection, false if the response closes first (the client went: nothing
 * more to write; a write on a closed connection never calls back).
 */
function written(
  res: ServerResponse,
  write: (cb: (err?: Error | null) => void) => unknown,
): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      res.off('close', onClose);
      resolve(ok);
    };
    const onClose = () => settle(false);
    res.on('close', onClose);
    write((err) => settle(!err));
  });
}
