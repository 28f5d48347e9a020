import { OldestFirst } from '../../../infrastructure/primitives/oldest-first.ts';
import type { SipRequest, SipResponse } from '../core/message.ts';
import type { RequestFacts } from '../core/message-facts.ts';
import { MAGIC_COOKIE, sentBy } from '../core/via.ts';
import type { FlowInfo } from './flow-info.ts';

/**
 * The proxy's transaction state (RFC 3261 §17), kept small: enough to absorb
 * retransmissions, answer them with the last response, match CANCEL to its
 * INVITE, match responses to the branches they answer, and forget it all in
 * bounded time and space.
 *
 * Server transaction (one per request received, ACK aside):
 *
 *   proceeding ──final non-2xx──▶ completed ──(ACK, or 32 s)──▶ forgotten
 *       │
 *       └──2xx to INVITE──▶ accepted (RFC 6026: absorbs INVITE retransmissions) ──32 s──▶ forgotten
 *
 * Client branch (one per target a request is forked to):
 *
 *   calling ──1xx──▶ proceeding ──final──▶ completed
 *      └──────────────────────────final──▶ completed
 */

/** RFC 3261 §17.1.1.1 and Table 4. */
export const T1 = 500;
export const T2 = 4000;
/** Timers B, F, H, J: 64·T1. */
export const TIMER_64T1 = 64 * T1;
/** Timer C: a proxy gives up on a ringing INVITE branch after 3 minutes (§16.6 step 11). */
export const TIMER_C = 180_000;

export type ServerState = 'proceeding' | 'completed' | 'accepted';

export interface ServerTxn {
  readonly key: string;
  readonly request: SipRequest;
  readonly facts: RequestFacts;
  readonly flow: FlowInfo;
  /** The To tag of responses made here. */
  readonly toTag: string;
  state: ServerState;
  /** The last response sent upstream: re-sent when the request is retransmitted. */
  response?: SipResponse;
  /** The final response forwarded upstream, as sent (none after a 2xx to an INVITE): kept once finished. */
  sent?: Buffer;
  cancelled: boolean;
  readonly branches: ClientBranch[];
  /** When it may be forgotten. */
  expiresAt: number;
}

export type BranchState = 'calling' | 'proceeding' | 'completed';

export interface ClientBranch {
  readonly id: string;
  readonly flowId: string;
  readonly reliable: boolean;
  /** The request as sent on this branch (our Via on top). */
  readonly request: SipRequest;
  state: BranchState;
  final?: SipResponse;
  /** A CANCEL waits for the first provisional response (RFC 3261 §9.1). */
  cancelPending: boolean;
  /** Cancel this branch's timers. */
  readonly timers: (() => void)[];
}

/**
 * RFC 3261 §17.2.3: a server transaction is the top Via's branch and sent-by
 * and the method (ACK counting as INVITE). Requests of RFC 2543 clients (no
 * magic cookie) fall back on the dialog identifiers and the whole top Via.
 */
export function serverKey(method: string, facts: RequestFacts): string {
  const m = method === 'ACK' ? 'INVITE' : method;
  const v = facts.via;
  if (v.branch?.startsWith(MAGIC_COOKIE)) return `${v.branch}|${sentBy(v)}|${m}`;
  return `2543|${facts.callId}|${facts.cseq.seq}|${m}|${facts.fromTag}|${sentBy(v)}|${v.branch ?? ''}`;
}

/**
 * A server transaction finished with, answered here or forwarded: all that is
 * kept is its last response as bytes, to answer retransmissions (Timer J/H;
 * none after a 2xx to an INVITE, RFC 6026, which absorbs them), whether it
 * was an INVITE, to absorb the ACK of a non-2xx, and the ids of its client
 * branches, whose relays go with it. The requests and parsed messages are let
 * go: a call holds a few hundred bytes for its 32 s, not tens of kilobytes of
 * objects the collector would go over again and again.
 */
export interface DoneTxn {
  readonly flowId: string;
  readonly response: Buffer | undefined;
  readonly isInvite: boolean;
  readonly branchIds: readonly string[];
  expiresAt: number;
}

