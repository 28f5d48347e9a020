import type { Db } from '../db/open-database.ts';

export interface UserRecord {
  username: string;
  /** The agent account (the CEC's accountCode) this user works as. */
  accountCode: string;
  passwordHash: string;
}

export type InsertOutcome = 'ok' | 'username-taken' | 'account-taken' | 'unknown-account';

/** Business users in SQLite. User names compare without case (COLLATE NOCASE). */
export class UserStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  find(username: string): UserRecord | undefined {
    return this.#db
      .prepare(
        'SELECT username, account_code AS accountCode, password_hash AS passwordHash FROM users WHERE username = ?',
      )
      .get(username) as UserRecord | undefined;
  }

  byAccountCode(accountCode: string): UserRecord | undefined {
    return this.#db
      .prepare(
        'SELECT username, account_code AS accountCode, password_hash AS passwordHash FROM users WHERE account_code = ?',
      )
      .get(accountCode) as UserRecord | undefined;
  }

  insert(user: UserRecord, now: number): InsertOutcome {
    if (this.find(user.username)) return 'username-taken';
    if (this.byAccountCode(user.accountCode)) return 'account-taken';
    const known = this.#db
      .prepare('SELECT 1 FROM agent_accounts WHERE account_code = ?')
      .get(user.accountCode);
    if (!known) return 'unknown-account';
    this.#db
      .prepare(
        `INSERT INTO users (username, account_code, password_hash, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(user.username, user.accountCode, user.passwordHash, now, now);
    return 'ok';
  }

  setPasswordHash(username: string, passwordHash: string, now: number): void {
    this.#db
      .prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?')
      .run(passwordHash, now, username);
  }
}
