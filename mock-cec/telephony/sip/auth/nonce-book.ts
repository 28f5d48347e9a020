import { OldestFirst } from '../../../infrastructure/primitives/oldest-first.ts';
import { HmacSha256 } from './nonce-mac.ts';

/**
 * Server nonces (RFC 7616 §3.3, §5.4): `<issued>.<serial>.<mac>`, where the
 * MAC is HMAC-SHA-256 (RFC 2104) of the rest under a per-simulator secret,
 * cut to 132 bits (22 base64url characters; RFC 2104 §5 allows truncating to
 * half the output and more). Its cost per REGISTER is decision record 006's,
 * guarded by bench/sip-hot-path.ts. A nonce
 * needs no memory until it is used: its age comes from `issued`, its
 * authenticity from the MAC. Once used, the book remembers the highest
 * nonce-count seen, so a replayed count is refused (RFC 7616 §3.4.5).
 *
 * Memory stays bounded under load: past `capacity` used nonces, the oldest is
 * forgotten and every nonce up to its serial becomes stale (the client simply
 * retries with a fresh one), so no replay can slip through a forgotten entry.
 */
export type NonceState = 'fresh' | 'stale' | 'invalid';
export type NonceUse = 'counted' | 'repeated' | 'replayed';

export interface NonceBookOptions {
  secret: Buffer;
  /** How long a nonce stays fresh (ms). */
  ttlMs: number;
  /** How many used nonces to remember (default 100,000). */
  capacity?: number;
}

export class NonceBook {
  readonly #hmac: HmacSha256;
  readonly #ttlMs: number;
  readonly #capacity: number;
  #serial = 0;
  /** The last issuing time, and its base-36 text. */
  #issuedAt = Number.NaN;
  #issuedAtText = '';
  /** Nonces with a serial up to this are stale: forgotten, or expired by a fault. */
  #staleUpTo = 0;
  /** Serial → highest nonce-count used, in order of first use. */
  readonly #counts = new Map<number, number>();
  readonly #oldest = new OldestFirst(this.#counts);
  /**
   * The nonces issued last, by serial modulo the ring's size: a nonce answered
   * within moments (nearly all, a round trip after its challenge) is known
   * ours by comparing it with the one we issued under its serial, which
   * spares computing its MAC again. Any other goes through the MAC.
   */
  readonly #recent: string[] = new Array<string>(RECENT).fill('');

  constructor(options: NonceBookOptions) {
    this.#hmac = new HmacSha256(options.secret);
    this.#ttlMs = options.ttlMs;
    this.#capacity = options.capacity ?? 100_000;
  }

  issue(now: number): string {
    // A time past 2**31 ms goes through V8's slow radix conversion: made once per millisecond, not per nonce.
    if (now !== this.#issuedAt) {
      this.#issuedAt = now;
      this.#issuedAtText = now.toString(36);
    }
    const serial = ++this.#serial;
    const body = `${this.#issuedAtText}.${serial.toString(36)}`;
    const nonce = `${body}.${this.#mac(body)}`;
    this.#recent[serial & (RECENT - 1)] = nonce;
    return nonce;
  }

  /** Whether a nonce is ours, and still fresh at `now`. */
  check(nonce: string, now: number): NonceState {
    const parts = splitNonce(nonce);
    if (!parts || !this.#ours(nonce, parts)) return 'invalid';
    if (now - parts.issued > this.#ttlMs || now < parts.issued - this.#ttlMs) return 'stale';
    if (parts.serial <= this.#staleUpTo && !this.#counts.has(parts.serial)) return 'stale';
    return 'fresh';
  }

  /**
   * Record a nonce-count for a fresh nonce whose digest was right: `counted`
   * when it is above the last one used with this nonce; `repeated` when it is
   * that very count (the request that used it, sent again, or a replay of it:
   * the caller tells which); `replayed` when below.
   */
  use(nonce: string, nc: number): NonceUse {
    const serial = splitNonce(nonce)?.serial ?? Number.NaN;
    const last = this.#counts.get(serial);
    if (last !== undefined && nc <= last) return nc === last ? 'repeated' : 'replayed';
    if (last === undefined && this.#counts.size >= this.#capacity) this.#forgetOldest();
    this.#counts.set(serial, nc);
    return 'counted';
  }

  /** Make every nonce issued so far stale (the `expire-nonces` fault). */
  expireAll(): void {
    this.#staleUpTo = this.#serial;
    this.#counts.clear();
  }

  get remembered(): number {
    return this.#counts.size;
  }

  #forgetOldest(): void {
    const oldest = this.#oldest.next();
    if (oldest === undefined) return;
    this.#counts.delete(oldest);
    this.#staleUpTo = Math.max(this.#staleUpTo, oldest);
  }

  /** Whether we issued `nonce`: the very text issued under its serial, or else a right MAC. */
  #ours(nonce: string, parts: { serial: number; mac: string; macAt: number }): boolean {
    const recent = parts.serial <= this.#serial ? this.#recent[parts.serial & (RECENT - 1)]! : '';
    if (sameMac(nonce, recent)) return true;
    return sameMac(parts.mac, this.#mac(nonce.slice(0, parts.macAt - 1)));
  }

  #mac(body: string): string {
    return this.#hmac.of(body).slice(0, 22);
  }
}

/** Nonces remembered as issued (a power of two): a few seconds' worth at the highest rates measured. */
const RECENT = 1 << 15;

/** `<issued>.<serial>.<mac>` → its parts, without an array of pieces; undefined when not three parts. */
function splitNonce(
  nonce: string,
): { issued: number; serial: number; mac: string; macAt: number } | undefined {
  const a = nonce.indexOf('.');
  const b = a < 0 ? -1 : nonce.indexOf('.', a + 1);
  if (b < 0 || nonce.indexOf('.', b + 1) >= 0) return undefined;
  return {
    issued: Number.parseInt(nonce.slice(0, a), 36),
    serial: Number.parseInt(nonce.slice(a + 1, b), 36),
    mac: nonce.slice(b + 1),
    macAt: b + 1,
  };
}

/** Constant-time comparison of two MACs (same work whatever the first difference). */
function sameMac(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}
