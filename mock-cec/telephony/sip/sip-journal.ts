import type { Agent } from '../../infrastructure/config/tenant-schema.ts';
import type { Layout } from '../../infrastructure/journal/columns.ts';
import type { JournalEntry, NewEntry } from '../../infrastructure/journal/journal.ts';
import { JournalArena } from '../../infrastructure/journal/journal-arena.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
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
  // No `@`, no user (a Request-URI of the server itself, as every REGISTER's): skip the expression.
  const user = text === undefined || !text.includes('@') ? undefined : sipUserIn(text);
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

/** The user of a `sip:user@` in text (the reading `sipUserIn` does by hand). */
export const USER = /sips?:([^@\s;>:?]+)@/i;

/**
 * The user of the first `sip:user@` or `sips:user@` in `text` (any case):
 * what `USER` finds, found by a loop over the characters, as every message
 * asks it and the expression's match array was garbage on each. Text beyond
 * ASCII (where `\s` means more) is left to the expression.
 */
export function sipUserIn(text: string): string | undefined {
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    // `sip:` ends at i, or `sips:` does.
    const s = text.charCodeAt(i - 1) | 0x20;
    const start = s === 0x70 ? i - 3 : s === 0x73 ? i - 4 : -1;
    if (start < 0 || !isSip(text, start)) continue;
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x80) return USER.exec(text)?.[1];
      if (c === 0x40 || c === 0x3b || c === 0x3e || c === 0x3a || c === 0x3f || isSpace(c)) break;
    }
    if (j > i + 1 && text.charCodeAt(j) === 0x40) return text.slice(i + 1, j);
  }
  return undefined;
}

/** `sip` (any case) at `at`. */
function isSip(text: string, at: number): boolean {
  return (
    (text.charCodeAt(at) | 0x20) === 0x73 &&
    (text.charCodeAt(at + 1) | 0x20) === 0x69 &&
    (text.charCodeAt(at + 2) | 0x20) === 0x70
  );
}

/** `\s` among ASCII characters: tab, LF, VT, FF, CR, space. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** A message as the SIP table keeps it: where its bytes are in the arena, and what cannot be read from them. */
interface SipRow {
  at: number;
  tenant: string | undefined;
  direction: 'in' | 'out';
  /** Absolute position and length of the bytes in the arena (ByteRing). */
  pos: number;
  len: number;
  /** Made here (no start line as received): the first line is written anew. */
  made: boolean;
  flow: Flow;
  agent: number | undefined;
  /** Only for a message without Call-ID: a counter value taken when written. */
  corr: string | undefined;
  note: string | undefined;
  fault: string | undefined;
}

const sipLayout: Layout<SipRow> = {
  at: 'number',
  tenant: 'value',
  direction: 'value',
  pos: 'number',
  len: 'number',
  made: 'value',
  flow: 'value',
  agent: 'value',
  corr: 'value',
  note: 'value',
  fault: 'value',
};

/**
 * The `sip` entries of messages that went in or out whole, kept compactly:
 * the bytes on the wire copied into an arena, and a row of a journal table
 * (decision record 006: no object per message stays alive). An entry is made
 * by reading the bytes again, only when the journal is read. What cannot be
 * read from the bytes (whom it concerns, the note) is in the row. Before the
 * arena writes over bytes the journal still holds, their entries are made.
 */
export class SipJournal {
  readonly #arena: JournalArena<SipRow>;

  /** `bytesPerEntry`: the arena's size per journal slot (an average message fits). */
  constructor(
    private readonly sim: Simulator,
    bytesPerEntry = 512,
  ) {
    this.#arena = new JournalArena(
      sim.journal,
      { kind: 'sip', layout: sipLayout, entry: (r) => this.#entry(r) },
      Math.max(sim.journal.capacity * bytesPerEntry, 1 << 20),
    );
  }

  /**
   * Journal `msg`, received or sent as `bytes`, at `at` (the time of `party`'s
   * tenant, else the simulator's); returns its sequence number.
   */
  write(
    flow: Flow,
    direction: 'in' | 'out',
    msg: SipMessage,
    bytes: Buffer,
    party: SipParty,
    at: number,
    note?: string,
    fault?: string,
  ): number {
    this.#arena.reserve(bytes.length);
    return this.#arena.table.append({
      at,
      tenant: party.tenant?.id,
      direction,
      pos: this.#arena.bytes.write(bytes),
      len: bytes.length,
      made: msg.startRaw === undefined,
      flow,
      agent: party.agent?.workNo,
      corr: header(msg, 'call-id') ? undefined : this.sim.nextCorr(),
      note,
      fault,
    });
  }

  /**
   * What handling received message `seq` came to, known once it was handled.
   * Its row was written with neither (`write` without them), so only what there
   * is gets filled in, in place: nearly always nothing (a REGISTER answered).
   */
  outcome(seq: number, note: string | undefined, fault: string | undefined): void {
    if (note !== undefined || fault !== undefined) this.#arena.table.amend(seq, { note, fault });
  }

  #entry(r: SipRow): NewEntry {
    const bytes = this.#arena.bytes.read(r.pos, r.len);
    const parsed = bytes ? parseMessage(bytes) : undefined;
    const msg = parsed ? (parsed.ok ? parsed.message : parsed.error.partial) : undefined;
    const callId = msg ? header(msg, 'call-id') : undefined;
    return {
      kind: 'sip',
      at: r.at,
      tenant: r.tenant,
      corr: r.corr ?? `sip:${callId}`,
      direction: r.direction,
      transport: r.flow.transport,
      remote: r.flow.remote,
      firstLine: msg ? firstLine(r.made ? { ...msg, startRaw: undefined } : msg) : '(message no longer kept)',
      callId,
      cseq: msg ? header(msg, 'cseq') : undefined,
      agent: r.agent,
      note: r.note,
      fault: r.fault,
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
): JournalEntry {
  const party = extra.party ?? partyOf(sim, msg);
  const callId = msg ? header(msg, 'call-id') : undefined;
  return sim.journal.append({
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
