import type { AgentBook, AgentRecord } from '../agents/agent-book.ts';
import {
  alertingEvents,
  callOutFailEvents,
  customerAlertingEvents,
  customerAnsweredEvents,
  type EventSpec,
  inboundAnsweredEvents,
  landingEvents,
  NO_ANSWER_REASON,
  noAnswerEvents,
  offerWithdrawnEvents,
  type PhoneState,
  releaseEvents,
} from '../agents/agent-events.ts';
import { isResting, type RestingState } from '../agents/agent-state.ts';
import type { CallLeg, CustomerBehaviour, CustomerCalls, LegEndReason } from '../calls/customer-calls.ts';
import type { Logger } from '../core/logger.ts';
import type { NewEntry } from '../journal/journal.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import { type CallEndReason, type CallState, moveCall } from './call-state.ts';
import type { CustomerDirectory } from './customer-directory.ts';
import { pickAgent } from './pick-agent.ts';

export interface AcdContext {
  tenant: TenantRuntime;
  agents: AgentBook;
  calls: CustomerCalls;
  directory: CustomerDirectory;
  append(entry: NewEntry): void;
  nextCorr(): string;
  logger: Logger;
  /** Told when an agent leaves a call for a resting state (the desk starts a rest timer). */
  onLanded?(agent: AgentRecord, rest: { restMs?: number }, corr: string): void;
}

export interface NewInboundCall {
  skillId: number;
  /** The customer's number (caller ID). */
  from: string;
  /** The access code the customer dialled. */
  to: string;
  behaviour: CustomerBehaviour;
}

export type EnqueueResult =
  | { ok: true; call: CallRecord }
  | { ok: false; problem: 'no-such-skill' | 'queue-full'; call?: CallRecord };

/** Ended calls kept for the control API; older ones are forgotten. [choice] */
const HISTORY = 200;

/**
 * Call distribution for one tenant: skill queues, offering calls to agents
 * through the SIP side's `CustomerCalls`, ring timeouts, re-queueing, Call Out,
 * and the agent events each step produces (vendor-api.md §5). Decisions come
 * from pure functions (pickAgent, the state machines); this class holds the
 * calls and reacts to the legs' progress.
 */
export class Acd {
  readonly #calls = new Map<string, CallRecord>();
  #queue: CallRecord[] = [];
  #seq = 0;

  constructor(private readonly ctx: AcdContext) {}

  get(id: string): CallRecord | undefined {
    return this.#calls.get(id);
  }

