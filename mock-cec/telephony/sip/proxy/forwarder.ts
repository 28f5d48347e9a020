import { createResponse, type ResponseOptions } from '../core/build-message.ts';
import {
  prependHeader,
  removeFirstValue,
  type SipRequest,
  type SipResponse,
  withUri,
} from '../core/message.ts';
import { type RequestFacts, responseFacts } from '../core/message-facts.ts';
import type { Readings } from '../core/readings.ts';
import { bestResponseIndex, relayedStatus } from './best-response.ts';
import { ackFor, cancelFor } from './client-requests.ts';
import type { FlowInfo } from './flow-info.ts';
import { type ProxyDeps, routingWorld } from './proxy-deps.ts';
import { addRecordRoute, decrementMaxForwards, ourBranch, ourVia, popOurRoutes } from './proxy-headers.ts';
import { type Decision, decideRoute, type RoutingWorld, type Target } from './routing.ts';
import {
  type ClientBranch,
  type ServerTxn,
  T1,
  T2,
  TIMER_64T1,
  TIMER_C,
  type TransactionTable,
} from './transactions.ts';

const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * The proxy's client side (RFC 3261 §16.6–16.10): forward a request to its
 * targets (one branch each), collect their responses, relay provisionals and
 * 2xx at once, send the best final response when all branches are done,
 * CANCEL, ACK non-2xx, and time out (Timers A/E, B/F, C).
 */
export class Forwarder {
  #nextBranch = 0;
  readonly #world: RoutingWorld;

  constructor(
    private readonly deps: ProxyDeps,
    private readonly txns: TransactionTable,
    private readonly respond: (
      txn: ServerTxn,
      status: number,
      options?: ResponseOptions,
      note?: string,
    ) => void,
    /** The proxy's remembered readings (readings.ts). */
    private readonly readings?: Readings,
  ) {
    this.#world = routingWorld(deps, readings);
  }

