import type {
  CallbackEntry,
  HttpEntry,
  JournalEntry,
  SipEntry,
} from '../../mock-cec/infrastructure/journal/journal.ts';
import { shortId } from '../journal/describe-entry.ts';
import type { NoteRow, Row } from './ladder-rows.ts';
import { clientLaneOf, faultLaneOf, type LaneId, sipPeerLaneOf, stateLaneOf } from './lanes.ts';

/** The words on an arrow or note: the main text, and a quieter tag after it. */
export interface Label {
  text: string;
  tag?: string;
  /** The fault rule that shaped this exchange, shown in red. */
  fault?: string;
}

export type Tone = 'ok' | 'bad';

/**
 * One journal entry as one row of the ladder. `shaped` is the first entry
 * with the same correlation id (the entry a fault shaped, for a fault).
 */
export function entryRow(e: JournalEntry, shaped: JournalEntry): Row {
  const pos = e.seq;
  const at = e.at;
  const note = (lane: LaneId, flavor: NoteRow['flavor'], text: string, tag?: string): NoteRow => ({
    kind: 'note',
    pos,
    at,
    entry: e,
    lane,
    label: { text, tag },
    flavor,
  });
  switch (e.kind) {
    case 'http':
      return {
        kind: 'exchange',
        pos,
        at,
        entry: e,
        client: clientLaneOf(e),
        server: 'cec-http',
        request: requestLabel(e),
        response: responseLabel(e),
        flavor: 'http',
        tone: responseTone(e),
        compact: e.api === 'agentevent.poll' && responseTone(e) === 'ok' && !e.fault,
      };
    case 'callback':
      return callbackRow(e);
    case 'sip': {
      const peer = sipPeerLaneOf(e);
      const inbound = e.direction === 'in';
      return {
        kind: 'arrow',
        pos,
        at,
        entry: e,
        from: inbound ? peer : 'cec-sip',
        to: inbound ? 'cec-sip' : peer,
        label: {
          text: sipText(e.firstLine),
          tag: join(e.transport, e.callId && shortId(e.callId)),
          fault: e.fault,
        },
        flavor: 'sip',
        reply: sipStatus(e) !== undefined,
        tone: sipTone(e),
      };
    }
    case 'event':
      return {
        kind: 'arrow',
        pos,
        at,
        entry: e,
        from: 'cec-http',
        to: 'page',
        label: { text: e.eventType, tag: `agent ${e.workNo}` },
        flavor: 'event',
        reply: false,
        tone: 'ok',
      };
    case 'state': {
      const change = e.from === undefined ? e.to : `${e.from} → ${e.to}`;
      return note(stateLaneOf(e.entity), 'state', `${e.entity} ${e.id}: ${change}`, e.reason);
    }
    case 'media':
      return note('customer', 'media', `media ${e.event}`, e.detail);
    case 'control':
      return note('cec-http', 'control', `control ${e.action}`, e.detail);
    case 'fault':
      return note(
        faultLaneOf(e, shaped === e ? undefined : shaped),
        'fault',
        `fault ${e.rule}: ${e.action}`,
        e.target,
      );
    default: {
      // Only an entry from a newer simulator (read from a file) lands here: shown, not dropped.
      return note('cec-http', 'control', `${(e as { kind: string }).kind} entry`);
    }
  }
}

export function requestLabel(e: HttpEntry): Label {
  return { text: e.api, tag: `${e.method} ${e.path}` };
}

/** The return arrow: status and the vendor's result code (docs/vendor/agent-gateway.md retcode, docs/vendor/cc-management.md returnCode). */
export function responseLabel(e: HttpEntry): Label {
  const status = e.status === 0 ? 'no answer (dropped)' : String(e.status);
  return { text: join(status, e.code !== undefined && `code ${e.code}`), tag: e.note, fault: e.fault };
}

export function responseTone(e: HttpEntry): Tone {
  const failed = e.status === 0 || e.status >= 400 || (e.code !== undefined && e.code !== '0');
  return failed ? 'bad' : 'ok';
}

/** The token callback: the CEC asks the integration's verification API (docs/vendor/verification-api.md). */
function callbackRow(e: CallbackEntry): Row {
  // retCode printed as JSON, so the string "0" a careless verifier answers is told apart from 0.
  const code = e.retCode === undefined ? undefined : `retCode ${JSON.stringify(e.retCode)}`;
  return {
    kind: 'exchange',
    pos: e.seq,
    at: e.at,
    entry: e,
    client: 'cec-http',
    server: 'integration',
    request: { text: 'token callback', tag: `POST ${pathOf(e.url)}` },
    response: { text: join(e.outcome, code), tag: e.reason },
    flavor: 'callback',
    tone: e.outcome === 'accepted' ? 'ok' : 'bad',
    compact: false,
  };
}

/** "INVITE sip:1001@host SIP/2.0" → "INVITE sip:1001@host"; "SIP/2.0 180 Ringing" → "180 Ringing". */
function sipText(firstLine: string): string {
  return firstLine.replace(/^SIP\/2\.0 /, '').replace(/ SIP\/2\.0$/, '');
}

function sipStatus(e: SipEntry): number | undefined {
  const m = /^SIP\/2\.0 (\d{3})/.exec(e.firstLine);
  return m ? Number(m[1]) : undefined;
}

/** Digest challenges (401/407, RFC 3261 §22) are a normal step of REGISTER, not a failure. */
function sipTone(e: SipEntry): Tone {
  const status = sipStatus(e);
  if (e.fault) return 'bad';
  return status !== undefined && status >= 400 && status !== 401 && status !== 407 ? 'bad' : 'ok';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function join(...parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(' · ');
}
