import type { AgentRecord } from '../agents/agent-book.ts';
import {
  alertingEvents,
  type EventSpec,
  inboundAnsweredEvents,
  incomingCallInfoEvents,
  landingEvents,
  NO_ANSWER_REASON,
  noAnswerEvents,
  offerWithdrawnEvents,
  releaseEvents,
} from '../agents/agent-events.ts';
import type { RestingState } from '../agents/agent-state.ts';
import type { AnswerOutcome, CallLeg, CustomerBehaviour, LegEndReason } from '../calls/customer-calls.ts';
import type { AcdContext } from './acd-context.ts';
import { CallBook } from './call-book.ts';
import { incomingCallInfo } from './call-data.ts';
import { CallOut } from './call-out.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import type { CallEndReason } from './call-state.ts';
import { pickAgent } from './pick-agent.ts';

export type { AcdContext } from './acd-context.ts';

export interface NewInboundCall {
  skillId: number;
  /** The customer's number (caller ID). */
  from: string;
  /** The access code the customer dialled. */
  to: string;
  behaviour: CustomerBehaviour;
  /** Call-associated data, as an IVR in front of the queue would attach it (≤ 16 KB). */
  callData?: string;
}

export type EnqueueResult =
  | { ok: true; call: CallRecord }
  | { ok: false; problem: 'no-such-skill' | 'queue-full'; call?: CallRecord };

/**
 * Call distribution for one tenant: skill queues, offering calls to agents
 * through the SIP side's `CustomerCalls`, ring timeouts, re-queueing, and the
 * agent events each step produces (docs/vendor/agent-events.md). Decisions come from
 * pure functions (pickAgent, the state machines); this class reacts to the
 * legs' progress. Call Out lives in call-out.ts and shares the leg plumbing.
 */
export class Acd {
  readonly #book: CallBook;
  readonly #callOut: CallOut;

