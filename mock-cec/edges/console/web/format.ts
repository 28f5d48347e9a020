/**
 * How the console words things: pure functions from the control API's data to
 * short text, tested without a browser (format.test.ts).
 */
import type { CallState } from '../../../domain/acd/call-state.ts';
import type { AgentState, FaultView, JournalEntry } from './views.ts';

export type Tone = 'off' | 'ready' | 'busy' | 'rest' | 'work' | 'ringing' | 'talking' | 'queued' | 'ended';

/** The badge of each agent state: the words an agent desk uses, and the vendor's code (docs/vendor/agent-gateway.md). */
export const agentBadge: Readonly<Record<AgentState, { label: string; tone: Tone }>> = {
  'signed-out': { label: 'Offline', tone: 'off' },
  idle: { label: 'Ready', tone: 'ready' },
  busy: { label: 'Busy', tone: 'busy' },
  rest: { label: 'Rest', tone: 'rest' },
  work: { label: 'Wrap-up', tone: 'work' },
  ringing: { label: 'Ringing', tone: 'ringing' },
  dialing: { label: 'Dialing', tone: 'ringing' },
  talking: { label: 'Talking', tone: 'talking' },
};

export const callBadge: Readonly<Record<CallState, { label: string; tone: Tone }>> = {
  queued: { label: 'Queued', tone: 'queued' },
  offering: { label: 'Ringing', tone: 'ringing' },
  dialing: { label: 'Dialing', tone: 'ringing' },
  talking: { label: 'Talking', tone: 'talking' },
  ended: { label: 'Ended', tone: 'ended' },
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `HH:MM:SS.mmm` of an epoch ms, shown `utcOffsetMin` minutes east of UTC (the browser's zone). */
export function clockTime(at: number, utcOffsetMin: number): string {
  const d = new Date(at + utcOffsetMin * 60_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** `YYYY-MM-DD HH:MM:SS` of an epoch ms, as clockTime. */
export function clockDateTime(at: number, utcOffsetMin: number): string {
  const d = new Date(at + utcOffsetMin * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clockTime(at, utcOffsetMin).slice(0, 8)}`;
}

/** A duration in the largest two units that matter: "1 h 2 min", "10 min", "45 s", "0 s". */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor(s / 3600) % 24, 'h'],
    [Math.floor(s / 60) % 60, 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** The key facts of a journal entry, on one line. */
export function describeEntry(e: JournalEntry): string {
  const tail = (...parts: (string | false | undefined)[]) =>
    parts
      .filter(Boolean)
      .map((p) => ` · ${p}`)
      .join('');
  switch (e.kind) {
    case 'http': {
      const answer = e.status === 0 ? 'dropped' : `${e.status}${e.code ? ` ${e.code}` : ''}`;
      return `${e.api}  ${e.method} ${e.path} → ${answer}${tail(`${e.ms} ms`, e.note, e.fault && `fault ${e.fault}`)}`;
    }
    case 'sip':
      return `${e.direction === 'in' ? '←' : '→'} ${e.firstLine}${tail(
        `${e.transport} ${e.remote}`,
        e.agent !== undefined && `agent ${e.agent}`,
        e.note,
        e.fault && `fault ${e.fault}`,
      )}`;
    case 'state':
      return `${e.entity} ${e.id}: ${e.from ? `${e.from} → ` : ''}${e.to}${e.reason ? ` (${e.reason})` : ''}`;
    case 'callback':
      return `${e.outcome}: ${e.reason}${tail(
        e.retCode !== undefined && `retCode ${JSON.stringify(e.retCode)}`,
        `${e.ms} ms`,
        e.url,
      )}`;
    case 'fault':
      return `${e.rule} → ${e.action} on ${e.target}`;
    case 'control':
      return `${e.action}${e.detail ? ` ${e.detail}` : ''}`;
    case 'media':
      return `call ${e.callId}: ${e.event}${e.detail ? ` (${e.detail})` : ''}`;
    case 'event':
      return `agent ${e.workNo} ← ${e.eventType}`;
  }
}

/** Whether an entry is worth a second look: a failure, or something a fault rule did. */
export function entryTone(e: JournalEntry): 'bad' | 'warn' | undefined {
  switch (e.kind) {
    case 'http':
      if (e.status === 0 || e.status >= 500) return 'bad';
      return e.status >= 400 || e.fault ? 'warn' : undefined;
    case 'sip':
      if (e.fault) return 'warn';
      return /^SIP\/2\.0 [4-6]\d\d/.test(e.firstLine) ? 'warn' : undefined;
    case 'callback':
      return e.outcome === 'accepted' ? undefined : 'bad';
    case 'fault':
      return 'warn';
    default:
      return undefined;
  }
}

/** What a fault rule matches: "TokenByAkSk", "sip REGISTER agent 88000101", or "any request". */
export function faultTarget(r: FaultView): string {
  const parts = [
    r.on !== 'http' && r.on,
    r.api,
    r.sipMethod,
    r.method?.toUpperCase(),
    r.path,
    r.appKey && `app ${r.appKey}`,
    r.agent !== undefined && `agent ${r.agent}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `any ${r.on} request`;
}

/** When a matching rule acts: "2nd only · at most 1× · p 0.5 · +200 ms", or "every time". */
export function faultGates(r: FaultView): string {
  const parts = [
    r.nth !== undefined && `${ordinal(r.nth)} only`,
    r.times !== undefined && `at most ${r.times}×`,
    r.probability !== undefined && `p ${r.probability}`,
    r.delayMs !== undefined && `+${r.delayMs} ms`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'every time';
}

export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
