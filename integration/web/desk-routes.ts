/**
 * The agent desk and the two calls its script makes: a bar token for the
 * ccbarclient.js request, and the softphone's credentials. Both need a
 * session; neither is ever cached.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AccountStore } from '../accounts/account-store.ts';
import { sipServiceOf } from '../accounts/sync-accounts.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { type BarTokenSettings, issueBarToken } from '../tokens/bar-token.ts';
import type { Users } from '../users/users.ts';
import type { AppEnv } from './app-env.ts';
import { readCookie, SESSION } from './cookies.ts';
import { deskPage } from './pages.ts';
import type { SessionStore } from './session-store.ts';

export interface DeskDeps {
  users: Users;
  accounts: AccountStore;
  sessions: SessionStore;
  tokens: BarTokenSettings;
  contextPath: string;
  softphone: { wsUrl: string; sipDomain?: string };
  clock: Clock;
  logger: Logger;
}

/** What the session check needs. */
export type UserGuardDeps = Pick<DeskDeps, 'sessions' | 'users'>;

/** The signed-in user, or: a redirect to the login page (pages) / 401 (API calls). */
export function requireUser(d: UserGuardDeps, api: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const username = d.sessions.find(readCookie(c, SESSION));
    const user = username ? d.users.store.find(username) : undefined;
    if (!user) return api ? c.json({ error: 'Sign in first.' }, 401) : c.redirect('/login', 303);
    c.set('user', user);
    c.header('Cache-Control', 'no-store');
    return next();
  };
}

function noAgent(c: Context) {
  return c.json(
    {
      error:
        'Your agent account is unknown to the contact center or was removed. Ask an administrator to run a sync.',
    },
    409,
  );
}

export function mountDeskRoutes(app: Hono<AppEnv>, d: DeskDeps): void {
  app.get('/', (c) => c.redirect('/desk', 303));

  app.get('/desk', requireUser(d, false), (c) => {
    const user = c.get('user');
    return c.html(
      deskPage({
        nonce: c.get('secureHeadersNonce') ?? '',
        username: user.username,
        accountCode: user.accountCode,
        workNo: d.accounts.active(user.accountCode)?.workNo,
        contextPath: d.contextPath,
      }),
    );
  });

  // POST with a JSON body: a cross-site page cannot send that without a CORS preflight, which is never granted.
  app.post('/api/bar-token', requireUser(d, true), async (c) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ error: 'Send Content-Type: application/json.' }, 415);
    }
    const user = c.get('user');
    if (!d.accounts.active(user.accountCode)) return noAgent(c);
    const issued = await issueBarToken(d.tokens, user.accountCode, d.clock.now());
    d.logger.info('bar token issued', {
      username: user.username,
      accountCode: user.accountCode,
      jti: issued.jti,
    });
    // The three fields of the vendor's request, ready to send as they are (docs/vendor/ccbarclient.md).
    return c.json({
      access_token: issued.token,
      tenantSpaceId: d.tokens.tenantSpaceId,
      userAccount: user.accountCode,
    });
  });

  app.get('/api/softphone', requireUser(d, true), (c) => {
    const user = c.get('user');
    const account = d.accounts.active(user.accountCode);
    if (!account) return noAgent(c);
    if (account.sipPwd === undefined) {
      d.logger.error('softphone password cannot be opened; run a sync', { accountCode: account.accountCode });
      return c.json(
        { error: 'The softphone password is unavailable. Ask an administrator to run a sync.' },
        503,
      );
    }
    const domain =
      d.softphone.sipDomain ?? sipServiceOf(d.accounts)?.ip ?? new URL(d.softphone.wsUrl).hostname;
    return c.json({
      wsUrl: d.softphone.wsUrl,
      aor: `sip:${account.sipAccount}@${domain}`,
      authorizationUsername: account.sipAccount,
      authorizationPassword: account.sipPwd,
      displayName: user.username,
    });
  });
}
