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
 * minute 5 to minute 10, one connection at a time, all else flat.
 *
 * This response hands a body bigger than `SLICE` to the socket in slices, each
 * once the last has drained, so a connection keeps at most a slice or two.
 * Writing them all at once would not do: the HTTP layer corks the socket and
 * hands TLS one combined write. Only `end(body)` is sliced: every answer here
 * is written that way (Hono's node server, the vendor fast path). The server
 * passes it as its `ServerResponse` class on TLS listeners; plain HTTP has no
 * such buffer.
 */
export class SlicedResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> {
  // The overloads of Writable.end: (cb?), (chunk, cb?), (chunk, encoding, cb?).
  override end(cb?: () => void): this;
  override end(chunk: unknown, cb?: () => void): this;
  override end(chunk: unknown, encoding: BufferEncoding, cb?: () => void): this;
  override end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    const body = bigBody(chunk, encoding);
    if (body === undefined || this.req?.method === 'HEAD')
      return super.end(chunk as string, encoding as BufferEncoding, cb as () => void);
    const done = (typeof encoding === 'function' ? encoding : cb) as (() => void) | undefined;
    // What Node's end(body) would have said, had it been given the body whole.
    if (!this.headersSent && !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding'))
      this.setHeader('content-length', body.length);
    void this.#endInSlices(body, done);
    return this;
  }

  async #endInSlices(body: Buffer, done: (() => void) | undefined): Promise<void> {
    for (let at = 0; at < body.length; at += SLICE) {
      if (this.destroyed) return;
      if (!this.write(body.subarray(at, at + SLICE)) && !(await drained(this))) return;
    }
    super.end(done);
  }
}

/** Bytes a TLS record carries at most (RFC 8446 §5.1): one slice is one record. */
export const SLICE = 16_384;

/** The body `end` was given, as bytes, when it is bigger than a slice; undefined otherwise (no copy made). */
function bigBody(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk instanceof Uint8Array)
    return chunk.byteLength > SLICE
      ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : undefined;
  // A character is at most 3 bytes of UTF-8 (4 for a pair of two): most answers are known small by their length.
  if (typeof chunk !== 'string' || chunk.length * 3 <= SLICE) return undefined;
  const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
  return Buffer.byteLength(chunk, enc) > SLICE ? Buffer.from(chunk, enc) : undefined;
}

/** Resolves true once `res` drains, false if it closes first (the client went: nothing more to write). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
