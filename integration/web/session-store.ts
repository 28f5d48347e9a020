import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/open-database.ts';

/**
 * Server-side sessions. The cookie holds 256 random bits; the database holds
 * only their SHA-256, so a leaked copy of the database opens no session.
 * Sessions end at a fixed time after sign-in (a shift), or at sign-out.
 */
export class SessionStore {
  readonly #db: Db;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    this.#db = db;
  }

  /** A new session for `username`; the value to put in the cookie. */
  create(username: string): string {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.#db
      .prepare('INSERT INTO sessions (id_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hash(id), username, now, now + this.ttlMs);
    return id;
  }

  /** The session's user name while it is valid. */
  find(id: string | undefined): string | undefined {
    if (!id || id.length > 64) return undefined;
    return this.#db
      .prepare('SELECT username FROM sessions WHERE id_hash = ? AND expires_at > ?')
      .pluck()
      .get(hash(id), this.clock.now()) as string | undefined;
  }

  destroy(id: string | undefined): void {
    if (id) this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash(id));
  }

  get ttlSec(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}

function hash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
