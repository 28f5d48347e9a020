/**
 * The verification API the CEC calls back (vendor-api.md §3):
 *
 *   POST /rest/cc-management/v1/thirdparty/thirdPartyValidate   (path configurable)
 *   {"access_token": "...", "tenantSpaceId": "...", "userAccount": "..."}
 *   → {"retCode": 0, "message": "validate success"} | {"retCode": n ≠ 0, "message": reason}
 *
 * The vendor requires HTTPS, brute-force and DoS protection of it. In front of
 * the decision (tokens/validate-bar-request.ts): an optional allow-list of the
 * CEC's addresses, a rate limit per client, a body limit, and a Keycloak-style
 * lockout for repeated bad tokens, per claimed account and per address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ipRestriction } from 'hono/ip-restriction';
import { rateLimiter } from 'hono-rate-limiter';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { clientAddress } from '../security/client-address.ts';
import { ClockRateStore } from '../security/clock-rate-store.ts';
import type { LockState } from '../security/lockout.ts';
import { describeWait, type LockoutBook, strictest } from '../security/lockout-book.ts';
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
  perMinute: number;
  accountLocks: LockoutBook;
  addressLocks: LockoutBook;
  clock: Clock;
  logger: Logger;
}

const MAX_BODY_BYTES = 4096;
const open: LockState = { locked: false };

function answer(c: Context, outcome: ValidateOutcome, status: 200 | 400 | 403 | 413 | 429 = 200) {
  return c.json(validateCodes[outcome], status);
}

export function mountVerificationApi(app: Hono<AppEnv>, d: VerificationApiDeps): void {
  // With an allow-list every caller is the CEC, which relays every browser's bar load: counting failures
  // per address would let one browser lock everyone out, so only the claimed account is counted then.
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
  app.use(
    d.path,
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: d.perMinute,
      keyGenerator: clientAddress,
      store: new ClockRateStore(d.clock),
      handler: (c) => answer(c, 'rate-limited', 429),
    }),
  );
  app.use(d.path, bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => answer(c, 'too-large', 413) }));

  app.post(d.path, async (c) => {
    const address = clientAddress(c);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = undefined;
    }
    const claimed = (body as { userAccount?: unknown } | undefined)?.userAccount;
    const account = typeof claimed === 'string' && claimed !== '' ? claimed.slice(0, 100) : undefined;
    const addressKey = countAddresses ? address : undefined;

    const lock = strictest(
      account ? d.accountLocks.check(account) : open,
      addressKey ? d.addressLocks.check(addressKey) : open,
    );
    if (lock.locked) {
      d.logger.warn('bar token refused: locked', {
        userAccount: account,
        address,
        retryAfter: describeWait(lock.retryAfterMs),
      });
      c.header('Retry-After', String(Math.ceil(lock.retryAfterMs / 1000)));
      return answer(c, 'locked', 429);
    }

    const verdict = await validateBarRequest(body, { ...d, now: d.clock.now() });
    if (verdict.ok) {
      d.accountLocks.succeed(verdict.accountCode);
      d.logger.info('bar token accepted', { userAccount: verdict.accountCode, jti: verdict.jti, address });
      return answer(c, 'ok');
    }
    const after = strictest(
      account ? d.accountLocks.fail(account) : open,
      addressKey ? d.addressLocks.fail(addressKey) : open,
    );
    d.logger.warn('bar token refused', {
      reason: verdict.outcome,
      userAccount: account,
      jti: verdict.jti,
      address,
    });
    if (after.locked) {
      d.logger.warn('bar token checks locked', {
        userAccount: account,
        address,
        for: describeWait(after.retryAfterMs),
      });
    }
    return answer(c, verdict.outcome, verdict.outcome === 'bad-request' ? 400 : 200);
  });
}