  forward(txn: ServerTxn, req: SipRequest, decision: Extract<Decision, { kind: 'forward' }>): void {
    const inDialog = txn.facts.toTag !== undefined;
    for (const target of decision.targets) {
      const out = this.deps.flow(this.#targetFlowId(target) ?? '');
      if (!out) continue;
      let msg = target.kind === 'binding' && !inDialog ? withUri(req, target.binding.uri) : req;
      msg = decrementMaxForwards(msg, txn.facts.maxForwards);
      // RFC 3261 §16.6 step 4: stay on the path of the dialogs we help create.
      if (!inDialog && DIALOG_CREATING.has(msg.method)) msg = addRecordRoute(msg, txn.flow, out);
      const id = `${this.deps.branchPrefix}${(this.#nextBranch++).toString(36)}`;
      msg = prependHeader(msg, 'via', ourVia(out, id));
      const branch: ClientBranch = {
        id,
        flowId: out.id,
        reliable: out.reliable,
        request: msg,
        state: 'calling',
        cancelPending: false,
        timers: [],
      };
      this.txns.addBranch(txn, branch);
      this.deps.send(out.id, msg);
      this.#armTimers(txn, branch);
    }
    if (txn.branches.length === 0) this.respond(txn, 480, {}, 'no live flow to the target');
  }

  /** End-to-end ACK (of a 2xx) and anything else without a transaction: forwarded as it is routed. */
  forwardStateless(flow: FlowInfo, req: SipRequest, facts: RequestFacts): string | undefined {
    const popped = popOurRoutes(req, this.deps.host, this.readings);
    const decision = decideRoute(
      {
        method: req.method,
        uri: popped.req.uri,
        inDialog: true,
        inboundFlowId: flow.id,
        routeFlows: popped.flows,
      },
      this.#world,
    );
    if (decision.kind !== 'forward')
      return `dropped: ${decision.kind === 'reject' ? decision.note : 'no target'}`;
    const out = this.deps.flow(this.#targetFlowId(decision.targets[0]!) ?? '');
    if (!out) return 'dropped: target flow gone';
    // RFC 3261 §16.11: a stateless branch is derived from the incoming one, so it is stable.
    const id = `${this.deps.branchPrefix}s${hash(facts.via.branch ?? facts.callId)}`;
    this.deps.send(
      out.id,
      prependHeader(decrementMaxForwards(popped.req, facts.maxForwards), 'via', ourVia(out, id)),
    );
    return undefined;
  }

  /** A response from downstream. Returns a note when it was absorbed or dropped. */
  receiveResponse(res: SipResponse): string | undefined {
    const f = responseFacts(res, this.readings);
    if (!f.ok) return `dropped: ${f.error.detail}`;
    // The top Via the facts read: not looked up and read again.
    const branchId = ourBranch(f.message.via, this.deps.branchPrefix);
    if (!branchId) return 'dropped: not sent by us';
    const entry = this.txns.client.get(branchId);
    if (!entry) return 'dropped: no transaction (late)';
    if (!('txn' in entry)) {
      // A branch of a finished transaction: a 2xx to its INVITE, sent again, still goes upstream.
      if (f.message.cseq.method !== entry.method) return 'answer to our CANCEL';
      if (res.status < 200) return 'late provisional dropped';
      if (res.status >= 300 || entry.method !== 'INVITE') return 'retransmission absorbed';
      this.deps.send(entry.relayTo, removeFirstValue(res, 'via'));
      return undefined;
    }
    const { txn, branch } = entry;
    if (f.message.cseq.method !== txn.request.method) return 'answer to our CANCEL';
    if (res.status < 200) return this.#provisional(txn, branch, res);
    if (branch.state === 'completed') {
      // RFC 3261 §16.7 step 5: 2xx retransmissions of an INVITE are forwarded; others absorbed.
      if (res.status < 300 && txn.request.method === 'INVITE')
        this.deps.send(txn.flow.id, removeFirstValue(res, 'via'));
      return res.status < 300 ? undefined : 'retransmission absorbed';
    }
    this.#final(txn, branch, res, removeFirstValue(res, 'via'));
    return undefined;
  }

  /** RFC 3261 §16.10: 200 to the CANCEL, then CANCEL every pending branch (or 487 when there is none). */
  cancel(cancelTxn: ServerTxn, invite: ServerTxn | undefined): string | undefined {
    if (!invite) {
      this.respond(cancelTxn, 481);
      return undefined;
    }
    this.respond(cancelTxn, 200);
    if (invite.state !== 'proceeding') return 'CANCEL after the final response';
    invite.cancelled = true;
    if (invite.branches.length === 0) this.respond(invite, 487);
    else this.#cancelBranches(invite);
    return undefined;
  }

  /** Branches waiting on a closed flow fail as on a transport error (RFC 3261 §16.9: as a 503). */
  flowClosed(flowId: string): void {
    for (const entry of [...this.txns.client.values()]) {
      if ('txn' in entry && entry.branch.flowId === flowId && entry.branch.state !== 'completed')
        this.#synthesise(entry.txn, entry.branch, 503, 'flow closed');
    }
  }

  #targetFlowId(t: Target): string | undefined {
    if (t.kind === 'binding') return t.binding.flow.id;
    if (t.kind === 'flow') return t.flowId;
    return this.deps.customerFlowId();
  }

  /** A provisional response: our Via comes off only when it is relayed (a 100 is not). */
  #provisional(txn: ServerTxn, branch: ClientBranch, res: SipResponse): string | undefined {
    const status = res.status;
    if (branch.state === 'calling') {
      branch.state = 'proceeding';
      if (txn.request.method === 'INVITE') {
        // Timer A and B stop at the first provisional; Timer C starts (RFC 3261 §16.6 step 11).
        for (const cancel of branch.timers.splice(0)) cancel();
        branch.timers.push(this.deps.timers.after(TIMER_C, () => this.#timerC(txn, branch)));
      }
    }
    if (branch.cancelPending) {
      branch.cancelPending = false;
      this.deps.send(branch.flowId, cancelFor(branch.request), 'CANCEL after the first provisional');
    }
    if (status === 100) return 'absorbed (hop by hop)';
    if (txn.state !== 'proceeding') return 'late provisional dropped';
    const relayed = removeFirstValue(res, 'via');
    txn.response = relayed;
    this.deps.send(txn.flow.id, relayed);
    return undefined;
  }

  #final(txn: ServerTxn, branch: ClientBranch, res: SipResponse, relayed: SipResponse): void {
    branch.state = 'completed';
    branch.final = relayed;
    for (const cancel of branch.timers.splice(0)) cancel();
    const isInvite = txn.request.method === 'INVITE';
    if (isInvite && res.status >= 300) this.deps.send(branch.flowId, ackFor(branch.request, res));
    if (res.status < 300) {
      // RFC 3261 §16.7 steps 5 and 10: forward every 2xx at once; cancel the other branches.
      const bytes = this.deps.send(txn.flow.id, relayed);
      if (txn.state === 'proceeding') {
        txn.state = isInvite ? 'accepted' : 'completed';
        txn.response = relayed;
        // RFC 6026: INVITE retransmissions after a 2xx are absorbed, not answered.
        txn.sent = isInvite ? undefined : bytes;
        txn.expiresAt = this.deps.clock.now() + TIMER_64T1;
      }
      if (isInvite) this.#cancelBranches(txn);
    } else {
      if (res.status >= 600 && isInvite) this.#cancelBranches(txn);
      this.#sendBestWhenDone(txn);
    }
    this.#finishWhenDone(txn);
  }

  /** Answered upstream and every branch answered: the transaction shrinks to what retransmissions need. */
  #finishWhenDone(txn: ServerTxn): void {
    if (txn.state === 'proceeding' || !txn.branches.every((b) => b.state === 'completed')) return;
    this.txns.finishForwarded(txn, txn.sent, txn.expiresAt);
  }

