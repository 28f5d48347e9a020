/**
 * Sign-in and sign-out. The rules live elsewhere (users/, security/); this
 * file orders them: rate limit → CSRF → lockout → password → session.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { rateLimiter } from 'hono-rate-limiter';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { clientAddress } from '../security/client-address.ts';
import { ClockRateStore } from '../security/clock-rate-store.ts';
import { describeWait, type LockoutBook, strictest } from '../security/lockout-book.ts';
import type { Users } from '../users/users.ts';
import type { AppEnv } from './app-env.ts';
import { clearCookie, LOGIN_CSRF, readCookie, SESSION, sameToken, writeCookie } from './cookies.ts';
import { loginPage } from './pages.ts';
import type { SessionStore } from './session-store.ts';

export interface LoginDeps {
  users: Users;
  sessions: SessionStore;
  accountLocks: LockoutBook;
  addressLocks: LockoutBook;
  perMinute: number;
  clock: Clock;
  logger: Logger;
}

const WRONG = 'The user name or password is incorrect.';

/** Render the form with a fresh CSRF token in the field and the cookie. */
function showLogin(
  c: Context,
  status: 200 | 400 | 401 | 403 | 429,
  view: { username?: string; error?: string } = {},
) {
  const token = randomBytes(32).toString('base64url');
  writeCookie(c, LOGIN_CSRF, token, 3600);
  c.header('Cache-Control', 'no-store');
  return c.html(loginPage({ csrf: token, ...view }), status);
}

export function mountLoginRoutes(app: Hono<AppEnv>, d: LoginDeps): void {
  app.get('/login', (c) => showLogin(c, 200));

  app.post(
    '/login',
    // Origin / Sec-Fetch-Site check for form posts (hono/csrf), in front of the token check below.
    csrf(),
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: d.perMinute,
      keyGenerator: clientAddress,
      store: new ClockRateStore(d.clock),
      handler: (c) => {
        c.header('Retry-After', '60');
        return showLogin(c, 429, {
          error: 'Too many sign-in attempts from this address. Wait a minute and try again.',
        });
      },
    }),
    async (c) => {
      const form = await c.req.parseBody();
      if (!sameToken(readCookie(c, LOGIN_CSRF), form.csrf)) {
        return showLogin(c, 403, { error: 'The form had expired. Please sign in again.' });
      }
      const username = typeof form.username === 'string' ? form.username.trim().slice(0, 64) : '';
      const password = typeof form.password === 'string' ? form.password.slice(0, 128) : '';
      if (username === '' || password === '') {
        return showLogin(c, 400, { username, error: 'Enter your user name and password.' });
      }
      const address = clientAddress(c);
      const accountKey = username.toLowerCase();

      const lock = strictest(d.accountLocks.check(accountKey), d.addressLocks.check(address));
      if (lock.locked) {
        d.logger.warn('sign-in refused: locked', {
          username,
          address,
          retryAfter: describeWait(lock.retryAfterMs),
        });
        c.header('Retry-After', String(Math.ceil(lock.retryAfterMs / 1000)));
        return showLogin(c, 429, { username, error: lockedText(lock.retryAfterMs) });
      }

      const user = await d.users.authenticate(username, password);
      if (!user) {
        // Unknown names are counted too, so the lockout does not tell which names exist.
        const after = strictest(d.accountLocks.fail(accountKey), d.addressLocks.fail(address));
        d.logger.warn('sign-in failed', { username, address });
        if (after.locked) {
          d.logger.warn('sign-in locked', { username, address, for: describeWait(after.retryAfterMs) });
          c.header('Retry-After', String(Math.ceil(after.retryAfterMs / 1000)));
          return showLogin(c, 429, { username, error: lockedText(after.retryAfterMs) });
        }
        return showLogin(c, 401, { username, error: WRONG });
      }

      // The account's count restarts; the address's does not, or one valid login would reset a spraying address.
      d.accountLocks.succeed(accountKey);
      const old = readCookie(c, SESSION);
      d.sessions.destroy(old); // a fresh session id at every sign-in (no fixation)
      writeCookie(c, SESSION, d.sessions.create(user.username), d.sessions.ttlSec);
      clearCookie(c, LOGIN_CSRF);
      d.logger.info('signed in', { username: user.username, accountCode: user.accountCode, address });
      return c.redirect('/desk', 303);
    },
  );

  app.post('/logout', csrf(), (c) => {
    d.sessions.destroy(readCookie(c, SESSION));
    clearCookie(c, SESSION);
    return c.redirect('/login', 303);
  });
}

function lockedText(ms: number): string {
  return `Too many failed sign-ins. Sign-in is locked for ${describeWait(ms)}; try again after that.`;
}
