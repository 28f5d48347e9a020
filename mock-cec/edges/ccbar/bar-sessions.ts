/**
 * The connection bar's own sessions (docs/vendor/ccbarclient.md). Once the token
 * callback has vouched for a user, ccbarclient.js carries a one-time ticket;
 * the bar's frame redeems it on the CEC's origin for the session cookies
 * `sum_atime`, `sum_refresh_token`, `sum_sid` and `sum_token`, and its later
 * calls rely on them. Pure: time and random text come in.
 */

export interface BarUser {
  workNo: number;
  accountCode: string;
}

export interface BarSession extends BarUser {
  /** The value of `sum_token`: the key the bar's calls are checked against. */
  token: string;
  sid: string;
  refreshToken: string;
  createdAt: number;
  expiresAt: number;
}

/** A ticket must be redeemed soon after ccbarclient.js was served. [choice] */
export const TICKET_TTL_MS = 60_000;
/** How long a bar session lasts. [choice] */
export const SESSION_TTL_MS = 12 * 3600_000;
/** Sessions kept per tenant; the oldest go first. [choice] */
const MAX_SESSIONS = 1000;

export class BarSessions {
  readonly #tickets = new Map<string, BarUser & { expiresAt: number }>();
  readonly #sessions = new Map<string, BarSession>();

  constructor(
    private readonly now: () => number,
    private readonly randomHex: (bytes: number) => string,
  ) {}

  issueTicket(user: BarUser): string {
    const ticket = this.randomHex(16);
    const now = this.now();
    for (const [t, v] of this.#tickets) if (v.expiresAt <= now) this.#tickets.delete(t);
    this.#tickets.set(ticket, { ...user, expiresAt: now + TICKET_TTL_MS });
    return ticket;
  }

  /** Trade a ticket for a session, once. */
  redeem(ticket: string): BarSession | undefined {
    const found = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    const now = this.now();
    if (!found || found.expiresAt <= now) return undefined;
    const session: BarSession = {
      workNo: found.workNo,
      accountCode: found.accountCode,
      token: this.randomHex(16),
      sid: this.randomHex(8),
      refreshToken: this.randomHex(16),
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    };
    this.#sessions.set(session.token, session);
    if (this.#sessions.size > MAX_SESSIONS)
      this.#sessions.delete(this.#sessions.keys().next().value as string);
    return session;
  }

  session(token: string | undefined): BarSession | undefined {
    const found = token ? this.#sessions.get(token) : undefined;
    if (found && found.expiresAt <= this.now()) {
      this.#sessions.delete(found.token);
      return undefined;
    }
    return found;
  }

  clear(): void {
    this.#tickets.clear();
    this.#sessions.clear();
  }
}

/** The four cookies, on the CEC's domain and usable from a frame in another site's page. */
export function sessionCookies(s: BarSession): string[] {
  const attrs = `Path=/; Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}; Secure; SameSite=None`;
  return [
    `sum_token=${s.token}; ${attrs}; HttpOnly`,
    `sum_sid=${s.sid}; ${attrs}; HttpOnly`,
    `sum_refresh_token=${s.refreshToken}; ${attrs}; HttpOnly`,
    `sum_atime=${s.createdAt}; ${attrs}`,
  ];
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