  list(): CallRecord[] {
    return [...this.#calls.values()];
  }

  /** Whether a softphone number has a live registration (the SIP side knows). */
  isRegistered(phonenum: string): boolean {
    return this.ctx.calls.isRegistered(this.ctx.tenant.id, phonenum);
  }

  /** The agent's current call, if any. */
  callOf(agent: AgentRecord): CallRecord | undefined {
    return agent.callId === undefined ? undefined : this.#calls.get(agent.callId);
  }

  /** A customer calls a skill queue: queue the call (or refuse it when full) and distribute. */
  enqueue(req: NewInboundCall, corr: string): EnqueueResult {
    const { config } = this.ctx.tenant;
    if (!config.skills.some((s) => s.id === req.skillId)) return { ok: false, problem: 'no-such-skill' };
    const call = this.#newCall('inbound', req.skillId, req.from, req.from, req.to, req.behaviour);
    const waiting = this.#queue.filter((c) => c.skillId === req.skillId).length;
    if (waiting >= config.acd.queueCapacity) {
      this.#journalCall(call, 'ended', corr, undefined, 'queue full');
      call.state = 'ended';
      this.#retire(call, 'queue-full');
      return { ok: false, problem: 'queue-full', call };
    }
    this.#journalCall(call, 'queued', corr, undefined, `skill ${req.skillId} from ${req.from}`);
    this.#enqueueInOrder(call);
    this.distribute(corr);
    return { ok: true, call };
  }

  /** Offer queued calls, oldest first, to the longest-idle ready agents with the skill. */
  distribute(corr: string): void {
    if (this.#queue.length === 0) return;
    // The ready agents, gathered once per round; an agent offered a call leaves the list.
    let candidates = this.ctx.agents
      .all()
      .filter((a) => a.state === 'idle' && a.login !== undefined)
      .map((a) => ({
        workNo: a.workNo,
        state: a.state,
        skills: a.skills,
        idleSince: a.idleSince,
        registered: this.ctx.calls.isRegistered(this.ctx.tenant.id, a.login!.phonenum),
      }));
    for (const call of [...this.#queue]) {
      if (candidates.length === 0) return;
      // An offer can fail at once and re-enter here; a call no longer queued is done with.
      if (call.state !== 'queued') continue;
      const picked = pickAgent(candidates, call.skillId, call.declinedBy);
      const agent = picked && this.ctx.agents.get(picked.workNo);
      if (!agent) continue;
      candidates = candidates.filter((c) => c !== picked);
      if (agent.state === 'idle') this.#offer(call, agent, corr);
    }
  }

  /** The agent's Answer (the bar's button or the REST call): ask the softphone to answer. */
  answer(agent: AgentRecord): boolean {
    const call = this.callOf(agent);
    if (!call || agent.state !== 'ringing' || !call.leg) return false;
    this.#requestAnswer(call.leg);
    return true;
  }

  /** The agent hangs up (the bar or REST release): whatever phase the call is in. */
  release(agent: AgentRecord, corr: string): boolean {
    const call = this.callOf(agent);
    if (!call || call.state === 'ended') return false;
    this.#hangup(this.#detach(call));
    if (call.state === 'talking') this.#released(call, agent, 'agent', corr);
    else if (call.direction === 'outbound') {
      this.#callOutFailed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 2 : undefined);
    } else this.#declined(call, agent, corr);
    return true;
  }

  /** The customer hangs up or gives up (control API). */
  customerHangup(id: string, corr: string): boolean {
    const call = this.#calls.get(id);
    if (!call || call.state === 'ended') return false;
    this.#hangup(this.#detach(call));
    const agent = call.agent === undefined ? undefined : this.ctx.agents.get(call.agent);
    if (call.state === 'queued' || !agent) {
      this.#end(call, 'abandoned', corr);
    } else if (call.state === 'talking') {
      this.#released(call, agent, 'customer', corr);
    } else if (call.direction === 'outbound') {
      this.#callOutFailed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 3 : undefined);
    } else {
      this.#withdrawn(call, agent, 'abandoned', corr);
    }
    return true;
  }

  /** The agent was signed out by force: its call ends (a ringing inbound call goes back to the queue). */
  agentGone(agent: AgentRecord, corr: string): void {
    const call = this.callOf(agent);
    agent.callId = undefined;
    if (!call || call.state === 'ended') return;
    this.#hangup(this.#detach(call));
    if (call.direction === 'inbound' && call.state === 'offering') this.#requeue(call, agent, corr);
    else this.#end(call, 'signed-out', corr);
  }

  /** Call Out (vendor-api.md §5): ring the agent's own phone first, then the customer. */
  callOut(agent: AgentRecord, called: string, caller: string, corr: string): CallRecord {
    const login = agent.login!;
    const skillId = this.ctx.tenant.config.skills[0]?.id ?? 0;
    const customer = this.ctx.directory.behaviourOf(this.ctx.tenant.id, called);
    const call = this.#newCall('outbound', skillId, called, caller, called, customer);
    call.previous = isResting(agent.state) ? agent.state : 'idle';
    this.#journalCall(call, 'offering', corr, undefined, `Call Out by ${agent.workNo} to ${called}`);
    this.#takeAgent(call, agent, corr);
    if (!this.ctx.calls.isRegistered(this.ctx.tenant.id, login.phonenum)) {
      this.#callOutFailed(call, agent, 'unreachable', corr);
      return call;
    }
    // The simulated customer places the agent leg, showing the customer's number. [choice]
    const { hangupAfterMs: _later, ...legBehaviour } = customer;
    this.#dial(call, agent, { ...legBehaviour, answer: 'answer' }, called);
    return call;
  }

  reset(): void {
    for (const call of this.#calls.values()) {
      for (const cancel of call.timers) cancel();
      this.#hangup(this.#detach(call));
    }
    this.#calls.clear();
    this.#queue = [];
    this.#seq = 0;
  }

  // ── inbound ────────────────────────────────────────────────────────────

  #offer(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#queue = this.#queue.filter((c) => c !== call);
    call.offers++;
    this.#setState(call, 'offering', corr, `to agent ${agent.workNo}`);
    this.#takeAgent(call, agent, corr);
    this.#dial(call, agent, call.behaviour, call.customer);
  }

  /** The ring timed out: CANCEL the leg, re-queue the call, set the agent not-ready with reason 2. */
  #noAnswer(call: CallRecord, agent: AgentRecord, corr: string, why: string): void {
    this.#hangup(this.#detach(call));
    this.#requeue(call, agent, corr);
    agent.callId = undefined;
    agent.afterCall = undefined;
    agent.reason = NO_ANSWER_REASON;
    this.ctx.agents.move(agent, 'busy', corr, why);
    this.ctx.agents.emit(agent, noAnswerEvents(callFacts(call)), corr);
    this.distribute(corr);
  }

  /** The agent declined a ringing call (softphone reject, or Hang Up while ringing). */
  #declined(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#requeue(call, agent, corr);
    this.#land(agent, offerWithdrawnEvents(callFacts(call)), corr, 'declined the call');
    this.distribute(corr);
  }

