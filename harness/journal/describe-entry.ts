import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * One line about a journal entry, for failure messages and hover details:
 * what happened, without the sequence number or time (callers add those).
 */
export function describeEntry(e: JournalEntry): string {
  switch (e.kind) {
    case 'http':
      return join(
        `http ${e.api} ${e.method} ${e.path} → ${e.status === 0 ? 'dropped' : e.status}`,
        e.code !== undefined && `code ${e.code}`,
        e.fault && `fault ${e.fault}`,
        e.note && `(${e.note})`,
      );
    case 'sip':
      return join(
        `sip ${e.direction} ${e.transport} ${e.remote} ${e.firstLine}`,
        e.callId && `call ${shortId(e.callId)}`,
        e.agent !== undefined && `agent ${e.agent}`,
        e.fault && `fault ${e.fault}`,
      );
    case 'state':
      return join(`state ${e.entity} ${e.id}: ${e.from ?? '∅'} → ${e.to}`, e.reason && `(${e.reason})`);
    case 'callback':
      return join(
        `callback ${e.url} ${e.outcome}`,
        e.retCode !== undefined && `retCode ${JSON.stringify(e.retCode)}`,
        `(${e.reason})`,
      );
    case 'fault':
      return `fault ${e.rule}: ${e.action} on ${e.target}`;
    case 'control':
      return join(`control ${e.action}`, e.detail);
    case 'media':
      return join(`media ${e.event} call ${shortId(e.callId)}`, e.detail);
    case 'event':
      return `event ${e.eventType} to agent ${e.workNo}`;
    default:
      return `${(e as { kind?: unknown }).kind} entry`;
  }
}

/** Call-IDs and correlation ids are long and random: their first 8 characters tell them apart. */
export function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

/** "+1234 ms" relative to a start time. */
export function relativeTime(at: number, t0: number): string {
  return `+${at - t0} ms`;
}

function join(...parts: (string | false | undefined | null | '')[]): string {
  return parts.filter(Boolean).join(' ');
}
