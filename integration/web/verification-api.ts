/**
 * The verification API the CEC calls back (docs/vendor/verification-api.md):
 *
 *   POST /rest/cc-management/v1/thirdparty/thirdPartyValidate   (path configurable)
 *   {"access_token": "...", "tenantSpaceId": "...", "userAccount": "..."}
 *   → {"retCode": 0, "message": "validate success"} | {"retCode": n ≠ 0, "message": reason}
 *
 * The vendor requires HTTPS, brute-force and DoS protection of it. In front of
 * the decision (tokens/validate-bar-request.ts): an optional allow-list of the
 * CEC's addresses and a body limit. Then the token's signature is checked
 * (an HMAC: cheaper than any bookkeeping) before anything is counted, because
 * every caller is the CEC, which relays every browser's bar load: a budget per
 * address would be one budget for everyone, and junk from one anonymous page
 * kept every agent out (issue 14). So:
 * - a token with our signature is limited and locked out per account (its
 *   signed subject, never the claimed `userAccount`);
 * - junk (no token, a forged or malformed one) is limited per failing token and,
 *   when anyone may call, locked out per address; it never counts against an
 *   account, and never delays a signed token.
 */
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ipRestriction } from 'hono/ip-restriction';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { clientAddress } from '../security/client-address.ts';
import { ClockRateStore } from '../security/clock-rate-store.ts';
import type { LockState } from '../security/lockout.ts';
import { describeWait, type LockoutBook } from '../security/lockout-book.ts';
import type { BarTokenSettings } from '../tokens/bar-token.ts';
import { validateBarRequest } from '../tokens/validate-bar-request.ts';
import { type ValidateOutcome, validateCodes } from '../tokens/validate-codes.ts';
import type { AppEnv } from './app-env.ts';

export interface VerificationApiDeps {
  path: string;
  settings: BarTokenSettings;
  isActiveAccount(accountCode: string): boolean;
  consume(jti: string, expiresAt: number, now: number): boolean;
  /** The CEC's addresses or ranges; empty: anyone may call. */
  allowedClientIps: readonly string[];
  /** Checks of correctly signed tokens per account and minute. */
  perMinute: number;
  /** Presentations of one same failing junk token per minute. */
  junkPerTokenPerMinute?: number;
  accountLocks: LockoutBook;
  addressLocks: LockoutBook;
  clock: Clock;
  logger: Logger;
}

const MAX_BODY_BYTES = 4096;

function answer(c: Context, outcome: ValidateOutcome, status: 200 | 400 | 403 | 413 | 429 = 200) {
  return c.json(validateCodes[outcome], status);
}

/** A hit counter over one-minute windows. */
function perMinute(clock: Clock) {
  const store = new ClockRateStore(clock);
  store.init({ windowMs: 60_000 });
  return (key: string) => store.increment(key).totalHits;
}

/** A short fixed-size key for a token: junk can be 2 KiB, the counters hold many. */
const tokenKey = (token: string) => createHash('sha256').update(token).digest('base64url').slice(0, 22);

export function mountVerificationApi(app: Hono<AppEnv>, d: VerificationApiDeps): void {
  // With an allow-list every caller is the CEC: locking its address would lock everyone out.
  const countAddresses = d.allowedClientIps.length === 0;
  if (!countAddresses) {
    app.use(
      d.path,
      ipRestriction(getConnInfo, { allowList: [...d.allowedClientIps] }, (remote, c) => {
        d.logger.warn('verification API called from outside the allow-list', { address: remote.addr });
        return answer(c, 'not-allowed', 403);
      }),
    );
  }
  app.use(d.path, bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => answer(c, 'too-large', 413) }));
  const accountHits = perMinute(d.clock);
  const junkHits = perMinute(d.clock);
  const junkLimit = d.junkPerTokenPerMinute ?? 10;

  app.post(d.path, async (c) => {
    const address = clientAddress(c);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = undefined;
    }
    let wait = { locked: false } as LockState; // set by admit()
    const verdict = await validateBarRequest(body, {
      ...d,
      now: d.clock.now(),
      admit: (account) => {
        wait = d.accountLocks.check(account);
        if (wait.locked) return 'locked';
        return accountHits(account) > d.perMinute ? 'rate-limited' : undefined;
      },
    });
    if (verdict.ok) {
      d.accountLocks.succeed(verdict.accountCode);
      d.logger.info('bar token accepted', { userAccount: verdict.accountCode, jti: verdict.jti, address });
      return answer(c, 'ok');
    }
    const claimed = (body as { userAccount?: unknown } | undefined)?.userAccount;
    const userAccount = typeof claimed === 'string' ? claimed.slice(0, 100) : undefined;
    const { outcome, signedBy } = verdict;
    if (outcome === 'locked' || outcome === 'rate-limited') {
      d.logger.warn(`bar token refused: ${outcome}`, { userAccount: signedBy, address });
      if (wait.locked) c.header('Retry-After', String(Math.ceil(wait.retryAfterMs / 1000)));
      return answer(c, outcome, 429);
    }
    if (signedBy !== undefined) {
      // Our signature, refused on a claim (expired, another account, replayed…): the signer's failure.
      const after = d.accountLocks.fail(signedBy);
      d.logger.warn('bar token refused', {
        reason: outcome,
        userAccount,
        signedBy,
        jti: verdict.jti,
        address,
      });
      if (after.locked) {
        d.logger.warn('bar token checks locked', {
          userAccount: signedBy,
          for: describeWait(after.retryAfterMs),
        });
      }
      return answer(c, outcome);
    }
    // Junk: counted per failing token and per address, never against the account it names.
    const token = (body as { access_token?: unknown } | undefined)?.access_token;
    const repeated = typeof token === 'string' && junkHits(tokenKey(token)) > junkLimit;
    const addressLock = countAddresses ? d.addressLocks.check(address) : { locked: false as const };
    const after = countAddresses && !addressLock.locked ? d.addressLocks.fail(address) : addressLock;
    d.logger.warn('bar token refused', { reason: outcome, userAccount, address });
    if (addressLock.locked || repeated) {
      if (addressLock.locked) c.header('Retry-After', String(Math.ceil(addressLock.retryAfterMs / 1000)));
      return answer(c, addressLock.locked ? 'locked' : 'rate-limited', 429);
    }
    if (after.locked) {
      d.logger.warn('bar token checks locked', { address, for: describeWait(after.retryAfterMs) });
    }
    return answer(c, outcome, outcome === 'bad-request' ? 400 : 200);
  });
}
