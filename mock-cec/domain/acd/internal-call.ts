import { type AgentRecord, isSignedIn, type SignedInAgent } from '../agents/agent-book.ts';
import {
  agentNumber,
  agentOffhookEvents,
  alertingEvents,
  type CallFacts,
  customerAlertingEvents,
  customerAnsweredEvents,
  type EventSpec,
  inboundAnsweredEvents,
  insideCallFailEvents,
  offerWithdrawnEvents,
  type PhoneState,
  releaseEvents,
} from '../agents/agent-events.ts';
import { isResting, type RestingState } from '../agents/agent-state.ts';
import type { CustomerBehaviour, LegEndReason } from '../calls/customer-calls.ts';
import type { AcdContext } from './acd-context.ts';
import type { CallBook } from './call-book.ts';
import type { CallLegs } from './call-legs.ts';
import { agentParty, answer, leave, party, ring } from './call-model.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import type { CallEndReason } from './call-state.ts';
import { pickAgent } from './pick-agent.ts';

/** What an internal call asks of the ACD. */
export interface InternalCallHost {
  land(agent: AgentRecord, first: EventSpec[], corr: string, why: string, fallback?: RestingState): void;
  distribute(corr: string): void;
}

/** Who an internal call is for: an agent (callinner) or an idle agent of a skill (callinnerskill). */
export type InternalTarget = { workNo: number } | { skillId: number };

/**
 * The CEC's legs carry no voice of their own: once both phones are up, the call's mixer
 * (media/mixer.ts, routed by mix-routes.ts as for a consult) sends each the other. [choice]
 * Silence is what a leg sends before then.
 */
const MIXED_LEG: CustomerBehaviour = { answer: 'answer', source: { kind: 'silence' }, mode: 'both' };

/**
 * An internal call (docs/vendor/transfer-and-internal-calls.md, cec_07_1235,
 * cec_07_0370): like Call Out, the caller's own phone rings first; once it is
 * off hook the called agent's phone rings; when it answers the two talk
 * through the CEC. Each phone has its own leg from the CEC (placed by the
 * simulated customer's UA, as every leg), and the two legs join the call's
 * mixer, a two-party route table: what one phone sends, the other hears. In events both agents are "a"
 * and their workNo, the call type (feature) "6".
 */
export class InternalCalls {
  constructor(
    private readonly ctx: AcdContext,
    private readonly book: CallBook,
    private readonly legs: CallLegs,
    private readonly host: InternalCallHost,
  ) {}