  /** The customer gave up while the agent's phone rang. */
  #withdrawn(call: CallRecord, agent: AgentRecord, reason: CallEndReason, corr: string): void {
    this.#end(call, reason, corr);
    this.#land(agent, offerWithdrawnEvents(callFacts(call)), corr, 'customer gave up');
    this.distribute(corr);
  }

  #requeue(call: CallRecord, agent: AgentRecord, corr: string): void {
    call.declinedBy.add(agent.workNo);
    call.agent = undefined;
    call.alerted = false;
    for (const cancel of call.timers) cancel();
    call.timers = [];
    this.#setState(call, 'queued', corr, `not answered by ${agent.workNo}`);
    this.#enqueueInOrder(call);
  }

  // ── Call Out ──────────────────────────────────────────────────────────

  /** The agent's phone is off hook: now the customer's rings, and behaves as the directory says. */
  #customerAlerting(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#setState(call, 'dialing', corr);
    this.ctx.agents.move(agent, 'dialing', corr, `calling ${call.customer}`);
    this.ctx.agents.emit(agent, customerAlertingEvents(callFacts(call)), corr);
    const { answer, answerAfterMs = 0 } = call.behaviour;
    if (answer === 'busy') {
      this.#hangup(this.#detach(call));
      this.#callOutFailed(call, agent, 'busy', corr, 3);
    } else if (answer === 'no-answer') {
      this.#after(call, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => {
        this.#hangup(this.#detach(call));
        this.#callOutFailed(call, agent, 'no-answer', c, 3);
      });
    } else if (answerAfterMs > 0) {
      this.#after(call, answerAfterMs, (c) => this.#customerAnswered(call, agent, c));
    } else {
      this.#customerAnswered(call, agent, corr);
    }
  }

  #customerAnswered(call: CallRecord, agent: AgentRecord, corr: string): void {
    call.answeredAt = this.ctx.tenant.now();
    this.#setState(call, 'talking', corr, 'customer answered');
    this.ctx.agents.move(agent, 'talking', corr);
    this.ctx.agents.emit(agent, customerAnsweredEvents(callFacts(call)), corr);
    const { hangupAfterMs } = call.behaviour;
    if (hangupAfterMs !== undefined) {
      this.#after(call, hangupAfterMs, (c) => {
        this.#hangup(this.#detach(call));
        this.#released(call, agent, 'customer', c);
      });
    }
  }

  #callOutFailed(
    call: CallRecord,
    agent: AgentRecord,
    reason: CallEndReason,
    corr: string,
    phoneState?: PhoneState,
  ): void {
    this.#end(call, reason, corr);
    const events = callOutFailEvents(callFacts(call), phoneState);
    this.#land(agent, events, corr, `Call Out failed: ${reason}`, call.previous);
    this.distribute(corr);
  }

  // ── both directions ──────────────────────────────────────────────────

  #dial(call: CallRecord, agent: AgentRecord, behaviour: CustomerBehaviour, from: string): void {
    let leg: CallLeg;
    try {
      leg = this.ctx.calls.dial({
        tenant: this.ctx.tenant.id,
        from,
        toSipAccount: agent.login!.phonenum,
        behaviour,
        headers: { 'X-Call-Id': call.id },
      });
    } catch (err) {
      this.ctx.logger.error('dial failed', { call: call.id, error: String(err) });
      this.#legEnded(call, agent, 'failed', this.ctx.nextCorr());
      return;
    }
    call.leg = leg;
    const live = (fn: (corr: string) => void) => () => {
      if (call.leg === leg) fn(this.ctx.nextCorr());
    };
    leg.on(
      'ringing',
      live((c) => this.#alert(call, agent, c)),
    );
    leg.on(
      'answered',
      live((c) => this.#legAnswered(call, agent, c)),
    );
    leg.on('ended', (reason) => live((c) => this.#legEnded(call, agent, reason, c))());
    this.#after(call, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => {
      if (call.direction === 'inbound') this.#noAnswer(call, agent, c, 'ring timeout');
      else {
        this.#hangup(this.#detach(call));
        this.#callOutFailed(call, agent, 'no-answer', c);
      }
    });
  }

  /** The agent's phone alerts (180): tell the agent, and answer at once when it signed in with autoanswer. */
  #alert(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.alerted || call.state !== 'offering') return;
    call.alerted = true;
    this.ctx.agents.emit(agent, alertingEvents(callFacts(call)), corr);
    if (agent.login?.autoanswer && call.leg) this.#requestAnswer(call.leg);
  }

  #legAnswered(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.state !== 'offering') return;
    this.#alert(call, agent, corr);
    for (const cancel of call.timers) cancel();
    call.timers = [];
    if (call.direction === 'outbound') {
      this.#customerAlerting(call, agent, corr);
      return;
    }
    call.answeredAt = this.ctx.tenant.now();
    this.#setState(call, 'talking', corr, `answered by ${agent.workNo}`);
    this.ctx.agents.move(agent, 'talking', corr);
    this.ctx.agents.emit(agent, inboundAnsweredEvents(callFacts(call)), corr);
  }

  #legEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void {
    this.#detach(call);
    if (call.state === 'talking') {
      this.#released(call, agent, reason === 'agent-hangup' ? 'agent' : 'customer', corr);
    } else if (call.direction === 'outbound') {
      const offhook = call.state === 'dialing' ? 2 : undefined;
      this.#callOutFailed(
        call,
        agent,
        call.state === 'dialing' ? 'agent-hangup' : 'unreachable',
        corr,
        offhook,
      );
    } else if (reason === 'customer-hangup' || reason === 'cancelled') {
      this.#withdrawn(call, agent, 'abandoned', corr);
    } else if (reason === 'rejected') {
      this.#declined(call, agent, corr);
    } else {
      this.#noAnswer(call, agent, corr, `softphone ${reason}`);
    }
  }

  /** A connected call ends: release events, then the agent lands in its after-call state. */
  #released(call: CallRecord, agent: AgentRecord, by: 'agent' | 'customer', corr: string): void {
    this.#end(call, by === 'agent' ? 'agent-hangup' : 'customer-hangup', corr);
    this.#land(agent, releaseEvents(callFacts(call), by), corr, `released by ${by}`);
    this.distribute(corr);
  }

  /**
   * The agent leaves its call: to the state it asked for during the call, else
   * idle (or wrap-up when it signed in with autoenteridle false), else — for
   * a failed Call Out — the state it was in before.
   */
  #land(agent: AgentRecord, first: EventSpec[], corr: string, why: string, fallback?: RestingState): void {
    const wanted = agent.afterCall;
    const to: RestingState =
      wanted?.state ?? fallback ?? (agent.login?.autoenteridle === false ? 'work' : 'idle');
    agent.callId = undefined;
    agent.afterCall = undefined;
    if (wanted) agent.reason = wanted.reason;
    this.ctx.agents.move(agent, to, corr, why);
    this.ctx.agents.emit(agent, [...first, ...landingEvents(to, agent.reason)], corr);
    this.ctx.onLanded?.(agent, { restMs: wanted?.restMs }, corr);
  }

  #takeAgent(call: CallRecord, agent: AgentRecord, corr: string): void {
    call.agent = agent.workNo;
    agent.callId = call.id;
    this.ctx.agents.move(agent, 'ringing', corr, `call ${call.id}`);
  }

  #requestAnswer(leg: CallLeg): void {
    leg.requestAnswer().catch((err: unknown) => {
      this.ctx.logger.warn('requestAnswer failed', { sipCallId: leg.sipCallId, error: String(err) });
    });
  }

  #hangup(leg: CallLeg | undefined): void {
    leg?.hangup().catch((err: unknown) => {
      this.ctx.logger.warn('hangup failed', { sipCallId: leg.sipCallId, error: String(err) });
    });
  }

  /** Stop listening to the call's leg (its later events are stale) and hand it back. */
  #detach(call: CallRecord): CallLeg | undefined {
    const leg = call.leg;
    call.leg = undefined;
    for (const cancel of call.timers) cancel();
    call.timers = [];
    return leg;
  }

  #after(call: CallRecord, ms: number, fn: (corr: string) => void): void {
    call.timers.push(this.ctx.tenant.timers.after(ms, () => fn(this.ctx.nextCorr())));
  }

  #newCall(
    direction: CallRecord['direction'],
    skillId: number,
    customer: string,
    caller: string,
    called: string,
    behaviour: CustomerBehaviour,
  ): CallRecord {
    const now = this.ctx.tenant.now();
    this.#seq++;
    const call: CallRecord = {
      id: `${Math.floor(now / 1000)}-${this.#seq}`,
      seq: this.#seq,
      direction,
      state: direction === 'inbound' ? 'queued' : 'offering',
      skillId,
      customer,
      caller,
      called,
      behaviour,
      queuedAt: now,
      declinedBy: new Set(),
      offers: 0,
      alerted: false,
      timers: [],
    };
    this.#calls.set(call.id, call);
    return call;
  }

  #enqueueInOrder(call: CallRecord): void {
    // A re-queued call keeps its place: the queue is ordered by first arrival.
    const at = this.#queue.findIndex((c) => c.seq > call.seq);
    if (at < 0) this.#queue.push(call);
    else this.#queue.splice(at, 0, call);
  }

  #end(call: CallRecord, reason: CallEndReason, corr: string): void {
    this.#queue = this.#queue.filter((c) => c !== call);
    for (const cancel of call.timers) cancel();
    call.timers = [];
    this.#setState(call, 'ended', corr, reason);
    this.#retire(call, reason);
  }

  #retire(call: CallRecord, reason: CallEndReason): void {
    call.endReason = reason;
    call.endedAt = this.ctx.tenant.now();
    const ended = [...this.#calls.values()].filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - HISTORY))) this.#calls.delete(old.id);
  }

  #setState(call: CallRecord, to: CallState, corr: string, reason?: string): void {
    const move = moveCall(call.state, to);
    if (!move.ok) throw new Error(`call ${call.id}: illegal move ${move.error.from} → ${move.error.to}`);
    this.#journalCall(call, to, corr, call.state, reason);
    call.state = to;
  }

  #journalCall(call: CallRecord, to: CallState, corr: string, from?: CallState, reason?: string): void {
    this.ctx.append({
      kind: 'state',
      at: this.ctx.tenant.now(),
      tenant: this.ctx.tenant.id,
      corr,
      entity: 'call',
      id: call.id,
      from,
      to,
      reason,
    });
  }
}
