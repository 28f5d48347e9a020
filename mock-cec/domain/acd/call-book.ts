import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { RestingState } from '../agents/agent-state.ts';
import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import {
  agentParty,
  answer,
  type CallModel,
  changedParties,
  describeParty,
  leave,
  type ModelResult,
  openCall,
  openInternalCall,
  ring,
} from './call-model.ts';
import type { CallRecord } from './call-record.ts';
import { type CallEndReason, type CallState, moveCall } from './call-state.ts';

/** Ended calls kept for the control API; older ones are forgotten. [choice] */
export const HISTORY = 200;

export interface CallBookContext {
  tenant: string;
  now(): number;
  append(entry: NewEntry): void;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
/** The book's own view of a record: the one place that writes. */
type Record_ = Writable<Omit<CallRecord, 'declinedBy'>> & { declinedBy: Set<number> };
const w = (call: CallRecord) => call as Record_;

/**
 * The tenant's calls and its queue: the only place a call changes, through
 * the named operations below, so that every change is journaled (`state`
 * entries: entity `call` for the call's state, entity `party` for each party
 * of its model, docs/decisions/007-call-model.md). A queued call keeps its
 * place by first arrival, also when it comes back unanswered.
 */
export class CallBook {
  readonly #calls = new Map<string, CallRecord>();
  #queue: CallRecord[] = [];
  #seq = 0;

  constructor(private readonly ctx: CallBookContext) {}

  get(id: string): CallRecord | undefined {
    return this.#calls.get(id);
  }

