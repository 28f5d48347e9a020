import type { Db } from '../db/open-database.ts';

/**
 * One use per bar token: a token id is recorded when a token is accepted and
 * kept until the token would have expired anyway. In SQLite, so a restart does
 * not reopen a window for replays and several processes on one file agree
 * (the INSERT is atomic).
 */
export class ReplayGuard {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** True the first time `jti` is seen, false on every later presentation. */
  consume(jti: string, expiresAt: number, now: number): boolean {
    this.#db.prepare('DELETE FROM used_token_ids WHERE expires_at <= ?').run(now);
    const { changes } = this.#db
      .prepare('INSERT OR IGNORE INTO used_token_ids (jti, expires_at) VALUES (?, ?)')
      .run(jti, expiresAt);
    return changes === 1;
  }
}
