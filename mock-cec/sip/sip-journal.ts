import type { Agent } from '../config/tenant-schema.ts';
import type { Simulator } from '../state/simulator.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
import { header, type SipMessage } from './core/message.ts';
import { firstLine } from './core/serialize.ts';
import type { Flow } from './transports/flow.ts';

/** The tenant and agent a SIP message concerns, for the journal and fault rules. */
export interface SipParty {
  tenant?: TenantRuntime;
  agent?: Agent;
}

/**
 * Whom a message is about: the first softphone number among the Request-URI,
 * To and From users (callee before caller, so a fault "on agent 101" hits
 * calls to 101 and 101's own REGISTER). [choice]
 */
export function partyOf(sim: Simulator, msg: SipMessage | undefined): SipParty {
  if (!msg) return {};
  // On the hot path of every message: a plain scan for `sip:user@`, no full URI parse.
  const texts =
    msg.kind === 'request'
      ? [msg.uri, header(msg, 'to'), header(msg, 'from')]
      : [header(msg, 'to'), header(msg, 'from')];
  for (const text of texts) {
    const user = text === undefined ? undefined : USER.exec(text)?.[1];
    const tenant = user === undefined ? undefined : sim.tenantBySipAccount(user);
    if (tenant) return { tenant, agent: tenant.agentBySipAccount(user!) };
  }
  return {};
}

const USER = /sips?:([^@\s;>:?]+)@/i;

/** One `sip` journal entry for a message in or out (or bytes that were no message). */
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