  start(
    caller: SignedInAgent,
    target: InternalTarget,
    appData: string | undefined,
    corr: string,
  ): CallRecord {
    const called = this.#called(caller, target);
    const calledWorkNo = 'workNo' in target ? target.workNo : called?.workNo;
    const skillId = 'skillId' in target ? target.skillId : (this.ctx.tenant.config.skills[0]?.id ?? 0);
    const previous = isResting(caller.state) ? caller.state : 'idle';
    const call = this.book.create(
      'internal',
      {
        skillId,
        // The other party as the caller's events name it.
        customer: calledWorkNo === undefined ? `s${skillId}` : agentNumber(calledWorkNo),
        caller: agentNumber(caller.workNo),
        called: calledWorkNo === undefined ? String(skillId) : agentNumber(calledWorkNo),
      },
      MIXED_LEG,
      previous,
      // callappdata is the call's data from the start, as a customer call's callData. [choice]
      appData,
    );
    this.book.opened(
      call,
      corr,
      `internal call by ${caller.workNo} to ${calledWorkNo ?? `skill ${skillId}`}`,
    );
    this.book.callingOut(call, caller.workNo, corr);
    this.ctx.agents.takeCall(caller, call.id, corr);
    if (!called || !this.#registered(caller)) {
      this.#fail(call, caller, undefined, 'unreachable', corr);
      return call;
    }
    this.#dial(call, caller, agentNumber(called.workNo), 'caller', {
      ringing: (c) => this.#alert(call, caller, c),
      answered: (c) => this.#callerOffhook(call, caller, called.workNo, c),
      ended: (reason, c) => this.#legEnded(call, caller, reason, c),
    });
    return call;
  }

  /** Either agent hangs up (the bar, the REST release, or it signs out): the call ends for both. */
  release(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#end(call, agent, 'agent', corr);
  }

  // ── the two legs ───────────────────────────────────────────────────────

  #dial(
    call: CallRecord,
    agent: SignedInAgent,
    shownAs: string,
    role: 'caller' | 'called',
    on: Parameters<CallLegs['dial']>[3],
  ): void {
    const partyId = agentParty(call.model, agent.workNo)!.id;
    const leg = this.legs.dial(
      call.id,
      partyId,
      {
        tenant: this.ctx.tenant.id,
        from: shownAs,
        toSipAccount: agent.login.phonenum,
        behaviour: MIXED_LEG,
        headers: { 'X-Call-Id': call.id },
      },
      on,
    );
    if (!leg) {
      queueMicrotask(() => on.ended('failed', this.ctx.nextCorr()));
      return;
    }
    this.book.setPartyLeg(call, partyId, leg.sipCallId);
    if (role === 'caller') this.book.setLeg(call, leg.sipCallId);
    const timeout = this.ctx.tenant.config.acd.ringTimeoutMs;
    this.legs.after(call.id, timeout, (c) => {
      if (party(call.model, partyId)?.state !== 'alerting') return;
      this.legs.hangup(this.legs.detach(call.id, partyId));
      on.ended('cancelled', c);
    });
  }

  #alert(call: CallRecord, agent: AgentRecord, corr: string): void {
    const p = agentParty(call.model, agent.workNo);
    if (p?.state !== 'alerting' || !this.legs.firstAlert(call.id, p.id)) return;
    const autoAnswer = agent.login?.autoanswer === true;
    this.ctx.agents.emit(agent, alertingEvents(this.#facts(call, agent), autoAnswer), corr);
    const leg = this.legs.leg(call.id, p.id);
    if (autoAnswer && leg) void this.legs.requestAnswer(leg);
  }

  /** The caller's phone is off hook: it talks alone while the called agent's phone rings. */
  #callerOffhook(call: CallRecord, caller: SignedInAgent, calledWorkNo: number, corr: string): void {
    const p = agentParty(call.model, caller.workNo);
    if (call.state !== 'offering' || p?.state !== 'alerting') return;
    this.#alert(call, caller, corr);
    this.book.apply(call, (m) => answer(m, p.id), corr, 'off hook');
    const called = this.ctx.agents.get(calledWorkNo);
    // Still free? It was when the call was asked for; it may have taken another since.
    if (!called || !isSignedIn(called) || called.state !== 'idle' || !this.#registered(called)) {
      this.ctx.agents.move(caller, 'dialing', corr, 'internal call');
      this.ctx.agents.emit(caller, agentOffhookEvents(), corr);
      this.#fail(call, caller, undefined, 'unreachable', corr, 3);
      return;
    }
    this.book.calledRinging(call, corr);
    this.ctx.agents.move(caller, 'dialing', corr, `calling agent ${calledWorkNo}`);
    this.ctx.agents.emit(
      caller,
      [...agentOffhookEvents(), ...customerAlertingEvents(this.#facts(call, caller), calledWorkNo)],
      corr,
    );
    this.book.apply(call, (m) => ring(m, { kind: 'agent', workNo: calledWorkNo }, { toward: p.id }), corr);
    this.ctx.agents.takeCall(called, call.id, corr);
    this.#dial(call, called, agentNumber(caller.workNo), 'called', {
      ringing: (c) => this.#alert(call, called, c),
      answered: (c) => this.#calledAnswered(call, caller, called, c),
      ended: (reason, c) => this.#legEnded(call, called, reason, c),
    });
  }

  #calledAnswered(call: CallRecord, caller: SignedInAgent, called: SignedInAgent, corr: string): void {
    const p = agentParty(call.model, called.workNo);
    if (call.state !== 'dialing' || p?.state !== 'alerting') return;
    this.#alert(call, called, corr);
    this.book.apply(call, (m) => answer(m, p.id), corr, `answered by ${called.workNo}`);
    this.book.calledAnswered(call, corr);
    // Both phones are up: the mixer routes each to the other.
    this.legs.remix(call.id, call.model);
    this.ctx.agents.move(called, 'talking', corr);
    this.ctx.agents.emit(called, inboundAnsweredEvents(this.#facts(call, called)), corr);
    this.ctx.agents.move(caller, 'talking', corr);
    this.ctx.agents.emit(caller, customerAnsweredEvents(this.#facts(call, caller)), corr);
  }

  /** A leg ended: before the call was up, the internal call failed; after, it is over for both. */
  #legEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void {
    if (call.state === 'ended') return;
    const p = agentParty(call.model, agent.workNo);
    if (call.state === 'talking') {
      this.#end(call, agent, reason === 'agent-hangup' ? 'agent' : 'platform', corr);
      return;
    }
    const caller = this.#caller(call);
    if (!caller) return;
    if (agent.workNo === caller.workNo && p?.state === 'alerting') {
      // The caller's own phone did not answer.
      this.#fail(call, caller, undefined, reason === 'rejected' ? 'rejected' : 'no-answer', corr);
    } else if (agent.workNo === caller.workNo) {
      // The caller hung up while the called agent's phone rang.
      this.#fail(call, caller, this.#calledOf(call), 'abandoned', corr, 2);
    } else {
      // The called agent declined, did not answer, or could not be reached.
      this.#fail(call, caller, agent, reason === 'rejected' ? 'rejected' : 'no-answer', corr, 3);
    }
  }

  /**
   * The internal call failed before it was up: AgentEvent_Inside_Call_Fail to
   * the caller (with its phone's release when it was off hook), and it lands
   * where it called from; a called agent whose phone rang lands too.
   */
  #fail(
    call: CallRecord,
    caller: AgentRecord,
    called: AgentRecord | undefined,
    reason: CallEndReason,
    corr: string,
    phoneState?: PhoneState,
  ): void {
    this.legs.dropAll(call.id);
    if (called) {
      const told = agentParty(call.model, called.workNo);
      this.host.land(
        called,
        offerWithdrawnEvents(this.#facts(call, called)),
        corr,
        'internal call withdrawn',
      );
      if (told) this.book.apply(call, (m) => leave(m, told.id), corr);
    }
    this.book.end(call, reason, corr);
    this.host.land(
      caller,
      insideCallFailEvents(this.#facts(call, caller), phoneState),
      corr,
      `internal call failed: ${reason}`,
      call.previous,
    );
    this.host.distribute(corr);
  }

  /** The call was up: both agents hear its release; `by` is the agent who hung up. */
  #end(call: CallRecord, by: AgentRecord, how: 'agent' | 'platform', corr: string): void {
    if (call.state === 'ended') return;
    if (call.state !== 'talking') {
      const caller = this.#caller(call);
      const called = this.#calledOf(call);
      if (caller && by.workNo === caller.workNo) this.#fail(call, caller, called, 'abandoned', corr, 2);
      else if (caller) this.#fail(call, caller, by, 'rejected', corr, 3);
      return;
    }
    this.legs.dropAll(call.id);
    const agents = call.model.parties
      .filter((p) => p.workNo !== undefined && p.state === 'talking')
      .map((p) => this.ctx.agents.get(p.workNo!))
      .filter((a): a is AgentRecord => a !== undefined);
    this.book.end(call, how === 'agent' ? 'agent-hangup' : 'failed', corr);
    for (const agent of agents) {
      const who = agent.workNo === by.workNo ? (how === 'agent' ? 'agent' : 'platform') : 'customer';
      this.host.land(
        agent,
        releaseEvents(this.#facts(call, agent), who),
        corr,
        `internal call released by ${by.workNo}`,
      );
    }
    this.host.distribute(corr);
  }

  /** The call as one agent's events describe it: the other agent is its "customer". */
  #facts(call: CallRecord, agent: AgentRecord): CallFacts {
    const mine = agentNumber(agent.workNo);
    return { ...callFacts(call), customer: call.caller === mine ? call.called : call.caller };
  }

  #caller(call: CallRecord): AgentRecord | undefined {
    const n = Number(call.caller.slice(1));
    return this.ctx.agents.get(n);
  }

  #calledOf(call: CallRecord): AgentRecord | undefined {
    const p = call.model.parties.find((x) => x.workNo !== undefined && agentNumber(x.workNo) !== call.caller);
    return p?.workNo === undefined ? undefined : this.ctx.agents.get(p.workNo);
  }

  /** The agent an internal call rings: the one named (if it can take a call), or an idle agent of the skill. */
  #called(caller: SignedInAgent, target: InternalTarget): SignedInAgent | undefined {
    if ('workNo' in target) {
      const a = this.ctx.agents.get(target.workNo);
      if (!a || a.workNo === caller.workNo || !isSignedIn(a) || a.state !== 'idle' || !this.#registered(a))
        return undefined;
      return a;
    }
    const candidates = this.ctx.agents
      .all()
      .filter(isSignedIn)
      .filter((a) => a.state === 'idle' && a.workNo !== caller.workNo)
      .map((a) => ({ ...a, registered: this.#registered(a) }));
    const picked = pickAgent(candidates, target.skillId);
    const agent = picked && this.ctx.agents.get(picked.workNo);
    return agent && isSignedIn(agent) ? agent : undefined;
  }

  #registered(agent: SignedInAgent): boolean {
    return this.ctx.calls.isRegistered(this.ctx.tenant.id, agent.login.phonenum);
  }
}