  /** RFC 3261 §16.7 step 6: once every branch has a final response and none was a 2xx, send the best. */
  #sendBestWhenDone(txn: ServerTxn): void {
    if (txn.state !== 'proceeding' || !txn.branches.every((b) => b.state === 'completed')) return;
    const finals = txn.branches.map((b) => b.final!);
    const best = finals[bestResponseIndex(finals.map((r) => r.status))]!;
    const status = relayedStatus(best.status);
    const out =
      status === best.status
        ? best
        : { ...best, status, reason: 'Server Internal Error', startRaw: undefined };
    txn.state = 'completed';
    txn.response = out;
    txn.expiresAt = this.deps.clock.now() + TIMER_64T1;
    txn.sent = this.deps.send(txn.flow.id, out);
  }

  #cancelBranches(txn: ServerTxn): void {
    for (const b of txn.branches) {
      if (b.state === 'completed') continue;
      if (b.state === 'proceeding') this.deps.send(b.flowId, cancelFor(b.request));
      else b.cancelPending = true;
    }
  }

  #armTimers(txn: ServerTxn, branch: ClientBranch): void {
    const t = this.deps.timers;
    const isInvite = txn.request.method === 'INVITE';
    // Timers B and F: no final answer within 64·T1 (for INVITE: no answer at all) is a 408.
    branch.timers.push(
      t.after(TIMER_64T1, () => this.#synthesise(txn, branch, txn.cancelled ? 487 : 408, 'timeout')),
    );
    if (branch.reliable) return;
    // Timers A and E: retransmit over UDP, doubling (non-INVITE capped at T2).
    const resend = (interval: number) => {
      branch.timers.push(
        t.after(interval, () => {
          if (branch.state === 'completed' || (isInvite && branch.state !== 'calling')) return;
          this.deps.send(branch.flowId, branch.request, 'retransmission');
          resend(isInvite ? interval * 2 : Math.min(interval * 2, T2));
        }),
      );
    };
    resend(T1);
  }

  #timerC(txn: ServerTxn, branch: ClientBranch): void {
    if (branch.state === 'completed') return;
    this.deps.send(branch.flowId, cancelFor(branch.request), 'Timer C');
    branch.timers.push(
      this.deps.timers.after(TIMER_64T1, () => this.#synthesise(txn, branch, 408, 'Timer C')),
    );
  }

  /** A final response made up here for a branch (timeout, closed flow), as if the branch had sent it. */
  #synthesise(txn: ServerTxn, branch: ClientBranch, status: number, why: string): void {
    if (branch.state === 'completed') return;
    branch.state = 'completed';
    const made = createResponse(branch.request, status, { reason: why === 'timeout' ? undefined : why });
    branch.final = removeFirstValue(made, 'via');
    for (const cancel of branch.timers.splice(0)) cancel();
    this.#sendBestWhenDone(txn);
    this.#finishWhenDone(txn);
  }
}

/** FNV-1a, for stable stateless branch ids. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