  list(): CallRecord[] {
    return [...this.#calls.values()];
  }

  /** The queue, oldest first (a copy: offering changes it). */
  queued(): CallRecord[] {
    return [...this.#queue];
  }

  waiting(skillId: number): number {
    return this.#queue.filter((c) => c.skillId === skillId).length;
  }

  create(
    direction: CallRecord['direction'],
    parties: { skillId: number; customer: string; caller: string; called: string },
    behaviour: CustomerBehaviour,
    previous?: RestingState,
    callData = '',
  ): CallRecord {
    const now = this.ctx.now();
    this.#seq++;
    const call: Record_ = {
      // The vendor's callids are epoch seconds and a counter, e.g. "1456403661-19". [doc]
      id: `${Math.floor(now / 1000)}-${this.#seq}`,
      seq: this.#seq,
      direction,
      state: direction === 'inbound' ? 'queued' : 'offering',
      ...parties,
      behaviour,
      callData,
      queuedAt: now,
      declinedBy: new Set(),
      offers: 0,
      model: direction === 'internal' ? openInternalCall() : openCall(parties.customer),
      ...(previous !== undefined ? { previous } : {}),
    };
    this.#calls.set(call.id, call);
    return call;
  }

  /** A new vendor callid that is no call record of its own: a consult's help call (docs/vendor/consult-and-conference.md). */
  nextCallId(): string {
    this.#seq++;
    return `${Math.floor(this.ctx.now() / 1000)}-${this.#seq}`;
  }

  /**
   * Another agent of the call takes it over (a consult completed as a transfer, or the asking agent
   * left a three-party call); a transfer hands the call on with handedTo.
   */
  takenOverBy(call: CallRecord, workNo: number, sipCallId: string | undefined, corr: string): void {
    w(call).agent = workNo;
    w(call).sipCallId = sipCallId;
    this.#journal(call, call.state, corr, call.state, `handed to agent ${workNo}`);
  }

  /** Journal a new call in the state it was created in. */
  opened(call: CallRecord, corr: string, reason?: string): void {
    this.#journal(call, call.state, corr, undefined, reason);
  }

  /** A call refused at the door (the queue is full): ended from the start. */
  refused(call: CallRecord, reason: CallEndReason, corr: string, why: string): void {
    w(call).state = 'ended';
    this.opened(call, corr, why);
    this.retire(call, reason);
  }

  /** Put a call in the queue at its place by first arrival. */
  enqueue(call: CallRecord): void {
    const at = this.#queue.findIndex((c) => c.seq > call.seq);
    if (at < 0) this.#queue.push(call);
    else this.#queue.splice(at, 0, call);
  }

  dequeue(call: CallRecord): void {
    this.#queue = this.#queue.filter((c) => c !== call);
  }

  /** Move a call; a move the machine refuses is a bug. */
  setState(call: CallRecord, to: CallState, corr: string, reason?: string): void {
    const move = moveCall(call.state, to);
    if (!move.ok) throw new Error(`call ${call.id}: illegal move ${move.error.from} → ${move.error.to}`);
    this.#journal(call, to, corr, call.state, reason);
    w(call).state = to;
  }

  /**
   * Apply a move of the call model (call-model.ts) and journal each party it
   * changed. A refused move changes nothing and comes back for the caller to
   * answer with the vendor's retcode.
   */
  apply(call: CallRecord, move: (model: CallModel) => ModelResult, corr: string, why?: string): ModelResult {
    const result = move(call.model);
    if (!result.ok) return result;
    const before = call.model;
    w(call).model = result.model;
    for (const { from, to } of changedParties(before, result.model)) {
      this.ctx.append({
        kind: 'state',
        at: this.ctx.now(),
        tenant: this.ctx.tenant,
        corr,
        entity: 'party',
        id: `${call.id} ${to.id}`,
        from: from && describeParty(from),
        to: describeParty(to),
        reason: why,
      });
    }
    return result;
  }

  /** The ACD offers a queued call to an agent: the agent's phone rings toward the customer. */
  offered(call: CallRecord, workNo: number, corr: string): void {
    this.dequeue(call);
    const c = w(call);
    c.offers++;
    c.agent = workNo;
    this.setState(call, 'offering', corr, `to agent ${workNo}`);
    this.#must(call, (m) => ring(m, { kind: 'agent', workNo }, { toward: 'customer' }), corr);
  }

  /** Call Out: the agent's own phone rings first, with nobody to talk to yet. */
  callingOut(call: CallRecord, workNo: number, corr: string): void {
    w(call).agent = workNo;
    this.#must(call, (m) => ring(m, { kind: 'agent', workNo }), corr, 'Call Out');
  }

  /** The offered agent did not take the call: it leaves, and the call waits in the queue again. */
  requeued(call: CallRecord, workNo: number, corr: string): void {
    const c = w(call);
    c.declinedBy.add(workNo);
    c.agent = undefined;
    this.#leaveAgent(call, workNo, corr, 'not answered');
    this.setState(call, 'queued', corr, `not answered by ${workNo}`);
    this.enqueue(call);
  }

  /** The agent's phone answered: inbound, the call is talking; Call Out, the agent talks alone while the customer is dialled. */
  agentAnswered(call: CallRecord, workNo: number, corr: string): void {
    const p = agentParty(call.model, workNo);
    if (p) this.#must(call, (m) => answer(m, p.id), corr);
    if (call.direction === 'inbound') this.#talking(call, corr, `answered by ${workNo}`);
  }

  /** Call Out: the customer's phone rings toward the agent. */
  customerRinging(call: CallRecord, workNo: number, corr: string): void {
    const p = agentParty(call.model, workNo);
    this.setState(call, 'dialing', corr);
    this.#must(call, (m) => ring(m, { id: 'customer' }, { toward: p?.id }), corr);
  }

  /** Call Out: the customer answered. */
  customerAnswered(call: CallRecord, corr: string): void {
    this.#must(call, (m) => answer(m, 'customer'), corr);
    this.#talking(call, corr, 'customer answered');
  }

  // ── transfer and internal calls (docs/vendor/transfer-and-internal-calls.md) ──

  /** A party's SIP leg (its Call-ID), or none once the ACD lets go of it. */
  setPartyLeg(call: CallRecord, party: string, sipCallId: string | undefined): void {
    const legs = { ...(call.partyLegs ?? {}) };
    if (sipCallId === undefined) delete legs[party];
    else legs[party] = sipCallId;
    w(call).partyLegs = legs;
  }

  /** A transfer is under way, waiting for `party` to answer (one at a time), or none. */
  setTransferring(call: CallRecord, party: string | undefined): void {
    w(call).transferring = party;
  }

  /**
   * The call is now the agent `workNo`'s, transferred by `from`: a release
   * transfer rings it (the call is offered again), a success transfer it
   * answered (the call goes on talking).
   */
  handedTo(call: CallRecord, workNo: number, from: number, corr: string): void {
    const c = w(call);
    c.agent = workNo;
    c.transferredFrom = from;
    if (
      call.state === 'talking' &&
      call.model.parties.every((p) => p.state !== 'talking' || p.workNo === undefined)
    )
      this.setState(call, 'offering', corr, `transferred by ${from} to ${workNo}`);
  }

  /**
   * The call left the agents for an outside number or an IVR flow (a release
   * transfer, or a transfer completed): the agent `from` is out, no agent of
   * the contact center has the call any more (it ends `transferred-out`).
   */
  transferredOut(call: CallRecord, from: number, number: string, corr: string): void {
    const c = w(call);
    c.agent = undefined;
    c.transferredFrom = from;
    c.sipCallId = undefined;
    this.#journal(call, call.state, corr, call.state, `transferred out by ${from} to ${number}`);
  }

  /** A release transfer to a skill queue: the call waits there again, keeping its first arrival; `from` is not offered it. */
  transferredToQueue(call: CallRecord, skillId: number, from: number, corr: string): void {
    const c = w(call);
    c.agent = undefined;
    c.transferredFrom = from;
    (c as { skillId: number }).skillId = skillId;
    c.declinedBy.add(from);
    this.setState(call, 'queued', corr, `transferred by ${from} to skill ${skillId}`);
    this.enqueue(call);
  }

  /** The next agent answered a release transfer: the call is talking again. */
  retaken(call: CallRecord, workNo: number, corr: string): void {
    if (call.state === 'offering') this.#talking(call, corr, `answered by ${workNo}`);
  }

  /** Internal call: the caller's phone is off hook, the called agent's rings. */
  calledRinging(call: CallRecord, corr: string): void {
    this.setState(call, 'dialing', corr);
  }

  /** Internal call: the called agent answered. */
  calledAnswered(call: CallRecord, corr: string): void {
    this.#talking(call, corr, 'the called agent answered');
  }

  /** The SIP leg to the agent's softphone the ACD listens to, or none. */
  setLeg(call: CallRecord, sipCallId: string | undefined): void {
    w(call).sipCallId = sipCallId;
  }

  /** Replace the call's associated data; journaled in the call's state with why. */
  setCallData(call: CallRecord, data: string, corr: string, why: string): void {
    w(call).callData = data;
    this.#journal(call, call.state, corr, call.state, `call data ${why} (${Buffer.byteLength(data)} bytes)`);
  }

  end(call: CallRecord, reason: CallEndReason, corr: string): void {
    this.dequeue(call);
    let model = call.model;
    for (const p of model.parties) {
      const left = leave(model, p.id);
      if (left.ok) model = left.model;
    }
    this.#must(call, () => ({ ok: true, model }), corr, reason);
    this.setState(call, 'ended', corr, reason);
    this.retire(call, reason);
  }

  /** Note how the call ended, and forget the oldest ended calls past the history's size. */
  retire(call: CallRecord, reason: CallEndReason): void {
    const c = w(call);
    c.endReason = reason;
    c.endedAt = this.ctx.now();
    c.sipCallId = undefined;
    const ended = this.list().filter((x) => x.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - HISTORY))) this.#calls.delete(old.id);
  }

  /** Forget every call; the caller hangs up their legs first. */
  clear(): void {
    this.#calls.clear();
    this.#queue = [];
    this.#seq = 0;
  }

  #talking(call: CallRecord, corr: string, why: string): void {
    w(call).answeredAt = this.ctx.now();
    this.setState(call, 'talking', corr, why);
  }

  #leaveAgent(call: CallRecord, workNo: number, corr: string, why: string): void {
    const p = agentParty(call.model, workNo);
    if (p) this.#must(call, (m) => leave(m, p.id), corr, why);
  }

  /** A move the ACD's own flow makes: refused, it is a bug. */
  #must(call: CallRecord, move: (model: CallModel) => ModelResult, corr: string, why?: string): void {
    const result = this.apply(call, move, corr, why);
    if (!result.ok) throw new Error(`call ${call.id}: call model refused: ${JSON.stringify(result.problem)}`);
  }

  #journal(call: CallRecord, to: CallState, corr: string, from?: CallState, reason?: string): void {
    this.ctx.append({
      kind: 'state',
      at: this.ctx.now(),
      tenant: this.ctx.tenant,
      corr,
      entity: 'call',
      id: call.id,
      from,
      to,
      reason,
    });
  }
}
