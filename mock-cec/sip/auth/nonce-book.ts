import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server nonces (RFC 7616 §3.3, §5.4): `<issued>.<serial>.<mac>`, where the
 * MAC is an HMAC-SHA256 over the rest with a per-simulator secret. A nonce
 * needs no memory until it is used: its age comes from `issued`, its
 * authenticity from the MAC. Once used, the book remembers the highest
 * nonce-count seen, so a replayed count is refused (RFC 7616 §3.4.5).
 *
 * Memory stays bounded under load: past `capacity` used nonces, the oldest is
 * forgotten and every nonce up to its serial becomes stale (the client simply
 * retries with a fresh one), so no replay can slip through a forgotten entry.
 */
export type NonceState = 'fresh' | 'stale' | 'invalid';

export interface NonceBookOptions {
  secret: Buffer;
  /** How long a nonce stays fresh (ms). */
  ttlMs: number;
  /** How many used nonces to remember (default 100,000). */
  capacity?: number;
}

export class NonceBook {
  readonly #secret: Buffer;
  readonly #ttlMs: number;
  readonly #capacity: number;
  #serial = 0;
  /** Nonces with a serial up to this are stale: forgotten, or expired by a fault. */
  #staleUpTo = 0;
  /** Serial → highest nonce-count used, in order of first use. */
  readonly #counts = new Map<number, number>();

  constructor(options: NonceBookOptions) {
    this.#secret = options.secret;
    this.#ttlMs = options.ttlMs;
    this.#capacity = options.capacity ?? 100_000;
  }

  issue(now: number): string {
    const body = `${now.toString(36)}.${(++this.#serial).toString(36)}`;
    return `${body}.${this.#mac(body)}`;
  }

  /** Whether a nonce is ours, and still fresh at `now`. */
  check(nonce: string, now: number): NonceState {
    const parts = nonce.split('.');
    if (parts.length !== 3) return 'invalid';
    const [issuedText, serialText, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.#mac(`${issuedText}.${serialText}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const issued = Number.parseInt(issuedText, 36);
    const serial = Number.parseInt(serialText, 36);
    if (now - issued > this.#ttlMs || now < issued - this.#ttlMs) return 'stale';
    if (serial <= this.#staleUpTo && !this.#counts.has(serial)) return 'stale';
    return 'fresh';
  }

  /**
   * Record a nonce-count for a fresh nonce whose digest was right. False when
   * the count is not above the last one used with this nonce: a replay.
   */
  use(nonce: string, nc: number): boolean {
    const serial = Number.parseInt(nonce.split('.')[1] ?? '', 36);
    const last = this.#counts.get(serial);
    if (last !== undefined && nc <= last) return false;
    if (last === undefined && this.#counts.size >= this.#capacity) this.#forgetOldest();
    this.#counts.set(serial, nc);
    return true;
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
    const oldest = this.#counts.keys().next();
    if (oldest.done) return;
    this.#counts.delete(oldest.value);
    this.#staleUpTo = Math.max(this.#staleUpTo, oldest.value);
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url').slice(0, 22);
  }
}
