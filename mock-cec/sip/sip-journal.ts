import type { Agent } from '../config/tenant-schema.ts';
import { DeferredEntry, type NewEntry } from '../journal/journal.ts';
import type { Simulator } from '../state/simulator.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
import { header, type SipMessage } from './core/message.ts';
import { parseMessage } from './core/parse-message.ts';
import { firstLine } from './core/serialize.ts';
import type { Flow } from './transports/flow.ts';

/** The tenant and agent a SIP message concerns, for the journal and fault rules. */
export interface SipParty {
  tenant?: TenantRuntime;
  agent?: Agent;
}

const NOBODY: SipParty = Object.freeze({});

/**
 * Whom a message is about: the first softphone number among the Request-URI,
 * To and From users (callee before caller, so a fault "on agent 101" hits
 * calls to 101 and 101's own REGISTER). [choice]
 */
export function partyOf(sim: Simulator, msg: SipMessage | undefined): SipParty {
  if (!msg) return NOBODY;
  // On the hot path of every message: a plain scan for `sip:user@`, no URI parse, no array.
  return (
    (msg.kind === 'request' ? partyIn(sim, msg.uri) : undefined) ??
    partyIn(sim, header(msg, 'to')) ??
    partyIn(sim, header(msg, 'from')) ??
    NOBODY
  );
}

function partyIn(sim: Simulator, text: string | undefined): SipParty | undefined {
  const user = text === undefined ? undefined : USER.exec(text)?.[1];
  const tenant = user === undefined ? undefined : sim.tenantBySipAccount(user);
  const agent = tenant?.agentBySipAccount(user!);
  if (!tenant || !agent) return tenant ? { tenant } : undefined;
  // One party object per agent, not one per message: journal entries keep it.
  let party = parties.get(agent);
  if (party?.tenant !== tenant) {
    party = { tenant, agent };
    parties.set(agent, party);
  }
  return party;
}

const parties = new WeakMap<Agent, SipParty>();

const USER = /sips?:([^@\s;>:?]+)@/i;

/**
 * A `sip` entry for a message that went in or out whole: it keeps the bytes
 * on the wire and parses them again only when the journal is read (the
 * journal's fast path, see DeferredEntry). What cannot be read again from the
 * bytes (whom it concerns, the note) is kept as it was. Time and correlation
 * id are stamped when it is written, so entries held back while a message is
 * handled read exactly as if written then.
 */
export class SipWireEntry extends DeferredEntry {
  readonly kind = 'sip';
  at = 0;
  readonly tenant: string | undefined;
  /** Only for a message without Call-ID: a counter value taken when written. */
  #corr: string | undefined;
  readonly #hasCallId: boolean;
  /** Made here rather than read (no start line as received): its first line is written anew. */
  readonly #made: boolean;

  constructor(
    readonly party: SipParty,
    private readonly flow: Flow,
    private readonly direction: 'in' | 'out',
    msg: SipMessage,
    private readonly bytes: Buffer,
    private readonly note: string | undefined,
    private readonly fault?: string,
  ) {
    super();
    this.tenant = party.tenant?.id;
    this.#hasCallId = !!header(msg, 'call-id');
    this.#made = msg.startRaw === undefined;
  }

  /** Write it now: the time (tenant clock) and, when needed, a correlation id. */
  writeTo(sim: Simulator): void {
    this.at = this.party.tenant?.now() ?? sim.clock.now();
    if (!this.#hasCallId) this.#corr = sim.nextCorr();
    sim.journal.appendDeferred(this);
  }

  override entry(): NewEntry {
    const parsed = parseMessage(this.bytes);
    const msg = parsed.ok ? parsed.message : parsed.error.partial;
    const callId = msg ? header(msg, 'call-id') : undefined;
    return {
      kind: 'sip',
      at: this.at,
      tenant: this.tenant,
      corr: this.#corr ?? `sip:${callId}`,
      direction: this.direction,
      transport: this.flow.transport,
      remote: this.flow.remote,
      firstLine: msg ? firstLine(this.#made ? { ...msg, startRaw: undefined } : msg) : '',
      callId,
      cseq: msg ? header(msg, 'cseq') : undefined,
      agent: this.party.agent?.workNo,
      note: this.note,
      fault: this.fault,
    };
  }
}

/** One `sip` journal entry for what could not be kept as bytes: a message held whole, or bytes that were no message. */
export function journalSip(
  sim: Simulator,
  flow: Flow,
  direction: 'in' | 'out',
  msg: SipMessage | undefined,
  raw: Buffer | undefined,
  extra: { note?: string; fault?: string; party?: SipParty } = {},
): void {
  const party = extra.party ?? partyOf(sim, msg);
  const callId = msg ? header(msg, 'call-id') : undefined;
  sim.journal.append({
    kind: 'sip',
    at: party.tenant?.now() ?? sim.clock.now(),
    tenant: party.tenant?.id,
    corr: callId ? `sip:${callId}` : sim.nextCorr(),
    direction,
    transport: flow.transport,
    remote: flow.remote,
    firstLine: msg ? firstLine(msg) : printable(raw),
    callId,
    cseq: msg ? header(msg, 'cseq') : undefined,
    agent: party.agent?.workNo,
    note: extra.note,
    fault: extra.fault,
  });
}

/** The start of bytes that are no SIP message, safe to show. */
function printable(raw: Buffer | undefined): string {
  if (!raw) return '';
  const text = raw.subarray(0, 80).toString('latin1');
  const line = text.split(/\r?\n/)[0] ?? '';
  return line.replace(/[^\x20-\x7e]/g, '.');
}
