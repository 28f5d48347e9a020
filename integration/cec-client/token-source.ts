import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { AccessToken } from './access-token.ts';
import { type CecResult, describeFailure, ok } from './cec-failure.ts';

/**
 * The one place that holds the CEC access token:
 *
 *   none ──get()──▶ fetching ──▶ fresh ──(renewAt)──▶ renewing in background ──▶ fresh
 *                                  │                          │
 *                                  └────(expiresAt)───────────┴──▶ none (next get() waits)
 *
 * - cached until shortly before it expires (`renewAt`, from CreateTime + Expires);
 * - one request in flight, however many callers ask at once (single flight);
 * - between `renewAt` and `expiresAt` callers get the current token at once
 *   while a new one is fetched, so no caller waits on a renewal;
 * - `refresh(stale)` after a 401 drops that token (unless a newer one already
 *   replaced it) and fetches a fresh one.
 */
export class TokenSource {
  #current: AccessToken | undefined;
  #inflight: Promise<CecResult<AccessToken>> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<CecResult<AccessToken>>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async get(): Promise<CecResult<AccessToken>> {
    const token = this.#current;
    const now = this.clock.now();
    if (token && now < token.renewAt) return ok(token);
    if (token && now < token.expiresAt) {
      // Still valid: hand it out and renew behind the caller's back. A failed renewal is only logged;
      // the next caller after expiry waits for (and sees) the next attempt.
      void this.#fetch().catch((err: unknown) =>
        this.logger.error('token renewal crashed', { error: String(err) }),
      );
      return ok(token);
    }
    this.#current = undefined;
    return this.#fetch();
  }

  /** The CEC refused `stale` (HTTP 401): get another one, sharing the fetch with concurrent callers. */
  refresh(stale: AccessToken): Promise<CecResult<AccessToken>> {
    if (this.#current === stale) this.#current = undefined;
    return this.get();
  }

  /** Forget the token (e.g. after the configuration changed). */
  clear(): void {
    this.#current = undefined;
  }

  #fetch(): Promise<CecResult<AccessToken>> {
    this.#inflight ??= this.fetchToken()
      .then((result) => {
        if (result.ok) this.#current = result.value;
        else this.logger.warn('no CEC access token', { reason: describeFailure(result.failure) });
        return result;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }
}
