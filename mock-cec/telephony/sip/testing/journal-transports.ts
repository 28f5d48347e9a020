import type { Journal, SipEntry } from '../../../infrastructure/journal/journal.ts';

/**
 * Which transports a call's SIP went over, read from the journal, so a
 * real-client test proves a call over "TLS" went over TLS and not the
 * phone's fallback.
 */
function sipEntries(journal: Journal): SipEntry[] {
  return journal.query({ kind: 'sip' }).filter((e): e is SipEntry => e.kind === 'sip');
}

/** The transports of a customer call's messages on the phone's side (the customer's side is `mem`). */
export function phoneTransports(journal: Journal, callId: string): string[] {
  const seen = sipEntries(journal).filter((e) => e.callId === callId && e.transport !== 'mem');
  return [...new Set(seen.map((e) => e.transport))];
}

/** An agent-to-agent call to `sipAccount`: the transports its INVITE came in over and went out over. */
export function inviteTransports(journal: Journal, sipAccount: string): { in: string[]; out: string[] } {
  const entries = sipEntries(journal);
  const first = entries.find(
    (e) => e.direction === 'in' && e.firstLine.startsWith(`INVITE sip:${sipAccount}@`),
  );
  const invites = entries.filter((e) => e.callId === first?.callId && e.firstLine.startsWith('INVITE '));
  const over = (direction: 'in' | 'out') => [
    ...new Set(invites.filter((e) => e.direction === direction).map((e) => e.transport)),
  ];
  return { in: over('in'), out: over('out') };
}
