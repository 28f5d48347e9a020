import type { AgentRecord } from '../cec-client/query-agent-info.ts';
import type { Db } from '../db/open-database.ts';
import type { AgentAccount } from './account-diff.ts';
import { open, seal } from './secret-box.ts';

interface Row {
  account_code: string;
  work_no: number;
  sip_account: string;
  sip_pwd_sealed: Buffer;
  removed_at: number | null;
}

/** Agent accounts in SQLite, softphone passwords sealed with `key` (AES-256-GCM). */
export class AccountStore {
  readonly #db: Db;
  readonly #key: Buffer;

  constructor(db: Db, key: Buffer) {
    this.#db = db;
    this.#key = key;
  }

  all(): AgentAccount[] {
    const rows = this.#db.prepare('SELECT * FROM agent_accounts ORDER BY work_no').all() as Row[];
    return rows.map((r) => this.#toAccount(r));
  }

  /** An account the CEC still lists, or undefined. */
  active(accountCode: string): AgentAccount | undefined {
    const row = this.#db
      .prepare('SELECT * FROM agent_accounts WHERE account_code = ? AND removed_at IS NULL')
      .get(accountCode) as Row | undefined;
    return row && this.#toAccount(row);
  }

  upsert(agent: AgentRecord, now: number): void {
    this.#db
      .prepare(
        `INSERT INTO agent_accounts (account_code, work_no, sip_account, sip_pwd_sealed, synced_at, removed_at)
         VALUES (@code, @workNo, @sipAccount, @sealed, @now, NULL)
         ON CONFLICT (account_code) DO UPDATE SET work_no = @workNo, sip_account = @sipAccount,
           sip_pwd_sealed = @sealed, synced_at = @now, removed_at = NULL`,
      )
      .run({
        code: agent.accountCode,
        workNo: agent.workNo,
        sipAccount: agent.sipAccount,
        sealed: seal(this.#key, agent.sipPwd, agent.accountCode),
        now,
      });
  }

  /** Kept, not deleted: business users stay linked, and the account comes back if the CEC lists it again. */
  markRemoved(accountCode: string, now: number): void {
    this.#db.prepare('UPDATE agent_accounts SET removed_at = ? WHERE account_code = ?').run(now, accountCode);
  }

  getState(key: string): string | undefined {
    return this.#db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as
      | string
      | undefined;
  }

  setState(key: string, value: string): void {
    this.#db
      .prepare(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  #toAccount(r: Row): AgentAccount {
    const sipPwd = open(this.#key, r.sip_pwd_sealed, r.account_code);
    return {
      accountCode: r.account_code,
      workNo: r.work_no,
      sipAccount: r.sip_account,
      sipPwd,
      ...(r.removed_at === null ? {} : { removedAt: r.removed_at }),
    };
  }
}
