import type { ParseError } from './parse-error.ts';

/**
 * Cuts a byte stream (TCP) into SIP messages by Content-Length (RFC 3261
 * §18.3): several messages may arrive in one chunk, one message in several.
 * CRLFs between messages are skipped; a lone CRLFCRLF is the RFC 5626 §4.4.1
 * keep-alive ping, reported so the transport can answer the CRLF pong.
 * A stream that cannot be framed (no Content-Length, a header section or body
 * beyond the limits) cannot be resynchronised: the error tells the transport
 * to close the connection.
 */
export type Frame =
  | { readonly kind: 'message'; readonly bytes: Buffer }
  | { readonly kind: 'ping' }
  | { readonly kind: 'error'; readonly error: ParseError };

export interface FramerLimits {
  maxHeadBytes: number;
  maxBodyBytes: number;
}

const CRLF2 = Buffer.from('\r\n\r\n');

export class StreamFramer {
  #buf: Buffer = Buffer.alloc(0);
  #failed = false;

  constructor(private readonly limits: FramerLimits = { maxHeadBytes: 65_536, maxBodyBytes: 1_048_576 }) {}

  /** Feed a chunk; get every message it completes. After an error, nothing more. */
  push(chunk: Buffer): Frame[] {
    if (this.#failed) return [];
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      let start = 0;
      while (start < this.#buf.length && (this.#buf[start] === 0x0d || this.#buf[start] === 0x0a)) {
        if (this.#buf[start] === 0x0d && this.#buf.subarray(start, start + 4).equals(CRLF2)) {
          frames.push({ kind: 'ping' });
          start += 4;
        } else start++;
      }
      this.#buf = this.#buf.subarray(start);
      if (this.#buf.length === 0) break;
      const headEnd = this.#buf.indexOf(CRLF2);
      if (headEnd < 0) {
        if (this.#buf.length > this.limits.maxHeadBytes)
          return this.#fail(frames, 'too-large', 'header section too long');
        break;
      }
      if (headEnd > this.limits.maxHeadBytes)
        return this.#fail(frames, 'too-large', 'header section too long');
      const length = contentLength(this.#buf.toString('latin1', 0, headEnd));
      if (length === 'bad')
        return this.#fail(frames, 'bad-content-length', 'unreadable Content-Length on a stream');
      if (length === undefined)
        return this.#fail(
          frames,
          'bad-content-length',
          'Content-Length is mandatory on a stream (RFC 3261 §18.3)',
        );
      if (length > this.limits.maxBodyBytes)
        return this.#fail(frames, 'too-large', `body of ${length} bytes`);
      const total = headEnd + 4 + length;
      if (this.#buf.length < total) break;
      // Copy: the message outlives this buffer, which the next chunk replaces.
      frames.push({ kind: 'message', bytes: Buffer.from(this.#buf.subarray(0, total)) });
      this.#buf = this.#buf.subarray(total);
    }
    return frames;
  }

  /** Bytes held waiting for the rest of a message. */
  get pending(): number {
    return this.#buf.length;
  }

  #fail(frames: Frame[], code: ParseError['code'], detail: string): Frame[] {
    this.#failed = true;
    this.#buf = Buffer.alloc(0);
    frames.push({ kind: 'error', error: { code, detail } });
    return frames;
  }
}

/** The Content-Length of a header section (any case, compact `l`, folded or not). */
function contentLength(head: string): number | undefined | 'bad' {
  const m = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\S*)[ \t]*(?=\r\n|$)/i.exec(head);
  if (!m) return undefined;
  return /^\d{1,9}$/.test(m[1]!) ? Number(m[1]) : 'bad';
}
