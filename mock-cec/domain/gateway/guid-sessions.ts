/**
 * GUID authentication of the agent gateway, dynamic mode (docs/vendor/agent-gateway.md):
 * sign-in answers `Set-GUID: JSESSIONID=<guid>`; later requests carry
 * `Guid: <guid>`. Every `rotateMs` an event-poll response carries a new
 * Set-GUID; a GUID stays valid for `ttlMs` after it was issued, so the old one
 * keeps working while the client switches. Pure: time and new GUIDs come in.
 */

export interface GuidTiming {
  rotateMs: number;
  ttlMs: number;
}

export interface IssuedGuid {
  guid: string;
  issuedAt: number;
}

export interface GuidSession {
  readonly workNo: number;
  current: IssuedGuid;
  /** The GUID before the last rotation, valid until its own TTL runs out. */
  previous?: IssuedGuid;
}

export type GuidProblem = 'missing' | 'wrong' | 'expired';
export type GuidCheck = { ok: true } | { ok: false; problem: GuidProblem };

/** The vendor's samples show GUIDs as a UUID with the gateway's name: `xxxxxxxx-….AgentGateway1`. */
export function formatGuid(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}.AgentGateway1`;
}

/** The value of the Set-GUID header. */
export const setGuidHeader = (guid: string) => `JSESSIONID=${guid}`;

/**
 * The GUID a client presented. Clients send the bare GUID; some copy the whole
 * Set-GUID value, so a leading `JSESSIONID=` is accepted too. [choice]
 */
export function presentedGuid(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  return value.startsWith('JSESSIONID=') ? value.slice('JSESSIONID='.length) : value;
}

export function checkGuid(
  session: GuidSession,
  header: string | undefined,
  now: number,
  timing: GuidTiming,
): GuidCheck {
  const guid = presentedGuid(header);
  if (guid === undefined) return { ok: false, problem: 'missing' };
  const issued = [session.current, session.previous].find((g) => g?.guid === guid);
  if (!issued) return { ok: false, problem: 'wrong' };
  if (now >= issued.issuedAt + timing.ttlMs) return { ok: false, problem: 'expired' };
  return { ok: true };
}

export function rotationDue(session: GuidSession, now: number, timing: GuidTiming): boolean {
  return now - session.current.issuedAt >= timing.rotateMs;
}

/** Issue a new current GUID; the old one becomes `previous`. */
export function rotate(session: GuidSession, guid: string, now: number): void {
  session.previous = session.current;
  session.current = { guid, issuedAt: now };
}

/** The tenant's open GUID sessions, one per signed-in agent. */
export class GuidSessions {
  readonly #sessions = new Map<number, GuidSession>();
  readonly #closed = new Map<number, GuidSession>();

  constructor(
    private readonly timing: () => GuidTiming,
    private readonly newGuid: () => string,
  ) {}

  open(workNo: number, now: number): GuidSession {
    this.#closed.delete(workNo);
    const session: GuidSession = { workNo, current: { guid: this.newGuid(), issuedAt: now } };
    this.#sessions.set(workNo, session);
    return session;
  }

  get(workNo: number): GuidSession | undefined {
    return this.#sessions.get(workNo);
  }

  /** The session ends; its GUIDs are remembered until the agent signs in again (wasIssued). */
  close(workNo: number): void {
    const session = this.#sessions.get(workNo);
    if (session) this.#closed.set(workNo, session);
    this.#sessions.delete(workNo);
  }

  /** Whether the GUID was one of the agent's last, now closed, session (expired or not). */
  wasIssued(workNo: number, header: string | undefined): boolean {
    const session = this.#closed.get(workNo);
    const guid = presentedGuid(header);
    return guid !== undefined && (session?.current.guid === guid || session?.previous?.guid === guid);
  }

  forget(workNo: number): void {
    this.#closed.delete(workNo);
  }

  check(workNo: number, header: string | undefined, now: number): GuidCheck {
    const session = this.#sessions.get(workNo);
    if (!session) return { ok: false, problem: presentedGuid(header) ? 'wrong' : 'missing' };
    return checkGuid(session, header, now, this.timing());
  }

  /** On an event-poll response: a new GUID when the current one is old enough, else undefined. */
  rotateIfDue(workNo: number, now: number): string | undefined {
    const session = this.#sessions.get(workNo);
    if (!session || !rotationDue(session, now, this.timing())) return undefined;
    rotate(session, this.newGuid(), now);
    return session.current.guid;
  }

  clear(): void {
    this.#sessions.clear();
    this.#closed.clear();
  }
}
