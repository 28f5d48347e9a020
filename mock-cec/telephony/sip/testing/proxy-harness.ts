import { ManualClock } from '../../../infrastructure/primitives/clock.ts';
import { ClockTimers } from '../../../infrastructure/primitives/timers.ts';
import { DigestAuth } from '../auth/digest-auth.ts';
import type { GuessGuard } from '../auth/guess-guard.ts';
import { NonceBook } from '../auth/nonce-book.ts';
import { header, type SipMessage } from '../core/message.ts';
import { parseMessage } from '../core/parse-message.ts';
import { serialize } from '../core/serialize.ts';
import type { FlowInfo } from '../proxy/flow-info.ts';
import { SipProxy } from '../proxy/sip-proxy.ts';
import type { SipAccount, SipTenant } from '../proxy/sip-tenant.ts';
import type { BindingChange, FlowRef } from '../registrar/binding.ts';
import { Registrar } from '../registrar/registrar.ts';
import { answerChallenge, readChallenge } from './digest-client.ts';

/**
 * A SipProxy wired to in-memory flows on a manual clock, for tests that speak
 * SIP as text and read back exactly what went out on each flow.
 */
export interface Sent {
  flowId: string;
  text: string;
  msg: SipMessage;
  note?: string;
}

/** `guard`: password-guessing limits, as SipService has by default (none unless given). */
export function proxyHarness(options: { guard?: GuessGuard } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const timers = new ClockTimers(clock, { real: false });
  const tenants = new Map<string, SipTenant>();
  const byAccount = new Map<string, SipTenant>();
  const flows = new Map<string, FlowInfo>();
  const sent: Sent[] = [];
  const changes: BindingChange[] = [];
  let customerFlow: string | undefined;
  /** Set `shedding` to play an overloaded server (refusing every new request). */
  const load = { shedding: false };

  const auth = new DigestAuth<SipAccount>({
    realm: 'mock-cec',
    algorithms: ['MD5'],
    nonces: new NonceBook({ secret: Buffer.from('k'), ttlMs: 300_000 }),
  });
  const proxy = new SipProxy({
    host: '127.0.0.1',
    clock,
    timers,
    auth,
    guard: options.guard,
    branchPrefix: 'z9hG4bK-mcT',
    tenantOfAccount: (u) => byAccount.get(u),
    tenants: () => tenants.values(),
    flow: (id) => flows.get(id),
    customerFlowId: () => customerFlow,
    send: (flowId, msg, note) => {
      const bytes = serialize(msg);
      sent.push({ flowId, text: bytes.toString('utf8'), msg, note });
      return bytes;
    },
    resend: (flowId, bytes, note) => {
      const parsed = parseMessage(bytes);
      if (parsed.ok) sent.push({ flowId, text: bytes.toString('utf8'), msg: parsed.message, note });
    },
    onBindingChanges: (_t, c) => changes.push(...c),
    refuseNew: () => load.shedding,
  });

  function addTenant(
    id: string,
    accounts: { username: string; password: string; workNo: number }[],
    customers: string[] = [],
  ) {
    const registrar = new Registrar();
    const accountMap = new Map(accounts.map((a) => [a.username, { ...a, tenant: id }]));
    const tenant: SipTenant = {
      id,
      now: () => clock.now(),
      registrar,
      account: (u) => accountMap.get(u),
      isCustomerNumber: (n) => customers.includes(n),
      digestAlgorithms: ['MD5'],
    };
    tenants.set(id, tenant);
    for (const a of accounts) byAccount.set(a.username, tenant);
    return tenant;
  }

  function addFlow(
    id: string,
    transport: FlowRef['transport'],
    options: { internal?: boolean } = {},
  ): FlowInfo {
    const f: FlowInfo = {
      id,
      transport,
      reliable: transport !== 'udp',
      local: { host: '127.0.0.1', port: transport === 'udp' || transport === 'tcp' ? 5060 : 8043 },
      remote: `192.0.2.1:${40000 + flows.size}`,
      internal: options.internal ?? false,
    };
    flows.set(id, f);
    if (options.internal) customerFlow = id;
    return f;
  }

  /** Feed text (LF line ends become CRLF) into the proxy as if it came on `flowId`. */
  function receive(flowId: string, text: string): string | undefined {
    const bytes = Buffer.from(text.includes('\r\n') ? text : text.replace(/\n/g, '\r\n'), 'utf8');
    const flow = flows.get(flowId)!;
    const parsed = parseMessage(bytes);
    if (!parsed.ok) return proxy.rejectMalformed(flow, parsed.error);
    return parsed.message.kind === 'request'
      ? proxy.receiveRequest(flow, parsed.message)
      : proxy.receiveResponse(flow, parsed.message);
  }

  /** What went out since the last call, optionally only on one flow. */
  let read = 0;
  function drain(flowId?: string): Sent[] {
    const out = sent.slice(read);
    read = sent.length;
    return flowId ? out.filter((s) => s.flowId === flowId) : out;
  }

  function advance(ms: number): void {
    clock.advance(ms);
    timers.runDue();
  }

  return {
    clock,
    timers,
    proxy,
    auth,
    sent,
    changes,
    addTenant,
    addFlow,
    receive,
    drain,
    advance,
    flows,
    load,
  };
}

export type ProxyHarness = ReturnType<typeof proxyHarness>;

/** Answer the challenge in `challenged` and return the Authorization value. */
export function credentialsFor(
  challenged: SipMessage,
  account: { username: string; password: string },
  method: string,
  uri: string,
  nc = 1,
): string {
  const value = header(challenged, 'www-authenticate') ?? header(challenged, 'proxy-authenticate');
  if (!value)
    throw new Error(`no challenge in ${challenged.kind === 'response' ? challenged.status : 'request'}`);
  return answerChallenge(readChallenge(value), { ...account, method, uri, nc });
}
