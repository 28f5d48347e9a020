import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { AccountStore } from './accounts/account-store.ts';
import { describeSync, type SyncSummary, syncAccounts } from './accounts/sync-accounts.ts';
import { type CecClient, createCecClient } from './cec-client/cec-client.ts';
import { type CecResult, describeFailure } from './cec-client/cec-failure.ts';
import type { RetryDeps } from './cec-client/retry.ts';
import type { Config } from './config/config-schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { type Logger, silentLogger } from './core/logger.ts';
import { CallLog } from './crm/call-log.ts';
import { CustomerStore } from './crm/customers.ts';
import { type Db, openDatabase } from './db/open-database.ts';
import { ReplayGuard } from './tokens/replay-guard.ts';
import { Users } from './users/users.ts';
import type { AppEnv } from './web/app-env.ts';
import { createApp, redirectOnlyApp } from './web/create-app.ts';
import { type Listening, listen } from './web/listen.ts';
import { buildPageAssets, type PageAssets } from './web/page-assets.ts';
import { SessionStore } from './web/session-store.ts';

/** The parts every command needs: the database, the CEC client, the stores. No listener. */
export interface Core {
  config: Config;
  db: Db;
  cec: CecClient;
  accounts: AccountStore;
  users: Users;
  /** The CRM's customers and its log of the agents' calls. */
  customers: CustomerStore;
  callLog: CallLog;
  clock: Clock;
  logger: Logger;
  sync(): Promise<CecResult<SyncSummary>>;
  close(): Promise<void>;
}

export interface CoreOptions {
  clock?: Clock;
  logger?: Logger;
  retryDeps?: RetryDeps;
}

export async function openCore(config: Config, o: CoreOptions = {}): Promise<Core> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const ca = config.cec.caFile ? await readFile(config.cec.caFile, 'utf8') : undefined;
  const db = openDatabase(join(config.dataDir, 'integration.db'));
  const cec = createCecClient({ ...config.cec, ca, clock, logger, retryDeps: o.retryDeps });
  const accounts = new AccountStore(db, config.secrets.accountKey);
  const users = new Users(db, clock, { log2N: config.security.scryptLog2N, r: 8, p: 3 });
  const customers = new CustomerStore(db);
  customers.upsert(config.crm.customers);
  return {
    config,
    db,
    cec,
    accounts,
    users,
    customers,
    callLog: new CallLog(db),
    clock,
    logger,
    async sync() {
      const result = await syncAccounts(cec, accounts, clock);
      if (result.ok) logger.info(describeSync(result.value));
      else logger.error('sync failed', { reason: describeFailure(result.failure) });
      return result;
    },
    async close() {
      await cec.close();
      db.close();
    },
  };
}

export interface Integration extends Core {
  /** https://host:port of the page and the verification API. */
  url: string;
  port: number;
  /** http://host:port of the redirect-only listener, when configured. */
  redirectUrl?: string;
}

export interface IntegrationOptions extends CoreOptions {
  /** Sync the agent accounts before listening (default true). A failed sync is logged, not fatal. */
  syncOnStart?: boolean;
  /** Prebuilt page assets (tests share one build). */
  assets?: PageAssets;
}

/**
 * The page, the login and the verification API on a core's stores, with the
 * app's own lockout books and rate limits: everything an integration serves,
 * not yet listening.
 */
export function integrationApp(core: Core, assets: PageAssets): Hono<AppEnv> {
  return createApp({
    ...core,
    sessions: new SessionStore(core.db, core.clock, core.config.security.sessionTtlSec * 1000),
    replay: new ReplayGuard(core.db),
    callInfo: (q) => core.cec.queryCallInfo(q),
    assets,
    httpsPort: core.config.server.port,
  });
}

/** The composition root: open the stores, sync, and serve the page and the verification API over HTTPS. */
export async function startIntegration(config: Config, o: IntegrationOptions = {}): Promise<Integration> {
  const [key, cert, assets] = await Promise.all([
    readFile(config.server.keyFile, 'utf8'),
    readFile(config.server.certFile, 'utf8'),
    o.assets ?? buildPageAssets(),
  ]);
  const core = await openCore(config, o);
  const listeners: Listening[] = [];
  try {
    if (o.syncOnStart ?? true) await core.sync();
    const app = integrationApp(core, assets);
    const { server } = config;
    const connections = {
      deadlines: { handshakeMs: server.handshakeTimeoutSec * 1000 },
      caps: { maxConnections: server.maxConnections, maxPerSource: server.maxConnectionsPerSource },
    };
    const https = await listen(app, {
      host: server.host,
      port: server.port,
      tls: { key, cert },
      ...connections,
    });
    listeners.push(https);
    let redirectUrl: string | undefined;
    if (config.server.httpRedirectPort !== undefined) {
      // Plain HTTP answers nothing but a redirect to HTTPS (or a refusal: see https-only.ts).
      const plain = await listen(redirectOnlyApp(https.port), {
        host: config.server.host,
        port: config.server.httpRedirectPort,
        ...connections,
      });
      listeners.push(plain);
      redirectUrl = plain.url;
    }
    return {
      ...core,
      url: https.url,
      port: https.port,
      redirectUrl,
      async close() {
        await Promise.all(listeners.map((l) => l.close()));
        await core.close();
      },
    };
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    await core.close();
    throw err;
  }
}
