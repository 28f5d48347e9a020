import { AccountStore } from '../accounts/account-store.ts';
import type { CecResult } from '../cec-client/cec-failure.ts';
import type { CallInfo, CallInfoQuery } from '../cec-client/query-call-info.ts';
import { type Config, type ConfigInput, configSchema } from '../config/config-schema.ts';
import { ManualClock } from '../core/clock.ts';
import { memoryLogger } from '../core/logger.ts';
import { CallLog } from '../crm/call-log.ts';
import { CustomerStore } from '../crm/customers.ts';
import { openDatabase } from '../db/open-database.ts';
import type { BarTokenSettings } from '../tokens/bar-token.ts';
import { ReplayGuard } from '../tokens/replay-guard.ts';
import { Users } from '../users/users.ts';
import { createApp } from '../web/create-app.ts';
import { SessionStore } from '../web/session-store.ts';

export const TOKEN_KEY = Buffer.alloc(32, 3);
export const DEMO_PASSWORD = 'Desk-Demo-2026';

/** A configuration for tests: a fake CEC address, cheap scrypt, low limits so tests reach them quickly. */
export function testConfig(
  overrides: { cec?: Partial<ConfigInput['cec']>; security?: ConfigInput['security'] } = {},
): Config {
  return configSchema.parse({
    cec: {
      baseUrl: 'https://cec.test:8043',
      appKey: 'app',
      appSecret: 'secret',
      tenantSpaceId: '202600000001',
      ...overrides.cec,
    },
    server: { certFile: 'unused', keyFile: 'unused', port: 18_443 },
    secrets: { accountKey: Buffer.alloc(32, 1).toString('base64'), tokenKey: TOKEN_KEY.toString('base64') },
    security: { scryptLog2N: 10, loginPerMinute: 15, verificationPerMinute: 60, ...overrides.security },
  } satisfies ConfigInput);
}

export interface TestRequestOptions {
  address?: string;
  /** Whether the request arrived over TLS (default true). */
  tls?: boolean;
  cookies?: CookieJar;
}

/**
 * The integration's app on a ManualClock and an in-memory database, with two
 * agent accounts and one user (alice → aaliyah.bosco), requested without a
 * port through `app.request` (the Hono way).
 */
export async function testDesk(config: Config = testConfig()) {
  const clock = new ManualClock();
  const logger = memoryLogger();
  const db = openDatabase(':memory:');
  const accounts = new AccountStore(db, config.secrets.accountKey);
  accounts.upsert(
    { accountCode: 'aaliyah.bosco', workNo: 101, sipAccount: '88000101', sipPwd: 'Ei3xpGcS1Fpy' },
    0,
  );
  accounts.upsert(
    { accountCode: 'verdie.halvorson', workNo: 102, sipAccount: '88000102', sipPwd: 'Rv0KZKhM6rUi' },
    0,
  );
  const users = new Users(db, clock, { log2N: 10, r: 8, p: 1 });
  await users.create('alice', DEMO_PASSWORD, 'aaliyah.bosco');
  const customers = new CustomerStore(db);
  const callLog = new CallLog(db);
  /** What the stand-in CEC answers to QueryCallInfoByCallId, by callid (a missing one: 404). */
  const callInfos = new Map<string, CallInfo>();
  const callInfoQueries: CallInfoQuery[] = [];
  const app = createApp({
    customers,
    callLog,
    callInfo: async (q): Promise<CecResult<CallInfo>> => {
      callInfoQueries.push(q);
      const info = callInfos.get(q.callId);
      return info
        ? { ok: true, value: info }
        : { ok: false, failure: { kind: 'rejected', api: 'QueryCallInfoByCallId', status: 404 } };
    },
    config,
    users,
    accounts,
    sessions: new SessionStore(db, clock, config.security.sessionTtlSec * 1000),
    replay: new ReplayGuard(db),
    assets: { js: 'console.log("desk")', css: 'body{}', etag: '"test"' },
    clock,
    logger,
    httpsPort: config.server.port,
  });
  const tokens: BarTokenSettings = {
    key: TOKEN_KEY,
    issuer: config.verification.issuer,
    tenantSpaceId: config.cec.tenantSpaceId,
    ttlSec: config.verification.tokenTtlSec,
  };

  async function request(
    path: string,
    init: RequestInit = {},
    o: TestRequestOptions = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (o.cookies?.header()) headers.set('cookie', o.cookies.header());
    const scheme = o.tls === false ? 'http' : 'https';
    const env = {
      incoming: { socket: { remoteAddress: o.address ?? '203.0.113.7', encrypted: o.tls !== false } },
    };
    const res = await app.request(`${scheme}://desk.test${path}`, { ...init, headers }, env);
    o.cookies?.take(res);
    return res;
  }

  return {
    app,
    db,
    clock,
    logger,
    accounts,
    users,
    customers,
    callLog,
    callInfos,
    callInfoQueries,
    config,
    tokens,
    request,
  };
}

/** Enough of a browser's cookie jar for tests: names to values, from Set-Cookie. */
export class CookieJar {
  readonly values = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0\b/i.test(line) || value === '') this.values.delete(name);
      else this.values.set(name, value);
    }
  }

  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
