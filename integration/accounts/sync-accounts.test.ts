import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import { type CecClient, createCecClient } from '../cec-client/cec-client.ts';
import { systemClock } from '../core/clock.ts';
import { type Db, openDatabase } from '../db/open-database.ts';
import { AccountStore } from './account-store.ts';
import { describeSync, sipServiceOf, syncAccounts } from './sync-accounts.ts';

/** The real simulator over HTTPS with its development CA, and a real SQLite file. */
describe('syncAccounts against mock-cec', () => {
  let dir: string;
  let cec: MockCec;
  let client: CecClient;
  let db: Db;
  let store: AccountStore;
  const key = Buffer.alloc(32, 9);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'integration-sync-'));
    cec = await startMockCec({ tls: true, certDir: join(dir, 'certs'), seed: 51 });
    const app = cec.sim.tenants()[0]!.config.app;
    client = createCecClient({
      baseUrl: cec.url,
      appKey: app.appKey,
      appSecret: app.appSecret,
      tokenExpireSec: 600,
      timeoutMs: 5000,
      ca: cec.cert!.ca,
    });
    db = openDatabase(join(dir, 'data', 'integration.db'));
    store = new AccountStore(db, key);
  });

  afterAll(async () => {
    db.close();
    await client.close();
    await cec.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every agent, and a second sync changes nothing', async () => {
    const tenant = cec.sim.tenants()[0]!.config;
    const first = await syncAccounts(client, store, systemClock);
    if (!first.ok) throw new Error(first.failure.kind);
    expect(first.value).toMatchObject({ listed: 5, added: 5, changed: 0, removed: 0 });
    expect(store.all().map(({ removedAt, ...a }) => a)).toEqual(
      tenant.agents.map((a) => ({
        accountCode: a.accountCode,
        workNo: a.workNo,
        sipAccount: a.sipAccount,
        sipPwd: a.sipPwd,
      })),
    );
    expect(sipServiceOf(store)).toEqual({ ip: '127.0.0.1', port: first.value.sipServicePort });

    const second = await syncAccounts(client, store, systemClock);
    expect(second.ok && describeSync(second.value)).toBe(
      'sync: 5 agents listed — 0 added, 0 changed, 0 removed',
    );
  });

  it('keeps no softphone password in clear in any file of the database', () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const files = readdirSync(join(dir, 'data')).map((f) => readFileSync(join(dir, 'data', f)));
    expect(files.length).toBeGreaterThan(0);
    for (const agent of cec.sim.tenants()[0]!.config.agents) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(agent.sipPwd))).toBe(false);
    }
  });

  it('marks removed agents and applies changed ones', async () => {
    const old = cec.sim.tenants()[0]!;
    const [first, second, ...rest] = old.config.agents;
    cec.sim.removeTenant(old.id);
    cec.sim.addTenant({ ...old.config, agents: [{ ...first!, sipPwd: 'Changed1234' }, ...rest] }, 51);

    const res = await syncAccounts(client, store, systemClock);
    expect(res.ok && res.value).toMatchObject({ added: 0, changed: 1, removed: 1, unchanged: 3 });
    expect(store.active(first!.accountCode)?.sipPwd).toBe('Changed1234');
    expect(store.active(second!.accountCode)).toBeUndefined();
    expect(store.all().find((a) => a.accountCode === second!.accountCode)?.removedAt).toBeTypeOf('number');
  });

  it('re-seals passwords that another key sealed', async () => {
    const rotated = new AccountStore(db, Buffer.alloc(32, 10));
    expect(rotated.all().every((a) => a.sipPwd === undefined)).toBe(true);
    const res = await syncAccounts(client, rotated, systemClock);
    expect(res.ok && res.value.changed).toBe(4);
    expect(
      rotated
        .all()
        .filter((a) => a.removedAt === undefined)
        .every((a) => a.sipPwd !== undefined),
    ).toBe(true);
  });
});
