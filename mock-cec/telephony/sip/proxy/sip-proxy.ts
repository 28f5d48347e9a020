import { createResponse, type ResponseOptions } from '../core/build-message.ts';
import {
  appendHeader,
  headerValues,
  removeHeader,
  type SipRequest,
  type SipResponse,
} from '../core/message.ts';
import { type RequestFacts, requestFacts } from '../core/message-facts.ts';
import type { ParseError } from '../core/parse-error.ts';
import { SipReadings } from '../core/readings.ts';
import { uriUser } from '../core/uri.ts';
import { parseVia } from '../core/via.ts';
import type { FlowInfo } from './flow-info.ts';
import { Forwarder } from './forwarder.ts';
import { sheddable } from './overload.ts';
import { type ProxyDeps, routingWorld } from './proxy-deps.ts';
import { popOurRoutes } from './proxy-headers.ts';
import { guessed, guessNote, handleRegister, type RegisterDeps } from './register-handler.ts';
import { type Decision, decideRoute, mayBeLocal, type RoutingWorld } from './routing.ts';
import type { SipTenant } from './sip-tenant.ts';
import { isLive, type ServerTxn, serverKey, TIMER_64T1, TIMER_C, TransactionTable } from './transactions.ts';
import { stampVia } from './via-received.ts';

/** To tag of stateless refusals: the same for a retransmission (RFC 3261 §8.2.7), and no dialog follows. */
const SHED_TAG = 'mc-overload';
const RETRY_AFTER = [['Retry-After', '1']] as const;

/** Extensions we understand in Require / Proxy-Require (RFC 3261 §8.2.2.3): none. */
const SUPPORTED = new Set<string>();
const unsupportedOptions = (req: SipRequest, name: 'require' | 'proxy-require') => {
  const options = headerValues(req, name);
  return options.length === 0 ? options : options.filter((o) => !SUPPORTED.has(o.toLowerCase()));
};
/**
 * What OPTIONS to the server advertises (RFC 3261 §11.2): the methods that work
 * end to end — registering, and calls with INFO to agents and customers alike.
 * The simulated customer refuses REFER, UPDATE, SUBSCRIBE and MESSAGE (405), so
 * they are not promised here.
 */
const OPTIONS_HEADERS = [
  ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO'],
  ['Supported', [...SUPPORTED].join(', ')],
  ['Accept', 'application/sdp'],
] as const;

/**
 * The simulated CEC's SIP server: registrar and record-routing, transaction
 * stateful proxy (RFC 3261 §16), in one engine that never touches a socket.
 * Messages come in with the flow they arrived on; what goes out is handed to
 * `send` with the flow to use. Decisions are pure functions (routing.ts,
 * register-handler.ts, best-response.ts); this class keeps the server
 * transactions, the Forwarder the client branches.
 */
export class SipProxy {
  readonly #txns = new TransactionTable();
  readonly #forwarder: Forwarder;
  readonly #world: RoutingWorld;
  /** What the registrar and the proxy's own challenge need, made once rather than per request. */
  readonly #register: RegisterDeps;
  /** Readings of the texts that repeat request after request, remembered (decision record 006, invariant 12). */
  readonly #readings = new SipReadings();
  #nextTag = 0;
  readonly #instance: string;
  /** The time of the request being handled, while it is. */
  #handlingAt: number | undefined;
  #sweepArmed = false;

