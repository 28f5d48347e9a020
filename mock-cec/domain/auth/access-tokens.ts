/**
 * Access-token rules of TokenByAkSk (docs/vendor/authentication.md), pure: time comes in as
 * an argument, token text from the tenant's seeded generator.
 *
 * - There is no refresh token: clients ask again before `Expires` runs out. [doc]
 * - A new token leaves older unexpired ones valid unless the tenant says
 *   otherwise (`revokePreviousOnIssue`). [choice]
 * - At most `maxLive` tokens are kept per tenant; past that the oldest is
 *   forgotten, so a load test cannot grow memory without end. [choice]
 */

export interface AccessToken {
  token: string;
  appKey: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

export type TokenProblem =
  | 'missing' // no Authorization header
  | 'malformed' // not "Bearer <token>" with exactly one space
  | 'unknown' // never issued here (or another tenant's)
  | 'expired'
  | 'revoked'
  | 'app-key-mismatch'; // X-APP-Key is not the app the token was issued to

export type TokenCheck = { ok: true; token: AccessToken } | { ok: false; problem: TokenProblem };

export interface AccessTokenBookOptions {
  revokePreviousOnIssue: boolean;
  maxLive?: number;
}

export class AccessTokenBook {
  #live = new Map<string, AccessToken>();
  #revoked = new Set<string>();
  /**
   * Tokens in the order issued, a ring of `maxLive`: the token a new one
   * overwrites is the oldest, forgotten if still live. (Taking the Map's first
   * key instead scans the holes earlier deletes leave at its front: decision
   * record 006, invariant 7.)
   */
  readonly #order: (string | undefined)[];
  #next = 0;

  constructor(private readonly options: AccessTokenBookOptions) {
    this.#order = new Array(options.maxLive ?? 10_000);
  }

  issue(token: string, appKey: string, now: number, lifetimeSec: number): AccessToken {
    if (this.options.revokePreviousOnIssue) this.revokeAll(appKey);
    const issued: AccessToken = { token, appKey, createdAt: now, expiresAt: now + lifetimeSec * 1000 };
    const slot = this.#next++ % this.#order.length;
    const oldest = this.#order[slot];
    if (oldest !== undefined) this.#live.delete(oldest);
    this.#order[slot] = token;
    this.#live.set(token, issued);
    return issued;
  }

  /** Check an `Authorization` header value and the `X-APP-Key` that came with it. */
  check(authorization: string | undefined, appKey: string | undefined, now: number): TokenCheck {
    if (authorization === undefined || authorization === '') return { ok: false, problem: 'missing' };
    // The vendor's form is exactly "Bearer <token>" (one space). [doc]
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    if (!match) return { ok: false, problem: 'malformed' };
    const text = match[1]!;
    if (this.#revoked.has(text)) return { ok: false, problem: 'revoked' };
    const token = this.#live.get(text);
    if (!token) return { ok: false, problem: 'unknown' };
    if (now >= token.expiresAt) {
      this.#live.delete(text);
      return { ok: false, problem: 'expired' };
    }
    if (appKey !== token.appKey) return { ok: false, problem: 'app-key-mismatch' };
    return { ok: true, token };
  }

  revokeAll(appKey?: string): number {
    let n = 0;
    for (const [text, t] of this.#live) {
      if (appKey === undefined || t.appKey === appKey) {
        this.#live.delete(text);
        this.#revoked.add(text);
        n++;
      }
    }
    return n;
  }

  /** Make every live token expire at `now` (the "expire the token" fault). */
  expireAll(now: number): number {
    for (const t of this.#live.values()) t.expiresAt = Math.min(t.expiresAt, now);
    return this.#live.size;
  }

  get size(): number {
    return this.#live.size;
  }

  clear(): void {
    this.#live.clear();
    this.#revoked.clear();
    this.#order.fill(undefined);
    this.#next = 0;
  }
}
