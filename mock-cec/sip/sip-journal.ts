import type { Agent } from '../config/tenant-schema.ts';
import { ByteRing } from '../core/byte-ring.ts';
import { EntryStore, type NewEntry } from '../journal/journal.ts';
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

/**
 * The `sip` entries of messages that went in or out whole, kept compactly:
 * the bytes on the wire copied into an arena, and a few references in
 * columns indexed like the journal's ring. No object per message stays alive
 * (a busy server journals tens of thousands a second, and objects living a
 * few seconds are the garbage collector's worst case); an entry is made by
 * reading the bytes again, only when the journal is read. What cannot be read
 * from the bytes (whom it concerns, the note) is kept as it was. Before the
 * arena writes over bytes the journal still holds, their entries are made.
 */
export class SipJournal extends EntryStore {
  readonly kind = 'sip';
  readonly #cap: number;
  readonly #seq: Float64Array;
  readonly #at: Float64Array;
  readonly #pos: Float64Array;
  readonly #len: Int32Array;
  /** Bit 1: sent (else received); bit 2: made here (no start line as received). */
  readonly #flags: Uint8Array;
  readonly #tenant: (string | undefined)[];
  readonly #flow: (Flow | undefined)[];
  readonly #agent: (number | undefined)[];
  /** Only for a message without Call-ID: a counter value taken when written. */
  readonly #corr: (string | undefined)[];
  readonly #note: (string | undefined)[];
  readonly #fault: (string | undefined)[];
  readonly #bytes: ByteRing;
  /** The oldest entry whose bytes may still be in the arena. */
  #spillFrom = 1;

  /** `bytesPerEntry`: the arena's size per journal slot (an average message fits). */
  constructor(
    private readonly sim: Simulator,
    bytesPerEntry = 512,
  ) {
    super();
    const cap = sim.journal.capacity;
    this.#cap = cap;
    this.#seq = new Float64Array(cap);
    this.#at = new Float64Array(cap);
    this.#pos = new Float64Array(cap);
    this.#len = new Int32Array(cap);
    this.#flags = new Uint8Array(cap);
    this.#tenant = new Array(cap);
    this.#flow = new Array(cap);
    this.#agent = new Array(cap);
    this.#corr = new Array(cap);
    this.#note = new Array(cap);
    this.#fault = new Array(cap);
    this.#bytes = new ByteRing(Math.max(cap * bytesPerEntry, 1 << 20));
  }

  /** Journal `msg`, received or sent as `bytes`, at `at` (the time of `party`'s tenant, else the simulator's). */
  write(
    flow: Flow,
    direction: 'in' | 'out',
    msg: SipMessage,
    bytes: Buffer,
    party: SipParty,
    at: number,
    note?: string,
    fault?: string,
  ): void {
    const journal = this.sim.journal;
    this.#spill(bytes.length);
    const seq = journal.nextSeq;
    const i = (seq - 1) % this.#cap;
    this.#seq[i] = seq;
    this.#at[i] = at;
    this.#pos[i] = this.#bytes.write(bytes);
    this.#len[i] = bytes.length;
    this.#flags[i] = (direction === 'out' ? 1 : 0) | (msg.startRaw === undefined ? 2 : 0);
    this.#tenant[i] = party.tenant?.id;
    this.#flow[i] = flow;
    this.#agent[i] = party.agent?.workNo;
    this.#corr[i] = header(msg, 'call-id') ? undefined : this.sim.nextCorr();
    this.#note[i] = note;
    this.#fault[i] = fault;
    journal.appendStored(this);
  }

  override at(seq: number): number {
    return this.#at[(seq - 1) % this.#cap]!;
  }

  override tenant(seq: number): string | undefined {
    return this.#tenant[(seq - 1) % this.#cap];
  }

  override entry(seq: number): NewEntry {
    const i = (seq - 1) % this.#cap;
    const bytes = this.#bytes.read(this.#pos[i]!, this.#len[i]!);
    const parsed = bytes ? parseMessage(bytes) : undefined;
    const msg = parsed ? (parsed.ok ? parsed.message : parsed.error.partial) : undefined;
    const callId = msg ? header(msg, 'call-id') : undefined;
    const flow = this.#flow[i]!;
    const made = (this.#flags[i]! & 2) !== 0;
    return {
      kind: 'sip',
      at: this.#at[i]!,
      tenant: this.#tenant[i],
      corr: this.#corr[i] ?? `sip:${callId}`,
      direction: (this.#flags[i]! & 1) !== 0 ? 'out' : 'in',
      transport: flow.transport,
      remote: flow.remote,
      firstLine: msg ? firstLine(made ? { ...msg, startRaw: undefined } : msg) : '(message no longer kept)',
      callId,
      cseq: msg ? header(msg, 'cseq') : undefined,
      agent: this.#agent[i],
      note: this.#note[i],
      fault: this.#fault[i],
    };
  }

  /** Make the entries whose bytes the next write of `length` bytes would write over. */
  #spill(length: number): void {
    const journal = this.sim.journal;
    const lost = this.#bytes.startFor(length) + length - this.#bytes.size;
    if (lost <= 0) return;
    const next = journal.nextSeq;
    let seq = Math.max(this.#spillFrom, journal.dropped + 1);
    for (; seq < next; seq++) {
      const i = (seq - 1) % this.#cap;
      if (this.#seq[i] !== seq) continue;
      if (this.#pos[i]! >= lost) break;
      journal.settle(seq, this);
    }
    this.#spillFrom = seq;
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