  constructor(private readonly deps: ProxyDeps) {
    this.#instance = deps.instance ? `.${deps.instance}` : '';
    this.#world = routingWorld(deps, this.#readings);
    this.#register = {
      auth: deps.auth,
      tenantOfAccount: (u) => deps.tenantOfAccount(u),
      accountOf: (u) => deps.tenantOfAccount(u)?.account(u),
      simNow: () => this.#now(),
      udpFlowTo: deps.udpFlowTo && ((ip, port) => deps.udpFlowTo!(ip, port)),
      guard: deps.guard,
      readings: this.#readings,
    };
    this.#forwarder = new Forwarder(
      deps,
      this.#txns,
      (txn, status, options, note) => this.#respond(txn, status, options, note),
      this.#readings,
    );
  }

  /** A request from a flow. Returns a note for the journal when it was absorbed or dropped. */
  receiveRequest(flow: FlowInfo, req: SipRequest): string | undefined {
    // One clock read for the whole handling (opening, deciding, answering), not one per step.
    const outer = this.#handlingAt;
    this.#handlingAt = this.deps.clock.now();
    try {
      return this.#receiveRequest(flow, req);
    } finally {
      this.#handlingAt = outer;
    }
  }

  #receiveRequest(flow: FlowInfo, received: SipRequest): string | undefined {
    const f = requestFacts(received, this.#readings);
    if (!f.ok) return this.rejectMalformed(flow, f.error);
    const facts = f.message;
    // RFC 3261 §18.2.1, RFC 3581 §4: the top Via learns where the request came from.
    const req = flow.source ? stampVia(received, facts.via, flow.source) : received;
    if (req.method === 'REGISTER') return this.#registrar(flow, req, facts);
    const key = serverKey(req.method, facts);
    const found = this.#txns.lookup(key);
    const known = found && isLive(found) ? found : undefined;
    const done = found && !isLive(found) ? found : undefined;
    if (req.method === 'ACK') {
      // The ACK of a non-2xx final response ends its transaction hop by hop (RFC 3261 §17.2.1).
      if (done?.isInvite) {
        done.expiresAt = Math.min(done.expiresAt, this.#now() + (flow.reliable ? 0 : 5000));
        return 'ACK absorbed';
      }
      if (known) return 'ACK absorbed';
      return this.#forwarder.forwardStateless(flow, req, facts);
    }
    if (done) {
      if (done.response) this.deps.resend(done.flowId, done.response, 'retransmitted');
      return 'retransmission absorbed';
    }
    if (known) {
      if (known.response && known.state !== 'accepted')
        this.deps.send(known.flow.id, known.response, 'retransmitted');
      return 'retransmission absorbed';
    }
    // RFC 5390 §3, RFC 3261 §21.5.4: overloaded, refuse new work at once and statelessly (overload.ts).
    if (this.#shed(flow, req, facts)) return 'shed: overloaded';
    const txn = this.#open(key, req, facts, flow, TIMER_C + TIMER_64T1);
    if (req.method === 'CANCEL') {
      const invite = this.#txns.lookup(serverKey('INVITE', facts));
      if (invite && !isLive(invite)) {
        this.#respond(txn, 200);
        return 'CANCEL after the final response';
      }
      return this.#forwarder.cancel(txn, invite);
    }
    // RFC 3261 §16.2: a stateful proxy answers an INVITE with 100 at once.
    if (req.method === 'INVITE') this.#respond(txn, 100);
    this.#route(txn);
    return undefined;
  }

  receiveResponse(_flow: FlowInfo, res: SipResponse): string | undefined {
    return this.#forwarder.receiveResponse(res);
  }

  /** Answer a request with a status of our choosing (the `sip-status` fault). */
  respondWith(
    flow: FlowInfo,
    req: SipRequest,
    status: number,
    reason: string | undefined,
    note: string,
  ): void {
    const f = requestFacts(req, this.#readings);
    if (!f.ok || req.method === 'ACK') return;
    if (req.method === 'REGISTER') {
      this.#answerRegister(flow, req, f.message, status, { reason }, note);
      return;
    }
    const key = serverKey(req.method, f.message);
    const txn = this.#txns.live(key) ?? this.#open(key, req, f.message, flow, TIMER_64T1);
    if (txn.state === 'proceeding') this.#respond(txn, status, { reason }, note);
  }

  /** A request we could not read: 400 (505 for another version) when a response can reach its sender. */
  rejectMalformed(flow: FlowInfo, error: ParseError): string {
    const partial = error.partial;
    if (partial?.kind !== 'request' || partial.method === 'ACK') return `dropped: ${error.detail}`;
    const top = headerValues(partial, 'via')[0];
    if (!top || !parseVia(top)) return `dropped: ${error.detail}`;
    const status = error.code === 'bad-version' ? 505 : 400;
    const warning = `399 mock-cec "${error.detail.replace(/["\\]/g, "'")}"`;
    this.deps.send(
      flow.id,
      createResponse(partial, status, { headers: [['Warning', warning]] }),
      error.detail,
    );
    return `answered ${status}: ${error.detail}`;
  }

  /** A connection closed: its bindings go (RFC 5626 §5.3), and so do branches waiting on it. */
  flowClosed(flowId: string): void {
    for (const t of this.deps.tenants()) {
      const changes = t.registrar.dropFlow(flowId);
      if (changes.length) this.deps.onBindingChanges(t, changes);
    }
    this.#forwarder.flowClosed(flowId);
  }

  /** Server transactions still remembered (for tests and the console). */
  get transactionCount(): number {
    return this.#txns.size;
  }

  #open(
    key: string,
    request: SipRequest,
    facts: ServerTxn['facts'],
    flow: FlowInfo,
    lifeMs: number,
  ): ServerTxn {
    const txn: ServerTxn = {
      key,
      request,
      facts,
      flow,
      toTag: `mc${(this.#nextTag++).toString(36)}${this.#instance}`,
      state: 'proceeding',
      cancelled: false,
      branches: [],
      expiresAt: this.#now() + lifeMs,
    };
    this.#txns.open(txn);
    this.#armSweep();
    return txn;
  }

  #route(txn: ServerTxn): void {
    const { request, facts, flow } = txn;
    if (facts.maxForwards === 0 && request.method !== 'REGISTER' && request.method !== 'OPTIONS') {
      this.#respond(txn, 483);
      return;
    }
    const unsupported = unsupportedOptions(request, 'proxy-require');
    if (unsupported.length) {
      this.#respond(txn, 420, { headers: [['Unsupported', unsupported.join(', ')]] });
      return;
    }
    const popped = popOurRoutes(request, this.deps.host, this.#readings);
    const inDialog = facts.toTag !== undefined;
    const base = {
      method: request.method,
      uri: popped.req.uri,
      inDialog,
      inboundFlowId: flow.id,
      routeFlows: popped.flows,
    };
    // Softphones authenticate what they start (RFC 3261 §22), unless it is answered here; ACK, CANCEL
    // and in-dialog requests ride on that. Only OPTIONS (and REGISTER) can be local (routing.ts): an
    // INVITE is authenticated, then routed once, for its caller's tenant.
    const authenticates = !flow.internal && !inDialog;
    const first = authenticates && !mayBeLocal(request.method) ? undefined : decideRoute(base, this.#world);
    let decision: Decision;
    let out = popped.req;
    if (first === undefined || (authenticates && first.kind !== 'local')) {
      const callerTenant = this.#authenticate(txn);
      if (!callerTenant) return;
      decision = decideRoute({ ...base, callerTenant }, this.#world);
      out = withoutOurCredentials(out, this.deps.auth.options.realm);
    } else decision = first;
    // REGISTER never gets here (#registrar took it): the one local request left is OPTIONS.
    if (decision.kind === 'local') this.#answerOptions(txn);
    else if (decision.kind === 'reject') this.#respond(txn, decision.status, {}, decision.note);
    else this.#forwarder.forward(txn, out, decision);
  }

  /** RFC 3261 §22.3: a proxy challenges with 407; the From must be the authenticated account's. */
  #authenticate(txn: ServerTxn): SipTenant | undefined {
    const { request, facts } = txn;
    const fromUri = this.#readings.uri(facts.from.uri);
    const fromUser = fromUri && uriUser(fromUri);
    const fromTenant = fromUser ? this.deps.tenantOfAccount(fromUser) : undefined;
    const now = this.#now();
    const guard = this.deps.guard;
    const held = guard?.check(fromUser ?? '', txn.flow.remote, now);
    if (held?.blocked) {
      this.#respond(txn, 403, {}, guessNote(held, fromUser ?? ''));
      return undefined;
    }
    const outcome = this.deps.auth.check(
      { method: request.method, uri: request.uri, credentials: headerValues(request, 'proxy-authorization') },
      'proxy',
      this.#register.accountOf,
      now,
      fromTenant?.digestAlgorithms,
    );
    if (!outcome.ok) {
      const started =
        guard && guessed(outcome.why) ? guard.failed(fromUser ?? '', txn.flow.remote, now) : undefined;
      const note = started?.blocked ? guessNote(started, fromUser ?? '', guard) : outcome.why;
      this.#respond(txn, outcome.status, { headers: outcome.headers }, note);
      return undefined;
    }
    guard?.succeeded(fromUser ?? '', txn.flow.remote);
    if (outcome.account.username !== fromUser || !fromTenant) {
      this.#respond(txn, 403, {}, 'From is not the authenticated account');
      return undefined;
    }
    return fromTenant;
  }

  /**
   * The registrar answers statelessly (RFC 3261 §8.2.7), as Kamailio's does:
   * no transaction opened, kept 32 s and looked up for every REGISTER, which
   * cost a quarter of the time of a digest registration and most of its
   * garbage. A REGISTER sent again is decided again (register-handler.ts).
   */
  #registrar(flow: FlowInfo, req: SipRequest, facts: RequestFacts): string | undefined {
    if (this.#shed(flow, req, facts)) return 'shed: overloaded';
    const unsupported = unsupportedOptions(req, 'require');
    if (unsupported.length) {
      this.#answerRegister(flow, req, facts, 420, { headers: [['Unsupported', unsupported.join(', ')]] });
      return undefined;
    }
    const reply = handleRegister(req, facts, flow, this.#register);
    if (reply.tenant && reply.changes.length) this.deps.onBindingChanges(reply.tenant, reply.changes);
    this.#answerRegister(
      flow,
      req,
      facts,
      reply.status,
      { reason: reply.reason, headers: reply.headers },
      reply.note,
    );
    return undefined;
  }

  /** A REGISTER's answer, sent without a transaction. */
  #answerRegister(
    flow: FlowInfo,
    req: SipRequest,
    facts: RequestFacts,
    status: number,
    options: ResponseOptions,
    note?: string,
  ): void {
    this.deps.send(flow.id, createResponse(req, status, options, this.#registrarTag(facts)), note);
  }

  /**
   * The registrar's To tag: fresh for every REGISTER, the same for its
   * retransmissions (RFC 3261 §8.2.6.2 asks a stateless UAS to compute it so):
   * its top Via branch (unique per transaction, RFC 3261 §8.1.1.7, and a token
   * like a tag), used as it is, not hashed (decision record 006, invariant 3).
   * A request without a branch (RFC 2543) gets a hash of its
   * Call-ID and CSeq.
   */
  #registrarTag(facts: RequestFacts): string {
    const branch = facts.via.branch;
    return branch
      ? `mr${branch}${this.#instance}`
      : `mr${fnv(`${facts.callId} ${facts.cseq.seq}`)}${this.#instance}`;
  }

  /** RFC 5390 §3, RFC 3261 §21.5.4: overloaded, new work is refused at once and statelessly (overload.ts). */
  #shed(flow: FlowInfo, req: SipRequest, facts: RequestFacts): boolean {
    if (!sheddable(req, facts.toTag !== undefined) || !this.deps.refuseNew()) return false;
    this.deps.send(
      flow.id,
      createResponse(req, 503, { toTag: SHED_TAG, headers: RETRY_AFTER }),
      'overloaded',
    );
    return true;
  }

  /** The one request answered here that #registrar does not: OPTIONS to the server itself. */
  #answerOptions(txn: ServerTxn): void {
    this.#respond(txn, 200, { headers: OPTIONS_HEADERS });
  }

  #respond(txn: ServerTxn, status: number, options: ResponseOptions = {}, note?: string): void {
    const res = createResponse(txn.request, status, options, options.toTag ?? txn.toTag);
    txn.response = res;
    const bytes = this.deps.send(txn.flow.id, res, note);
    if (status >= 200) {
      txn.state = 'completed';
      // Timer J (RFC 3261 §17.2.2): 64·T1 over UDP, none over reliable transports; INVITE waits for its ACK.
      const keep = txn.flow.reliable && txn.request.method !== 'INVITE' ? 0 : TIMER_64T1;
      const now = this.#now();
      txn.expiresAt = now + keep;
      if (txn.branches.length === 0) this.#txns.finish(txn, bytes, txn.expiresAt, now);
    }
  }

  #armSweep(): void {
    if (this.#sweepArmed) return;
    this.#sweepArmed = true;
    this.deps.timers.after(5000, () => {
      this.#sweepArmed = false;
      if (this.#txns.sweep(this.#now()) > 0) this.#armSweep();
    });
  }

  #now(): number {
    return this.#handlingAt ?? this.deps.clock.now();
  }
}

/**
 * RFC 3261 §22.3: the credentials a proxy consumed go no further (the called
 * phone has no business with the caller's digest); those for another realm stay.
 */
function withoutOurCredentials(req: SipRequest, realm: string): SipRequest {
  const values = headerValues(req, 'proxy-authorization');
  if (values.length === 0) return req;
  const others = values.filter((v) => /\brealm\s*=\s*"?([^",]*)"?/i.exec(v)?.[1] !== realm);
  let out = removeHeader(req, 'proxy-authorization');
  for (const v of others) out = appendHeader(out, 'proxy-authorization', v);
  return out;
}

/** FNV-1a of a text, base 36: a short stable tag from a request's identity. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