  constructor(private readonly ctx: AcdContext) {
    this.#book = new CallBook({ tenant: ctx.tenant.id, now: () => ctx.tenant.now(), append: ctx.append });
    this.#callOut = new CallOut(ctx, this.#book, {
      takeAgent: (call, agent, corr) => this.#takeAgent(call, agent, corr),
      dial: (call, agent, behaviour, from) => this.#dial(call, agent, behaviour, from),
      drop: (call) => this.#hangup(this.#detach(call)),
      after: (call, ms, fn) => this.#after(call, ms, fn),
      land: (agent, first, corr, why, fallback) => this.#land(agent, first, corr, why, fallback),
      distribute: (corr) => this.distribute(corr),
      customerHangup: (id, corr) => this.customerHangup(id, corr),
    });
  }

  get(id: string): CallRecord | undefined {
    return this.#book.get(id);
  }

  list(): CallRecord[] {
    return this.#book.list();
  }

  /** Whether a softphone number has a live registration (the SIP side knows). */
  isRegistered(phonenum: string): boolean {
    return this.ctx.calls.isRegistered(this.ctx.tenant.id, phonenum);
  }

  /** The agent's current call, if any. */
  callOf(agent: AgentRecord): CallRecord | undefined {
    return agent.callId === undefined ? undefined : this.#book.get(agent.callId);
  }

  /** Replace a call's associated data (setcalldataex, the control API). */
  setCallData(call: CallRecord, data: string, why: string, corr: string): void {
    this.#book.setCallData(call, data, corr, why);
  }

  /** A customer calls a skill queue: queue the call (or refuse it when full) and distribute. */
  enqueue(req: NewInboundCall, corr: string): EnqueueResult {
    const { config } = this.ctx.tenant;
    if (!config.skills.some((s) => s.id === req.skillId)) return { ok: false, problem: 'no-such-skill' };
    const parties = { skillId: req.skillId, customer: req.from, caller: req.from, called: req.to };
    const call = this.#book.create('inbound', parties, req.behaviour, req.callData);
    if (this.#book.waiting(req.skillId) >= config.acd.queueCapacity) {
      call.state = 'ended';
      this.#book.opened(call, corr, 'queue full');
      this.#book.retire(call, 'queue-full');
      return { ok: false, problem: 'queue-full', call };
    }
    this.#book.opened(call, corr, `skill ${req.skillId} from ${req.from}`);
    this.#book.enqueue(call);
    this.distribute(corr);
    return { ok: true, call };
  }

  /** Offer queued calls, oldest first, to the longest-idle ready agents with the skill. */
  distribute(corr: string): void {
    const queue = this.#book.queued();
    if (queue.length === 0) return;
    // The ready agents, gathered once per round; an agent offered a call leaves the list.
    let candidates = this.ctx.agents
      .all()
      .filter((a) => a.state === 'idle' && a.login !== undefined)
      .map((a) => ({
        workNo: a.workNo,
        state: a.state,
        // The skills the agent is signed in to (resetskill), not all it is configured with.
        skills: a.login!.skills,
        idleSince: a.idleSince,
        registered: this.isRegistered(a.login!.phonenum),
      }));
    for (const call of queue) {
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

  /**
   * The agent's Answer (the bar's button or the REST call): ask the softphone
   * to answer. Undefined when there is no ringing call; else whether the phone
   * took the request.
   */
  answer(agent: AgentRecord): Promise<AnswerOutcome> | undefined {
    const call = this.callOf(agent);
    if (!call || agent.state !== 'ringing' || !call.leg) return undefined;
    return this.#requestAnswer(call.leg);
  }

  /** The agent hangs up (the bar or REST release): whatever phase the call is in. */
  release(agent: AgentRecord, corr: string): boolean {
    const call = this.callOf(agent);
    if (!call || call.state === 'ended') return false;
    this.#hangup(this.#detach(call));
    if (call.state === 'talking') this.#released(call, agent, 'agent', corr);
    else if (call.direction === 'outbound') {
      this.#callOut.failed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 2 : undefined);
    } else this.#declined(call, agent, corr);
    return true;
  }

  /** The customer hangs up or gives up (control API, or a customer who hangs up after a while). */
  customerHangup(id: string, corr: string): boolean {
    const call = this.#book.get(id);
    if (!call || call.state === 'ended') return false;
    this.#hangup(this.#detach(call));
    const agent = call.agent === undefined ? undefined : this.ctx.agents.get(call.agent);
    if (call.state === 'queued' || !agent) this.#book.end(call, 'abandoned', corr);
    else if (call.state === 'talking') this.#released(call, agent, 'customer', corr);
    else if (call.direction === 'outbound') {
      this.#callOut.failed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 3 : undefined);
    } else this.#withdrawn(call, agent, corr);
    return true;
  }

  /** The agent was signed out by force: its call ends (a ringing inbound call goes back to the queue). */
  agentGone(agent: AgentRecord, corr: string): void {
    const call = this.callOf(agent);
    agent.callId = undefined;
    if (!call || call.state === 'ended') return;
    this.#hangup(this.#detach(call));
    if (call.direction === 'inbound' && call.state === 'offering') this.#requeue(call, agent, corr);
    else this.#book.end(call, 'signed-out', corr);
  }

  /** Call Out (docs/vendor/agent-gateway.md): ring the agent's own phone first, then the customer. */
  callOut(agent: AgentRecord, called: string, caller: string, corr: string): CallRecord {
    return this.#callOut.start(agent, called, caller, corr);
  }

  reset(): void {
    for (const call of this.#book.list()) this.#hangup(this.#detach(call));
    this.#book.clear();
  }

  // ── inbound ────────────────────────────────────────────────────────────

  #offer(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#book.dequeue(call);
    call.offers++;
    this.#book.setState(call, 'offering', corr, `to agent ${agent.workNo}`);
    this.#takeAgent(call, agent, corr);
    if (this.ctx.tenant.config.gateway.incomingCallInfo) {
      this.ctx.agents.emit(
        agent,
        incomingCallInfoEvents(incomingCallInfo(call, this.ctx.tenant.config)),
        corr,
      );
    }
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
  #withdrawn(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#book.end(call, 'abandoned', corr);
    this.#land(agent, offerWithdrawnEvents(callFacts(call)), corr, 'customer gave up');
    this.distribute(corr);
  }

  #requeue(call: CallRecord, agent: AgentRecord, corr: string): void {
    call.declinedBy.add(agent.workNo);
    call.agent = undefined;
    call.alerted = false;
    for (const cancel of call.timers) cancel();
    call.timers = [];
    this.#book.setState(call, 'queued', corr, `not answered by ${agent.workNo}`);
    this.#book.enqueue(call);
  }

  // ── the agent leg, both directions ───────────────────────────────────

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
    // Events of a leg the ACD has let go (CANCELled, re-queued) are stale.
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
        this.#callOut.failed(call, agent, 'no-answer', c);
      }
    });
  }

  /** The agent's phone alerts (180): tell the agent, and answer at once when it signed in with autoanswer. */
  #alert(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.alerted || call.state !== 'offering') return;
    call.alerted = true;
    const autoAnswer = agent.login?.autoanswer === true;
    this.ctx.agents.emit(agent, alertingEvents(callFacts(call), autoAnswer), corr);
    if (autoAnswer && call.leg) this.#requestAnswer(call.leg);
  }

  #legAnswered(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.state !== 'offering') return;
    this.#alert(call, agent, corr);
    for (const cancel of call.timers) cancel();
    call.timers = [];
    if (call.direction === 'outbound') {
      this.#callOut.customerAlerting(call, agent, corr);
      return;
    }
    call.answeredAt = this.ctx.tenant.now();
    this.#book.setState(call, 'talking', corr, `answered by ${agent.workNo}`);
    this.ctx.agents.move(agent, 'talking', corr);
    this.ctx.agents.emit(agent, inboundAnsweredEvents(callFacts(call)), corr);
  }

  #legEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void {
    this.#detach(call);
    if (call.state === 'talking') {
      const by = reason === 'agent-hangup' ? 'agent' : reason === 'customer-hangup' ? 'customer' : 'platform';
      this.#released(call, agent, by, corr);
    } else if (call.direction === 'outbound') {
      const offhook = call.state === 'dialing';
      this.#callOut.failed(
        call,
        agent,
        offhook ? 'agent-hangup' : 'unreachable',
        corr,
        offhook ? 2 : undefined,
      );
    } else if (reason === 'customer-hangup' || reason === 'cancelled') {
      this.#withdrawn(call, agent, corr);
    } else if (reason === 'rejected') {
      this.#declined(call, agent, corr);
    } else {
      this.#noAnswer(call, agent, corr, `softphone ${reason}`);
    }
  }

  /** A connected call ends: release events, then the agent lands in its after-call state. */
  #released(call: CallRecord, agent: AgentRecord, by: 'agent' | 'customer' | 'platform', corr: string): void {
    const reason: CallEndReason = { agent: 'agent-hangup', customer: 'customer-hangup', platform: 'failed' }[
      by
    ] as CallEndReason;
    this.#book.end(call, reason, corr);
    this.#land(agent, releaseEvents(callFacts(call), by), corr, `released by ${by}`, undefined, true);
    this.distribute(corr);
  }

  /**
   * The agent leaves its call: to the state it asked for during the call, else
   * — for a failed Call Out — the state it was in before, else idle (or
   * wrap-up when it signed in with autoenteridle false).
   */
  #land(
    agent: AgentRecord,
    first: EventSpec[],
    corr: string,
    why: string,
    fallback?: RestingState,
    connected = false,
  ): void {
    const wanted = agent.afterCall;
    const to: RestingState =
      wanted?.state ?? fallback ?? (agent.login?.autoenteridle === false ? 'work' : 'idle');
    agent.callId = undefined;
    agent.afterCall = undefined;
    if (wanted) agent.reason = wanted.reason;
    this.ctx.agents.move(agent, to, corr, why);
    this.ctx.agents.emit(agent, [...first, ...landingEvents(to, agent.reason)], corr);
    // connected: the call was talking, so a landing in wrap-up is after-call work (its timer starts).
    this.ctx.onLanded?.(agent, { restMs: wanted?.restMs, connected }, corr);
  }

  #takeAgent(call: CallRecord, agent: AgentRecord, corr: string): void {
    call.agent = agent.workNo;
    agent.callId = call.id;
    this.ctx.agents.move(agent, 'ringing', corr, `call ${call.id}`);
  }

  #requestAnswer(leg: CallLeg): Promise<AnswerOutcome> {
    return leg.requestAnswer().then(
      (outcome) => {
        if (!outcome.ok)
          this.ctx.logger.warn('softphone not answered', { sipCallId: leg.sipCallId, why: outcome.why });
        return outcome;
      },
      (err: unknown) => {
        this.ctx.logger.warn('requestAnswer failed', { sipCallId: leg.sipCallId, error: String(err) });
        return { ok: false, why: String(err) };
      },
    );
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
}