/**
 * A client branch of a finished transaction: 2xx retransmissions to an
 * INVITE still go upstream (RFC 3261 §16.7 step 5); anything else is absorbed.
 */
export interface BranchRelay {
  readonly relayTo: string;
  readonly method: string;
}

export type ClientEntry = { txn: ServerTxn; branch: ClientBranch } | BranchRelay;

/** A transaction still running here, rather than one finished and remembered. */
export function isLive(t: ServerTxn | DoneTxn): t is ServerTxn {
  return 'request' in t;
}

export class TransactionTable {
  /**
   * Server transactions by key, running and finished alike: a new request
   * costs one lookup, and finishing a transaction replaces its value in place
   * (no delete and insert, no hole left in the table).
   */
  readonly #byKey = new Map<string, ServerTxn | DoneTxn>();
  readonly #oldest = new OldestFirst(this.#byKey);
  readonly client = new Map<string, ClientEntry>();

  /** Past this many transactions (running and finished), the oldest are forgotten first: memory stays bounded under load. */
  constructor(readonly capacity = 200_000) {}

  /** The transaction a request with this key belongs to, running or finished. */
  lookup(key: string): ServerTxn | DoneTxn | undefined {
    return this.#byKey.get(key);
  }

  /** The running transaction with this key. */
  live(key: string): ServerTxn | undefined {
    const t = this.#byKey.get(key);
    return t && isLive(t) ? t : undefined;
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** A locally answered transaction is over: keep its response until `expiresAt`, or nothing at all. */
  finish(txn: ServerTxn, response: Buffer, expiresAt: number, now: number): void {
    if (this.#byKey.get(txn.key) !== txn) return;
    if (expiresAt <= now) {
      this.#byKey.delete(txn.key);
      return;
    }
    this.#byKey.set(txn.key, {
      flowId: txn.flow.id,
      response,
      isInvite: txn.request.method === 'INVITE',
      branchIds: [],
      expiresAt,
    });
  }

  /**
   * A forwarded transaction is over (its final response sent upstream, every
   * branch answered): keep `response` (undefined: absorb retransmissions
   * without answering) and relays for its branches until `expiresAt`.
   */
  finishForwarded(txn: ServerTxn, response: Buffer | undefined, expiresAt: number): void {
    if (this.#byKey.get(txn.key) !== txn) return;
    const relayTo = txn.flow.id;
    const method = txn.request.method;
    for (const b of txn.branches) this.client.set(b.id, { relayTo, method });
    this.#byKey.set(txn.key, {
      flowId: relayTo,
      response,
      isInvite: method === 'INVITE',
      branchIds: txn.branches.map((b) => b.id),
      expiresAt,
    });
  }

  open(txn: ServerTxn): void {
    if (this.#byKey.size >= this.capacity) {
      const oldest = this.#oldest.next();
      const t = oldest === undefined ? undefined : this.#byKey.get(oldest);
      if (t && isLive(t)) this.forget(t);
      else if (oldest !== undefined) this.#forgetDone(oldest, t);
    }
    this.#byKey.set(txn.key, txn);
  }

  addBranch(txn: ServerTxn, branch: ClientBranch): void {
    txn.branches.push(branch);
    this.client.set(branch.id, { txn, branch });
  }

  forget(txn: ServerTxn): void {
    if (this.#byKey.get(txn.key) === txn) this.#byKey.delete(txn.key);
    for (const b of txn.branches) {
      for (const cancel of b.timers) cancel();
      this.client.delete(b.id);
    }
  }

  /** Forget what expired; returns how many are left. */
  sweep(now: number): number {
    for (const [key, t] of this.#byKey) {
      if (t.expiresAt > now) continue;
      if (isLive(t)) this.forget(t);
      else this.#forgetDone(key, t);
    }
    return this.#byKey.size;
  }

  #forgetDone(key: string, t: DoneTxn | undefined): void {
    this.#byKey.delete(key);
    for (const id of t?.branchIds ?? []) this.client.delete(id);
  }
}
