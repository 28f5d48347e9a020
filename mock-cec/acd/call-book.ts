import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import type { NewEntry } from '../journal/journal.ts';
import type { CallRecord } from './call-record.ts';
import { type CallEndReason, type CallState, moveCall } from './call-state.ts';

/** Ended calls kept for the control API; older ones are forgotten. [choice] */
export const HISTORY = 200;

export interface CallBookContext {
  tenant: string;
  now(): number;
  append(entry: NewEntry): void;
}

/**
 * The tenant's calls and its queue: the only place a call's state changes, so
 * that every change is journaled (`state` entries, entity `call`). A queued
 * call keeps its place by first arrival, also when it comes back unanswered.
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
    callData = '',
  ): CallRecord {
    const now = this.ctx.now();
    this.#seq++;
    const call: CallRecord = {
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
      alerted: false,
      timers: [],
    };
    this.#calls.set(call.id, call);
    return call;
  }

  /** Journal a new call in the state it was created in. */
  opened(call: CallRecord, corr: string, reason?: string): void {
    this.#journal(call, call.state, corr, undefined, reason);
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
    call.state = to;
  }

  /** Replace the call's associated data; journaled in the call's state with why. */
  setCallData(call: CallRecord, data: string, corr: string, why: string): void {
    call.callData = data;
    this.#journal(call, call.state, corr, call.state, `call data ${why} (${Buffer.byteLength(data)} bytes)`);
  }

  end(call: CallRecord, reason: CallEndReason, corr: string): void {
    this.dequeue(call);
    for (const cancel of call.timers) cancel();
    call.timers = [];
    this.setState(call, 'ended', corr, reason);
    this.retire(call, reason);
  }

  /** Note how the call ended, and forget the oldest ended calls past the history's size. */
  retire(call: CallRecord, reason: CallEndReason): void {
    call.endReason = reason;
    call.endedAt = this.ctx.now();
    const ended = this.list().filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - HISTORY))) this.#calls.delete(old.id);
  }

  /** Forget every call; the caller hangs up their legs first. */
  clear(): void {
    this.#calls.clear();
    this.#queue = [];
    this.#seq = 0;
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
