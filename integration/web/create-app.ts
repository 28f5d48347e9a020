import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { AccountStore } from '../accounts/account-store.ts';
import type { CecResult } from '../cec-client/cec-failure.ts';
import type { CallInfo, CallInfoQuery } from '../cec-client/query-call-info.ts';
import type { Config } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { CallLog } from '../crm/call-log.ts';
import type { CustomerStore } from '../crm/customers.ts';
import { lockoutPolicy } from '../security/lockout.ts';
import { LockoutBook } from '../security/lockout-book.ts';
import type { BarTokenSettings } from '../tokens/bar-token.ts';
import type { ReplayGuard } from '../tokens/replay-guard.ts';
import type { Users } from '../users/users.ts';
import type { AppEnv } from './app-env.ts';
import { mountCrmRoutes } from './crm-routes.ts';
import { mountDeskRoutes } from './desk-routes.ts';
import { httpsOnly } from './https-only.ts';
import { mountLoginRoutes } from './login-routes.ts';
import type { PageAssets } from './page-assets.ts';
import { securityHeaders } from './security-headers.ts';
import type { SessionStore } from './session-store.ts';
import { mountVerificationApi } from './verification-api.ts';

export interface AppDeps {
  config: Config;
  users: Users;
  accounts: AccountStore;
  sessions: SessionStore;
  replay: ReplayGuard;
  customers: CustomerStore;
  callLog: CallLog;
  /** The CEC's call information for the screen pop (the CEC client's queryCallInfo). */
  callInfo(q: CallInfoQuery): Promise<CecResult<CallInfo>>;
  assets: PageAssets;
  clock: Clock;
  logger: Logger;
  /** The port HTTPS listens on (for redirects from plain HTTP). */
  httpsPort: number;
}

/** Requests are small: forms, a token, a few ids. */
const MAX_BODY_BYTES = 16 * 1024;

/** The integration's whole HTTPS surface: the page, its two API calls, and the CEC's verification API. */
export function createApp(d: AppDeps): Hono<AppEnv> {
  const { config, clock, logger } = d;
  const security = config.security;
  const tokens: BarTokenSettings = {
    key: config.secrets.tokenKey,
    issuer: config.verification.issuer,
    tenantSpaceId: config.cec.tenantSpaceId,
    ttlSec: config.verification.tokenTtlSec,
  };
  const book = (c: Parameters<typeof lockoutPolicy>[0]) => new LockoutBook(lockoutPolicy(c), clock);

  const app = new Hono<AppEnv>();
  app.use(httpsOnly(d.httpsPort));
  app.use(securityHeaders(new URL(config.cec.contextPath).origin, new URL(config.softphone.wsUrl).origin));
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('Request body too large\n', 413) }));
  app.use(timeout(15_000));

  mountVerificationApi(app, {
    path: config.verification.path,
    settings: tokens,
    isActiveAccount: (code) => d.accounts.active(code) !== undefined,
    consume: (jti, expiresAt, now) => d.replay.consume(jti, expiresAt, now),
    allowedClientIps: config.cec.allowedClientIps,
    perMinute: security.verificationPerMinute,
    accountLocks: book(security.badTokenAccount),
    addressLocks: book(security.badTokenAddress),
    clock,
    logger,
  });
  mountLoginRoutes(app, {
    users: d.users,
    sessions: d.sessions,
    accountLocks: book(security.loginAccount),
    addressLocks: book(security.loginAddress),
    perMinute: security.loginPerMinute,
    clock,
    logger,
  });
  mountDeskRoutes(app, {
    users: d.users,
    accounts: d.accounts,
    sessions: d.sessions,
    tokens,
    contextPath: config.cec.contextPath,
    softphone: config.softphone,
    clock,
    logger,
  });

  mountCrmRoutes(app, {
    users: d.users,
    sessions: d.sessions,
    accounts: d.accounts,
    customers: d.customers,
    callLog: d.callLog,
    callInfo: (q) => d.callInfo(q),
    tenantSpaceId: config.cec.tenantSpaceId,
    clock,
    logger,
  });

  app.get('/assets/desk.js', (c) => asset(c, d.assets.js, 'text/javascript; charset=utf-8', d.assets.etag));
  app.get('/assets/desk.css', (c) => asset(c, d.assets.css, 'text/css; charset=utf-8', d.assets.etag));

  app.notFound((c) => c.text('Not found\n', 404));
  app.onError((err, c) => {
    // Middleware refusals (CSRF origin check 403, timeout 504) carry their own response.
    if (err instanceof HTTPException) return err.getResponse();
    // No stack trace to the client: it goes to the log, the client gets a plain 500.
    logger.error('request failed', {
      path: c.req.path,
      error: err instanceof Error ? err.stack : String(err),
    });
    return c.text('Internal error\n', 500);
  });
  return app;
}

/** What the plain-HTTP listener serves: redirects of page views to HTTPS, refusals of everything else. */
export function redirectOnlyApp(httpsPort: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(httpsOnly(httpsPort));
  return app;
}

function asset(c: import('hono').Context, body: string, type: string, etag: string) {
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('ETag', etag);
  c.header('Cache-Control', 'no-cache');
  return c.body(body, 200, { 'Content-Type': type });
}
