import type { AuthFailure, DigestAuth } from '../auth/digest-auth.ts';
import type { GuessGuard, GuessVerdict } from '../auth/guess-guard.ts';
import { header, headerValues, type SipRequest } from '../core/message.ts';
import type { RequestFacts } from '../core/message-facts.ts';
import type { Readings } from '../core/readings.ts';
import { type Binding, type BindingChange, secondsLeft } from '../registrar/binding.ts';
import { type ContactRequest, type RegisterAsk, readRegister } from '../registrar/register-request.ts';
import { contactTarget } from './contact-flow.ts';
import type { FlowInfo } from './flow-info.ts';
import type { SipAccount, SipTenant } from './sip-tenant.ts';

/**
 * A REGISTER, decided (RFC 3261 §10.3): authenticate (401), check that the
 * credentials are the account's own (403), then let the tenant's registrar
 * bind, refresh or remove. Returns the response to send; the caller sends it
 * and journals the binding changes.
 *
 * The registrar keeps no transactions (the proxy answers REGISTER
 * statelessly, RFC 3261 §8.2.7, as Kamailio's registrar does): a REGISTER
 * sent again over UDP is decided again. Without credentials it gets a fresh
 * challenge; with the credentials that already made the bindings as they are
 * (the same nonce-count, Call-ID and CSeq), the bindings as they are. Any
 * other reuse of a nonce-count stays a replay.
 */
export interface RegisterReply {
  readonly status: number;
  readonly reason?: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly tenant?: SipTenant;
  readonly changes: readonly BindingChange[];
  /** For the journal: why, when it was not a 200. */
  readonly note?: string;
}

export interface RegisterDeps {
  readonly auth: DigestAuth<SipAccount>;
  tenantOfAccount(sipAccount: string): SipTenant | undefined;
  /** The account of a digest username, in whichever tenant it is. */
  accountOf(username: string): SipAccount | undefined;
  /** The simulator's clock, on which nonces live. */
  simNow(): number;
  /** The UDP flow to a registered Contact's address (contact-flow.ts). */
  udpFlowTo?(ip: string, port: number): FlowInfo | undefined;
  /** Password guessing, slowed per (address, account) (guess-guard.ts). */
  readonly guard?: GuessGuard;
  /** The proxy's remembered readings (readings.ts); plain ones when absent. */
  readonly readings?: Readings;
}

export function handleRegister(
  req: SipRequest,
  facts: RequestFacts,
  flow: FlowInfo,
  deps: RegisterDeps,
): RegisterReply {
  const read = readRegister(req, facts.to, deps.readings);
  if (!read.ok) return { status: 400, headers: [], changes: [], note: read.reason };
  const ask = read.ask;
  const tenant = deps.tenantOfAccount(ask.aor);
  // The digest username is nearly always the AOR, whose tenant was just found: no second lookup then.
  const accountOf = (u: string) => (u === ask.aor ? tenant?.account(u) : deps.accountOf(u));
  const sentAgain = () =>
    tenant?.registrar.repeats(ask, { callId: facts.callId, cseq: facts.cseq.seq }, tenant.now()) === true;
  const simNow = deps.simNow();
  const guard = deps.guard;
  if (guard !== undefined) {
    const held = guard.check(ask.aor, flow.remote, simNow);
    if (held.blocked) return { status: 403, headers: [], changes: [], note: guessNote(held, ask.aor) };
  }
  const outcome = deps.auth.check(
    { method: req.method, uri: req.uri, credentials: headerValues(req, 'authorization') },
    'registrar',
    accountOf,
    simNow,
    tenant?.digestAlgorithms,
    sentAgain,
  );
  if (!outcome.ok) {
    const started = guard && guessed(outcome.why) ? guard.failed(ask.aor, flow.remote, simNow) : undefined;
    const note = started?.blocked ? guessNote(started, ask.aor, guard) : outcome.why;
    return { status: outcome.status, headers: outcome.headers, changes: [], note };
  }
  guard?.succeeded(ask.aor, flow.remote);
  if (!tenant || outcome.account.username !== ask.aor) {
    return { status: 403, headers: [], changes: [], note: 'credentials of another account' };
  }
  const now = tenant.now();
  if (outcome.repeated) {
    const bindings = tenant.registrar.lookup(ask.aor, now);
    return { status: 200, headers: okHeaders(bindings, now), changes: [], tenant, note: 'sent again' };
  }
  // The account's own string as the AOR (equal to it, checked above): the registrar's Map then finds
  // its key by identity, a cheap comparison, rather than by comparing strings cut out of each REGISTER.
  const result = tenant.registrar.register(
    { ...ask, aor: outcome.account.username },
    {
      callId: facts.callId,
      cseq: facts.cseq.seq,
      flow,
      // Made only when a contact is to be reached elsewhere than the flow (rare: not sipp's REGISTER).
      flowOf: anyElsewhere(flow, facts, ask, deps.readings)
        ? (c) => contactFlow(flow, facts, c, deps)
        : undefined,
      userAgent: header(req, 'user-agent'),
    },
    now,
  );
  if (!result.ok) {
    return result.status === 423
      ? {
          status: 423,
          headers: [['Min-Expires', String(result.minExpires)]],
          changes: [],
          tenant,
          note: 'interval too brief',
        }
      : { status: 500, reason: result.reason, headers: [], changes: [], tenant, note: result.reason };
  }
  return { status: 200, headers: okHeaders(result.bindings, now), changes: result.changes, tenant };
}

/** Whether a contact of the REGISTER is reached elsewhere than the flow it came over. */
function anyElsewhere(flow: FlowInfo, facts: RequestFacts, ask: RegisterAsk, readings?: Readings): boolean {
  if (flow.transport !== 'udp' || ask.kind !== 'update') return false;
  for (const c of ask.contacts) if (contactTarget(flow, facts.via, c, readings)) return true;
  return false;
}

/** A UDP contact's flow: its own address unless the registration asked for its flow (contact-flow.ts). */
function contactFlow(flow: FlowInfo, facts: RequestFacts, c: ContactRequest, deps: RegisterDeps): FlowInfo {
  const target = contactTarget(flow, facts.via, c, deps.readings);
  return (target && deps.udpFlowTo?.(target.ip, target.port)) ?? flow;
}

/** A failure that tells a wrong password (or an unknown account, answered alike). */
export function guessed(why: AuthFailure): boolean {
  return why === 'wrong-password' || why === 'unknown-user';
}

/** The journal's note when the guard acts: it started refusing, or it refused. */
export function guessNote(
  v: Extract<GuessVerdict, { blocked: true }>,
  account: string,
  started?: GuessGuard,
): string {
  const secs = Math.ceil(v.forMs / 1000);
  return started
    ? `password guessing: ${started.options.maxFailures} failed digests from ${v.source} for ${account}; refused for ${secs} s`
    : `password guessing: ${v.source} refused for ${account} for ${secs} s more`;
}

/** The 200's Contacts (every binding of the account, RFC 3261 §10.3 step 8) and Date (the tenant's clock). */
function okHeaders(bindings: readonly Binding[], now: number): [string, string][] {
  const headers: [string, string][] = bindings.map((b) => [
    'Contact',
    `<${b.uri}>;expires=${secondsLeft(b, now)}`,
  ]);
  headers.push(['Date', httpDate(now)]);
  return headers;
}

/** RFC 1123 date of `now`, made once a second (it has no finer grain) rather than once a REGISTER. */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== lastDate.second) {
    lastDate.second = second;
    lastDate.text = new Date(now).toUTCString();
  }
  return lastDate.text;
}

const lastDate = { second: Number.NaN, text: '' };
