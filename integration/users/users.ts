import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/open-database.ts';
import { hashPassword, needsRehash, type ScryptCost, verifyPassword } from './password-hash.ts';
import { checkPassword, type PasswordProblem } from './password-policy.ts';
import { type UserRecord, UserStore } from './user-store.ts';

export type UserProblem =
  | { kind: 'weak-password'; problems: PasswordProblem[] }
  | { kind: 'invalid-username' }
  | { kind: 'username-taken' }
  | { kind: 'account-taken' }
  | { kind: 'unknown-account' }
  | { kind: 'wrong-password' };

export type UserResult = { ok: true } | { ok: false; problem: UserProblem };

/** User names: 3–64 of letters, digits and . _ @ - (an accountCode usually fits). */
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

/** The CRM's own users: creation and password changes under the password policy, and sign-in checks. */
export class Users {
  readonly store: UserStore;
  readonly #clock: Clock;
  readonly #cost: ScryptCost;
  #dummyHash: Promise<string> | undefined;

  constructor(db: Db, clock: Clock, cost: ScryptCost) {
    this.store = new UserStore(db);
    this.#clock = clock;
    this.#cost = cost;
  }

  async create(username: string, password: string, accountCode: string): Promise<UserResult> {
    if (!USERNAME.test(username)) return { ok: false, problem: { kind: 'invalid-username' } };
    const problems = checkPassword(password, username);
    if (problems.length > 0) return { ok: false, problem: { kind: 'weak-password', problems } };
    const passwordHash = await hashPassword(password, this.#cost);
    const outcome = this.store.insert({ username, accountCode, passwordHash }, this.#clock.now());
    return outcome === 'ok' ? { ok: true } : { ok: false, problem: { kind: outcome } };
  }

  /** The user, when the password is right. An unknown name costs the same scrypt as a known one. */
  async authenticate(username: string, password: string): Promise<UserRecord | undefined> {
    const user = USERNAME.test(username) ? this.store.find(username) : undefined;
    if (!user) {
      this.#dummyHash ??= hashPassword('not a real password: equalises timing', this.#cost);
      await verifyPassword(password, await this.#dummyHash);
      return undefined;
    }
    if (!(await verifyPassword(password, user.passwordHash))) return undefined;
    if (needsRehash(user.passwordHash, this.#cost)) {
      this.store.setPasswordHash(user.username, await hashPassword(password, this.#cost), this.#clock.now());
    }
    return user;
  }

  /** A change by the user: the current password first, then the policy for the new one. */
  async changePassword(username: string, current: string, next: string): Promise<UserResult> {
    const user = await this.authenticate(username, current);
    if (!user) return { ok: false, problem: { kind: 'wrong-password' } };
    return this.setPassword(user.username, next);
  }

  /** An administrative reset (the seed command): the policy still applies. */
  async setPassword(username: string, password: string): Promise<UserResult> {
    const problems = checkPassword(password, username);
    if (problems.length > 0) return { ok: false, problem: { kind: 'weak-password', problems } };
    this.store.setPasswordHash(username, await hashPassword(password, this.#cost), this.#clock.now());
    return { ok: true };
  }
}
