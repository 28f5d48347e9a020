import { beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../accounts/account-store.ts';
import { ManualClock } from '../core/clock.ts';
import { type Db, openDatabase } from '../db/open-database.ts';
import { seedDemoUsers } from './seed-users.ts';
import { Users } from './users.ts';

const cheap = { log2N: 10, r: 8, p: 1 };
let db: Db;
let accounts: AccountStore;
let users: Users;

beforeEach(() => {
  db = openDatabase(':memory:');
  accounts = new AccountStore(db, Buffer.alloc(32, 1));
  for (const [code, workNo] of [
    ['aaliyah.bosco', 101],
    ['verdie.halvorson', 102],
  ] as const) {
    accounts.upsert({ accountCode: code, workNo, sipAccount: `88000${workNo}`, sipPwd: 'Sip12345' }, 0);
  }
  users = new Users(db, new ManualClock(), cheap);
});

describe('Users', () => {
  it('creates a user bound to one agent account and signs it in', async () => {
    expect(await users.create('alice', 'Desk-Demo-2026', 'aaliyah.bosco')).toEqual({ ok: true });
    expect(await users.authenticate('ALICE', 'Desk-Demo-2026')).toMatchObject({
      accountCode: 'aaliyah.bosco',
    });
    expect(await users.authenticate('alice', 'Desk-Demo-2027')).toBeUndefined();
    expect(await users.authenticate('nobody', 'Desk-Demo-2026')).toBeUndefined();
  });

  it('enforces the password policy at creation and at change', async () => {
    expect(await users.create('alice', 'password1234', 'aaliyah.bosco')).toEqual({
      ok: false,
      problem: { kind: 'weak-password', problems: ['too-few-classes', 'common'] },
    });
    await users.create('alice', 'Desk-Demo-2026', 'aaliyah.bosco');
    expect(await users.changePassword('alice', 'Desk-Demo-2026', 'Alice-Is-Here-1')).toEqual({
      ok: false,
      problem: { kind: 'weak-password', problems: ['contains-user-name'] },
    });
    expect(await users.changePassword('alice', 'wrong-current', 'Brand-New-Pass-9')).toEqual({
      ok: false,
      problem: { kind: 'wrong-password' },
    });
    expect(await users.changePassword('alice', 'Desk-Demo-2026', 'Brand-New-Pass-9')).toEqual({ ok: true });
    expect(await users.authenticate('alice', 'Brand-New-Pass-9')).toBeDefined();
  });

  it('links one user per agent account, and only to known accounts', async () => {
    await users.create('alice', 'Desk-Demo-2026', 'aaliyah.bosco');
    const problem = async (name: string, code: string) => {
      const r = await users.create(name, 'Desk-Demo-2026', code);
      return r.ok ? 'ok' : r.problem.kind;
    };
    expect(await problem('Alice', 'verdie.halvorson')).toBe('username-taken');
    expect(await problem('alice2', 'aaliyah.bosco')).toBe('account-taken');
    expect(await problem('carol', 'no.such.agent')).toBe('unknown-account');
    expect(await problem('x', 'verdie.halvorson')).toBe('invalid-username');
  });

  it('rehashes at sign-in when the cost was raised', async () => {
    await users.create('alice', 'Desk-Demo-2026', 'aaliyah.bosco');
    const stronger = new Users(db, new ManualClock(), { ...cheap, log2N: 11 });
    await stronger.authenticate('alice', 'Desk-Demo-2026');
    expect(stronger.store.find('alice')?.passwordHash).toMatch(/^\$scrypt\$ln=11,/);
  });
});

describe('seedDemoUsers', () => {
  it('creates one user per active agent account, and resets them when run again', async () => {
    expect(await seedDemoUsers(users, accounts, 'Desk-Demo-2026')).toEqual({
      created: ['aaliyah.bosco', 'verdie.halvorson'],
      reset: [],
      skipped: [],
    });
    accounts.markRemoved('verdie.halvorson', 1);
    const again = await seedDemoUsers(users, accounts, 'Other-Demo-2027');
    expect(again).toEqual({ created: [], reset: ['aaliyah.bosco'], skipped: [] });
    expect(await users.authenticate('aaliyah.bosco', 'Other-Demo-2027')).toBeDefined();
  });

  it('seeds more accounts than it hashes at once, in the accounts order', async () => {
    for (let n = 3; n <= 9; n++)
      accounts.upsert(
        { accountCode: `agent.${n}`, workNo: 100 + n, sipAccount: `8800${n}`, sipPwd: 'Sip12345' },
        0,
      );
    const res = await seedDemoUsers(users, accounts, 'Desk-Demo-2026');
    expect(res.created).toEqual(accounts.all().map((a) => a.accountCode));
    expect(res.created).toHaveLength(9);
    expect(await users.authenticate('agent.9', 'Desk-Demo-2026')).toBeDefined();
  });

  it('skips with the reason when the password breaks the policy for a user', async () => {
    const res = await seedDemoUsers(users, accounts, 'Aaliyah-Demo-2026');
    expect(res.created).toEqual(['verdie.halvorson']);
    expect(res.skipped).toEqual([{ accountCode: 'aaliyah.bosco', reason: 'Leave the user name out.' }]);
  });
});
