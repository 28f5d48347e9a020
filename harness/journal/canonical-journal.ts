import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * A journal in the form two runs of the same scenario share: "same seed, same
 * result" means the same canonical journal. What differs from run to run by
 * nature, not by behaviour, is normalised, each for its reason:
 *
 * - `seq`, `at`, `ms`: positions and times (the runs happen at other moments).
 * - correlation ids (`c17`) and fault ids (`fault-3`): counters of a simulator
 *   shared by every test of a worker; renumbered in order of appearance.
 * - ports (`127.0.0.1:41234`): the OS picks free ports.
 * - SIP Call-IDs, tags and contacts: SIP.js draws them at random
 *   (`u1pasutl61ul1m90klop`, `sip:tqram5i8@0srlkt4m3e80.invalid`), the
 *   simulated customer counts them (`cc6@127.0.0.1`); a call becomes
 *   "REGISTER 410101 #1": its first request, its agent, its rank.
 * - vendor call ids (`1795624456-1`): the tenant clock's epoch seconds.
 * - WebSocket flow ids (`w3`): a counter of the simulator's connections.
 * - media packet counts and energies: real audio, never twice the same (DTMF
 *   keys received are kept: they are what was pressed).
 * - the start's tag in Call-IDs and tags (`cc3.1a2b3c4d@…`): unique per start
 *   by design (RFC 3261 §8.1.1.4), the counter before it is the behaviour.
 * - empty event long polls (`agentevent.poll` answered "no event"): how many
 *   there are depends on how long each step took, not on what happened.
 * - order between independent flows: the page's SIP, the bar's HTTP polls and
 *   the customer's leg run concurrently (browser, network, simulator), so
 *   their entries interleave differently each run. Each flow (a SIP call, an
 *   API on a path, an entity's state, an agent's events…) keeps its own
 *   order, which is the behaviour; flows are listed one after the other.
 */
export function canonicalJournal(entries: readonly JournalEntry[]): string[] {
  const kept = [...entries].sort((a, b) => a.seq - b.seq).filter((e) => !isEmptyPoll(e));
  const calls = callLabels(kept);
  const flows = new Map<string, Record<string, unknown>[]>();
  for (const e of kept) {
    const entry = normalise(e, calls);
    const key = flowOf(entry);
    const list = flows.get(key) ?? [];
    if (list.length === 0) flows.set(key, list);
    list.push(entry);
  }
  const lines = [...flows.keys()]
    .sort()
    .flatMap((key) => flows.get(key)!.map((entry) => `${key} | ${JSON.stringify(entry)}`));
  return renumber(
    renumber(lines, /"c-?\d+"/g, (n) => `"c#${n}"`),
    /fault-\d+/g,
    (n) => `fault#${n}`,
  );
}

function isEmptyPoll(e: JournalEntry): boolean {
  return e.kind === 'http' && e.api === 'agentevent.poll' && (e.note === 'no event' || e.status === 0);
}

/** "REGISTER 410101 #1" for each SIP Call-ID: its first request's method, its agent, its rank among those alike. */
function callLabels(entries: readonly JournalEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  const ranks = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'sip' || !e.callId || labels.has(e.callId)) continue;
    const method = /^([A-Z]+) /.exec(e.firstLine)?.[1] ?? 'response';
    const kind = `${method} ${e.agent ?? '-'}`;
    const rank = (ranks.get(kind) ?? 0) + 1;
    ranks.set(kind, rank);
    labels.set(e.callId, `${kind} #${rank}`);
  }
  return labels;
}

function normalise(e: JournalEntry, calls: Map<string, string>): Record<string, unknown> {
  const { seq: _seq, at: _at, ...rest } = e;
  const out: Record<string, unknown> = { ...rest };
  delete out.ms;
  const text = (v: string) => scrub(v, calls);
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = text(v);
  if (e.kind === 'sip') {
    if (e.callId) out.callId = calls.get(e.callId) ?? text(e.callId);
    // SIP.js starts its CSeq numbers at random; the method is the behaviour.
    if (e.cseq) out.cseq = e.cseq.replace(/^\d+\s+/, '');
  }
  // Counts and energies go; the scrubbed text's labels (<INVITE 101 #1>) stay. DTMF keys are what the
  // caller pressed: behaviour, kept.
  if (e.kind === 'media' && e.event !== 'dtmf' && typeof out.detail === 'string')
    out.detail = out.detail.replace(/<[^>]*>|\d+(\.\d+)?/g, (m) => (m.startsWith('<') ? m : '#'));
  return out;
}

/** Text with the run's accidents replaced (see canonicalJournal). */
function scrub(text: string, calls: Map<string, string>): string {
  let t = text;
  for (const [id, label] of calls) if (t.includes(id)) t = t.split(id).join(`<${label}>`);
  return t
    .replace(/[a-z0-9]+@[a-z0-9]+\.invalid/g, '<contact>.invalid')
    .replace(/\b(\d{1,3}(?:\.\d{1,3}){3}|localhost|\[[0-9a-f:]+\]):\d{2,5}\b/g, '$1:<port>')
    .replace(/\b\d{10}-(\d+)\b/g, '<callid>-$1')
    .replace(/\(w\d+\)/g, '(w#)');
}

/** The flow an entry belongs to: entries of one flow keep their order. */
function flowOf(e: Record<string, unknown>): string {
  switch (e.kind) {
    case 'sip':
      return `sip ${e.callId ?? '-'}`;
    case 'http':
      return `http ${e.api} ${e.method} ${e.path}`;
    case 'state':
      return `state ${e.entity} ${e.id}`;
    case 'event':
      return `event ${e.workNo}`;
    case 'media':
      return `media ${e.callId}`;
    default:
      return String(e.kind);
  }
}

/** Replace each distinct match of `pattern` by its rank of first appearance. */
function renumber(lines: string[], pattern: RegExp, name: (n: number) => string): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) =>
    line.replace(pattern, (match) => {
      if (!seen.has(match)) seen.set(match, seen.size + 1);
      return name(seen.get(match)!);
    }),
  );
}
