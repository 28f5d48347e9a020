import { type AgentRecord, isSignedIn, type SignedInAgent } from '../agents/agent-book.ts';
import {
  alertingEvents,
  conferenceEvents,
  connectFailEvents,
  type EventSpec,
  holdEvents,
  inboundAnsweredEvents,
  NO_ANSWER_REASON,
  noAnswerEvents,
  offerWithdrawnEvents,
  outsideAlertingEvents,
  outsideReleasedEvents,
  outsideTalkingEvents,
  returnFromIvrEvents,
  succTransResultEvents,
  transferredAwayEvents,
} from '../agents/agent-events.ts';
import type { RestingState } from '../agents/agent-state.ts';
import type { LegEndReason } from '../calls/customer-calls.ts';
import { done, type OpResult, refuse } from '../gateway/op-result.ts';
import type { TransferRequest } from '../gateway/transfer-request.ts';
import type { AcdContext } from './acd-context.ts';
import type { CallBook } from './call-book.ts';
import type { CallLegs } from './call-legs.ts';
import {
  agentParty,
  answer,
  type CallModel,
  cancelConsult,
  completeAsConference,
  completeAsTransfer,
  consult,
  heldBy,
  leave,
  party,
  returnFromIvr,
  ring,
  suspendToIvr,
  transfer,
} from './call-model.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import { pickAgent } from './pick-agent.ts';
import { planTransfer, type TransferPlan } from './transfer-plan.ts';

/** What a transfer asks of the ACD. */
export interface TransferHost {
  land(agent: AgentRecord, first: EventSpec[], corr: string, why: string, fallback?: RestingState): void;
  distribute(corr: string): void;
  /** The next agent's leg ended after it answered: the call's usual end (release events, landing). */
  agentLegEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void;
  /** The legs and the call's mixer follow a move (acd.sync). */
  sync(call: CallRecord, before: CallModel): void;
}

/**
 * How long the customer and an outside number talk once the agent has left a
 * talk or three-way transfer, when neither the number nor the customer says
 * (their `hangupAfterMs`); the control API hangs the customer up sooner. [choice]
 */
export const OUTSIDE_TALK_MS = 60_000;

/** A talk or three-way transfer to an outside number under way: the agent still in the call. */
interface Via {
  readonly outside: string;
  readonly number: string;
  readonly mode: 'talk' | 'three-way';
  /** The transferring agent. */
  readonly by: number;
}

/**
 * Transfer (docs/vendor/transfer-and-internal-calls.md, cec_07_1242): moves of
 * the call model (call-model.ts `transfer`, `answer`, `leave`) carried out on
 * the wire. The customer's audio follows the call: the simulated customer
 * places a new leg (same caller number, same voice) to the next agent's phone,
 * and the leg to the transferring agent is hung up once it is out of the call.
 *
 *   release to an agent   the agent leaves at once; the call rings the next agent
 *   success to an agent   the next agent rings while the agent stays with the
 *                         customer; it leaves when the next agent answers
 *   release to a queue    the agent leaves; the call waits in the queue again
 *   success to a queue    an idle agent of the skill is picked now and rung as above
 *   outside number        the number behaves as the tenant's customers table says
 */
export class Transfers {
  readonly #via = new Map<string, Via>();

  constructor(
    private readonly ctx: AcdContext,
    private readonly book: CallBook,
    private readonly legs: CallLegs,
    private readonly host: TransferHost,
  ) {}

  transfer(agent: SignedInAgent, req: TransferRequest, corr: string): OpResult {
    const call = agent.callId === undefined ? undefined : this.book.get(agent.callId);
    const target = req.target.kind === 'agent' ? this.ctx.agents.get(req.target.workNo) : undefined;
    const planned = planTransfer(req, {
      workNo: agent.workNo,
      call: call && {
        state: call.state,
        direction: call.direction,
        transferring: call.transferring !== undefined,
      },
      skills: this.ctx.tenant.config.skills.map((s) => s.id),
      ivr: this.ctx.tenant.config.ivr,
      target: target && {
        signedIn: isSignedIn(target),
        idle: target.state === 'idle',
        registered: isSignedIn(target) && this.#registered(target),
      },
    });
    if (!planned.ok) return refuse(planned.retcode, planned.message);
    if (!call) return refuse('200-012');
    if (planned.plan.to === 'ivr' && planned.plan.mode === 'suspend') {
      // The flow would hand back a customer the agent is not talking with. [choice]
      const tried = suspendToIvr(
        call.model,
        agentParty(call.model, agent.workNo)?.id ?? '',
        planned.plan.accessCode,
      );
      if (!tried.ok)
        return refuse('200-002', 'A suspend transfer needs the customer on the line: take it back first');
    }
    // callappdata replaces the call's data, as setcalldataex does. [choice]
    if (req.callappdata !== undefined)
      this.book.setCallData(call, req.callappdata, corr, `set by the transfer of agent ${agent.workNo}`);
    const note = this.#start(call, agent, planned.plan, corr);
    return done({}, note);
  }

  #start(call: CallRecord, agent: SignedInAgent, plan: TransferPlan, corr: string): string {
    if (plan.to === 'agent') {
      const next = this.ctx.agents.get(plan.workNo) as SignedInAgent;
      this.#toAgent(call, agent, next, plan.mode, corr);
      return `${plan.mode} transfer to agent ${plan.workNo}`;
    }
    if (plan.to === 'skill') {
      if (plan.mode === 'release') {
        this.#toQueue(call, agent, plan.skillId, corr);
        return `release transfer to skill ${plan.skillId}`;
      }
      const next = this.#idleAgentOf(plan.skillId, [agent.workNo, ...call.declinedBy]);
      if (!next) {
        // Nobody of the skill can take it now: the success transfer fails, the agent goes on talking. [choice]
        this.ctx.agents.emit(agent, succTransResultEvents(callFacts(call), 1), corr);
        return `success transfer to skill ${plan.skillId}: nobody ready`;
      }
      this.#toAgent(call, agent, next, 'success', corr);
      return `success transfer to skill ${plan.skillId}: agent ${next.workNo}`;
    }
    if (plan.to === 'ivr') {
      this.#toIvr(call, agent, plan, corr);
      return `${plan.mode} transfer to IVR ${plan.accessCode}`;
    }
    if (plan.mode === 'talk' || plan.mode === 'three-way') {
      this.#toOutsideVia(call, agent, plan.number, plan.mode, plan.holdflag, corr);
      return `${plan.mode} transfer to ${plan.number}${plan.mode === 'three-way' && !plan.holdflag ? ' (holdflag false)' : ''}`;
    }
    this.#toOutside(call, agent, plan.number, plan.mode, corr);
    return `${plan.mode} transfer to ${plan.number}`;
  }

  // ── to an agent ─────────────────────────────────────────────────────────

  #toAgent(
    call: CallRecord,
    from: SignedInAgent,
    next: SignedInAgent,
    mode: 'release' | 'success',
    corr: string,
  ): void {
    const by = agentParty(call.model, from.workNo)!.id;
    const moved = this.book.apply(
      call,
      (m) => transfer(m, by, { kind: 'agent', workNo: next.workNo }, mode),
      corr,
    );
    if (!moved.ok)
      throw new Error(`call ${call.id}: transfer refused by the model: ${JSON.stringify(moved.problem)}`);
    const partyId = agentParty(moved.model, next.workNo)!.id;
    if (mode === 'release') this.#letGo(call, from, by, [], corr);
    else this.book.setTransferring(call, partyId);
    if (mode === 'release') this.book.handedTo(call, next.workNo, from.workNo, corr);
    this.ctx.agents.takeCall(next, call.id, corr);
    this.#ringNext(call, from.workNo, next, partyId, mode, corr);
  }

  /** The customer's new leg to the next agent's phone: same caller number, same voice. */
  #ringNext(
    call: CallRecord,
    fromWorkNo: number,
    next: SignedInAgent,
    partyId: string,
    mode: 'release' | 'success',
    corr: string,
  ): void {
    // The next agent's events name the call as transferred by `fromWorkNo`.
    const facts = () => ({ ...callFacts(call), transferredFrom: fromWorkNo });
    const still = () => party(call.model, partyId)?.state === 'alerting';
    const leg = this.legs.dial(
      call.id,
      partyId,
      {
        tenant: this.ctx.tenant.id,
        from: call.customer,
        toSipAccount: next.login.phonenum,
        behaviour: legBehaviour(call),
        headers: { 'X-Call-Id': call.id },
      },
      {
        ringing: (c) => this.#alert(call, next, partyId, facts(), c),
        answered: (c) => {
          if (still()) this.#answered(call, fromWorkNo, next, partyId, mode, facts(), c);
        },
        ended: (reason, c) => {
          if (still()) this.#notTaken(call, fromWorkNo, next, partyId, mode, reason, c);
          else this.host.agentLegEnded(call, next, reason, c);
        },
      },
    );
    if (!leg) {
      this.#notTaken(call, fromWorkNo, next, partyId, mode, 'failed', corr);
      return;
    }
    this.book.setPartyLeg(call, partyId, leg.sipCallId);
    if (mode === 'release') this.book.setLeg(call, leg.sipCallId);
    this.legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => {
      if (!still()) return;
      this.legs.hangup(this.legs.detach(call.id, partyId));
      this.#notTaken(call, fromWorkNo, next, partyId, mode, 'cancelled', c, true);
    });
    void corr;
  }

  #alert(
    call: CallRecord,
    next: AgentRecord,
    partyId: string,
    facts: ReturnType<typeof callFacts>,
    corr: string,
  ) {
    if (!this.legs.firstAlert(call.id, partyId)) return;
    const autoAnswer = next.login?.autoanswer === true;
    this.ctx.agents.emit(next, alertingEvents(facts, autoAnswer), corr);
    const leg = this.legs.leg(call.id, partyId);
    if (autoAnswer && leg) void this.legs.requestAnswer(leg);
  }

  /** The next agent answered: it talks with the customer; a success transfer lets the transferring agent go. */
  #answered(
    call: CallRecord,
    fromWorkNo: number,
    next: SignedInAgent,
    partyId: string,
    mode: 'release' | 'success',
    facts: ReturnType<typeof callFacts>,
    corr: string,
  ): void {
    this.#alert(call, next, partyId, facts, corr);
    const from = this.ctx.agents.get(fromWorkNo);
    const fromParty = agentParty(call.model, fromWorkNo)?.id;
    this.book.apply(call, (m) => answer(m, partyId), corr, `answered by ${next.workNo}`);
    this.book.setTransferring(call, undefined);
    this.book.setLeg(call, call.partyLegs?.[partyId]);
    if (mode === 'release') this.book.retaken(call, next.workNo, corr);
    else this.book.handedTo(call, next.workNo, fromWorkNo, corr);
    this.ctx.agents.move(next, 'talking', corr);
    this.ctx.agents.emit(next, inboundAnsweredEvents(facts), corr);
    if (mode === 'success' && from && fromParty !== undefined) {
      this.#letGo(call, from, fromParty, succTransResultEvents(callFacts(call), 0), corr);
    }
  }

  /**
   * The next agent did not take the call (no answer, declined, unreachable).
   * Success: the transferring agent goes on talking and hears why. Release:
   * the call waits in its queue again, as an unanswered inbound call does.
   */
  #notTaken(
    call: CallRecord,
    fromWorkNo: number,
    next: AgentRecord,
    partyId: string,
    mode: 'release' | 'success',
    reason: LegEndReason,
    corr: string,
    timedOut = false,
  ): void {
    this.legs.detach(call.id, partyId);
    this.book.setPartyLeg(call, partyId, undefined);
    this.book.apply(call, (m) => leave(m, partyId), corr, `not answered: ${reason}`);
    const facts = { ...callFacts(call), transferredFrom: fromWorkNo };
    if (timedOut) {
      this.ctx.agents.leaveCall(next, 'busy', corr, 'transfer not answered', NO_ANSWER_REASON);
      this.ctx.agents.emit(next, noAnswerEvents(facts), corr);
    } else {
      this.host.land(next, offerWithdrawnEvents(facts), corr, `transferred call not taken: ${reason}`);
    }
    if (mode === 'success') {
      this.book.setTransferring(call, undefined);
      const from = this.ctx.agents.get(fromWorkNo);
      const fromParty = from && agentParty(call.model, fromWorkNo);
      if (from && fromParty) this.ctx.agents.emit(from, succTransResultEvents(callFacts(call), 1), corr);
      return;
    }
    // The customer waits in its queue again (the agent who did not answer is not offered it).
    this.book.transferredToQueue(call, call.skillId, next.workNo, corr);
    this.host.distribute(corr);
  }

  // ── to a skill queue ────────────────────────────────────────────────────

  #toQueue(call: CallRecord, from: SignedInAgent, skillId: number, corr: string): void {
    const by = agentParty(call.model, from.workNo)!.id;
    const moved = this.book.apply(
      call,
      (m) => transfer(m, by, undefined, 'release'),
      corr,
      `to skill ${skillId}`,
    );
    if (!moved.ok)
      throw new Error(`call ${call.id}: transfer refused by the model: ${JSON.stringify(moved.problem)}`);
    this.#letGo(call, from, by, [], corr);
    this.book.transferredToQueue(call, skillId, from.workNo, corr);
    this.host.distribute(corr);
  }

  // ── to an outside number ───────────────────────────────────────────────

  /**
   * The outside number is the tenant's simulated customer directory: it answers
   * (after answerAfterMs), is busy, or never answers. Once it answers it is a
   * party of the call's mixer (media/outside-party.ts) and talks with the
   * customer: the call has left the agents (`#talkOn`). [choice]
   */
  #toOutside(
    call: CallRecord,
    from: SignedInAgent,
    number: string,
    mode: 'release' | 'success',
    corr: string,
  ) {
    const by = agentParty(call.model, from.workNo)!.id;
    const behaviour = this.ctx.directory.behaviourOf(this.ctx.tenant.id, number);
    const moved = this.book.apply(call, (m) => transfer(m, by, { kind: 'outside', number }, mode), corr);
    if (!moved.ok)
      throw new Error(`call ${call.id}: transfer refused by the model: ${JSON.stringify(moved.problem)}`);
    const outside = moved.model.parties.find((p) => p.kind === 'outside' && p.state === 'alerting')!.id;
    if (mode === 'release') {
      this.#letGo(call, from, by, [], corr);
      // No agent has the call now: the customer waits for the number. [choice]
      this.book.transferredOut(call, from.workNo, number, corr);
    } else this.book.setTransferring(call, outside);
    const still = () => party(call.model, outside)?.state === 'alerting';
    const failed = (why: 'busy' | 'no-answer', c: string) => {
      if (!still()) return;
      this.book.apply(call, (m) => leave(m, outside), c, why);
      if (mode === 'release') {
        // Nobody is left for the customer: the call ends. [choice]
        this.book.end(call, why, c);
        return;
      }
      this.book.setTransferring(call, undefined);
      const f = this.ctx.agents.get(from.workNo);
      if (f) this.ctx.agents.emit(f, succTransResultEvents(callFacts(call), 1), c);
    };
    const answered = (c: string) => {
      if (!still()) return;
      const was = call.model;
      this.book.apply(call, (m) => answer(m, outside), c, `${number} answered`);
      const f = this.ctx.agents.get(from.workNo);
      if (mode === 'success' && f && agentParty(call.model, from.workNo) === undefined) {
        this.#letGo(call, f, by, succTransResultEvents(callFacts(call), 0), c);
      }
      this.book.setTransferring(call, undefined);
      this.legs.addOutside(call.id, outside, call.behaviour.source);
      this.#talkOn(call, from.workNo, number, was, c);
    };
    if (behaviour.answer === 'busy') failed('busy', corr);
    else if (behaviour.answer === 'no-answer')
      this.legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => failed('no-answer', c));
    else if ((behaviour.answerAfterMs ?? 0) > 0) this.legs.after(call.id, behaviour.answerAfterMs!, answered);
    else answered(corr);
  }

  // ── talk and three-way transfers to an outside number ─────────────────

  /**
   * Talk (mode 3) and three-way (mode 4) transfer to an outside number
   * (cec_07_1242, cec_07_0583), as moves of the call model: the number rings
   * toward the agent — the customer held (`consult`: a talk transfer, and a
   * three-way transfer with holdflag), or still talking with the agent
   * (`ring`: three-way with holdflag false). When it answers it joins the
   * call's mixer as an outside party with a voice of its own
   * (media/outside-party.ts): it talks with the agent (talk), or the held
   * customer is taken back and all three talk (`completeAsConference`). The
   * agent then hangs up (`agentLeaves`) and the customer and the number talk
   * on; busy or no answer: `AgentEvent_Connect_Fail` and the agent has the
   * customer back.
   */
  #toOutsideVia(
    call: CallRecord,
    from: SignedInAgent,
    number: string,
    mode: 'talk' | 'three-way',
    holdflag: boolean,
    corr: string,
  ): void {
    const by = agentParty(call.model, from.workNo)!.id;
    const holds = mode === 'talk' || holdflag;
    const target = { kind: 'outside', number } as const;
    const before = call.model;
    const moved = this.book.apply(
      call,
      (m) => (holds ? consult(m, by, target) : ring(m, target, { toward: by })),
      corr,
      `${mode} transfer to ${number}`,
    );
    if (!moved.ok)
      throw new Error(`call ${call.id}: transfer refused by the model: ${JSON.stringify(moved.problem)}`);
    const outside = moved.model.parties.find((p) => p.kind === 'outside' && p.state === 'alerting')!.id;
    this.book.setTransferring(call, outside);
    const via: Via = { outside, number, mode, by: from.workNo };
    this.#via.set(call.id, via);
    this.host.sync(call, before);
    const facts = callFacts(call);
    this.ctx.agents.emit(
      from,
      [...(holds ? holdEvents(facts) : []), ...outsideAlertingEvents(facts, number)],
      corr,
    );
    const behaviour = this.ctx.directory.behaviourOf(this.ctx.tenant.id, number);
    const still = () => this.#via.get(call.id) === via && party(call.model, outside)?.state === 'alerting';
    const failed = (why: 'busy' | 'no-answer', c: string) => {
      if (!still()) return;
      const was = call.model;
      this.book.apply(
        call,
        (m) => (holds ? cancelConsult(m, by) : leave(m, outside)),
        c,
        `${number}: ${why}`,
      );
      this.#via.delete(call.id);
      this.book.setTransferring(call, undefined);
      this.host.sync(call, was);
      const f = this.ctx.agents.get(from.workNo);
      if (f) this.ctx.agents.emit(f, connectFailEvents(callFacts(call)), c);
    };
    const answered = (c: string) => {
      if (!still()) return;
      const was = call.model;
      this.book.apply(
        call,
        (m) => {
          const a = answer(m, outside);
          return a.ok && mode === 'three-way' && holds ? completeAsConference(a.model, by) : a;
        },
        c,
        `${number} answered`,
      );
      this.legs.addOutside(call.id, outside, call.behaviour.source);
      this.host.sync(call, was);
      const f = this.ctx.agents.get(from.workNo);
      if (!f) return;
      const now = callFacts(call);
      this.ctx.agents.emit(
        f,
        [
          ...outsideTalkingEvents(now, number),
          ...(mode === 'three-way' ? conferenceEvents(now, `${number},${call.customer}`) : []),
        ],
        c,
      );
    };
    if (behaviour.answer === 'busy') failed('busy', corr);
    else if (behaviour.answer === 'no-answer')
      this.legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => failed('no-answer', c));
    else if ((behaviour.answerAfterMs ?? 0) > 0) this.legs.after(call.id, behaviour.answerAfterMs!, answered);
    else answered(corr);
  }

  /**
   * The transferring agent of a talk or three-way transfer hangs up (the bar,
   * the REST release, its phone). Once the number talks, that completes the
   * transfer: the held customer joins the number (talk: `completeAsTransfer`),
   * or the agent leaves the three (`leave`); the agent is released as by any
   * transfer, and the customer and the number talk on until one hangs up.
   * False while the number still rings: the call is released as usual.
   */
  agentLeaves(call: CallRecord, agent: AgentRecord, corr: string): boolean {
    const via = this.#via.get(call.id);
    if (!via || via.by !== agent.workNo) return false;
    const by = agentParty(call.model, agent.workNo)?.id;
    if (by === undefined || party(call.model, via.outside)?.state !== 'talking') return false;
    const was = call.model;
    this.book.apply(
      call,
      (m) => (via.mode === 'talk' ? completeAsTransfer(m, by) : leave(m, by)),
      corr,
      `${via.mode} transfer to ${via.number} completed`,
    );
    this.#via.delete(call.id);
    this.book.setTransferring(call, undefined);
    this.#letGo(call, agent, by, [], corr);
    this.#talkOn(call, agent.workNo, via.number, was, corr);
    return true;
  }

  /**
   * The agent is out and the customer talks with the outside number (whose
   * party is in the call's mixer): no agent has the call; it ends
   * `transferred-out` when the customer hangs up, or after the number's
   * `hangupAfterMs`, else the customer's, else OUTSIDE_TALK_MS. [choice]
   */
  #talkOn(call: CallRecord, from: number, number: string, was: CallModel, corr: string): void {
    this.book.transferredOut(call, from, number, corr);
    this.host.sync(call, was);
    const outsideBehaviour = this.ctx.directory.behaviourOf(this.ctx.tenant.id, number);
    const ms = outsideBehaviour.hangupAfterMs ?? call.behaviour.hangupAfterMs ?? OUTSIDE_TALK_MS;
    this.legs.after(call.id, ms, (c) => this.outsideEnds(call, c));
  }

  /**
   * `disconnect/{number}` with the outside number of a talk or three-way
   * transfer under way: the number goes (hung up while it rings, or leaves the
   * talk) and the agent has the customer back (taken back when held). The
   * agent hears `AgentEvent_Customer_Release` with the number (cec_07_1248
   * lists it). Undefined when the number is not that one.
   */
  disconnect(call: CallRecord, agent: AgentRecord, number: string, corr: string): OpResult | undefined {
    const via = this.#via.get(call.id);
    if (!via || via.by !== agent.workNo || number !== via.number) return undefined;
    const by = agentParty(call.model, agent.workNo)?.id;
    if (by === undefined) return undefined;
    const was = call.model;
    this.book.apply(
      call,
      (m) => (heldBy(m, by).length > 0 ? cancelConsult(m, by) : leave(m, via.outside)),
      corr,
      `${number} disconnected`,
    );
    this.#via.delete(call.id);
    this.book.setTransferring(call, undefined);
    this.legs.dropOutside(call.id, via.outside);
    this.host.sync(call, was);
    this.ctx.agents.emit(agent, outsideReleasedEvents(callFacts(call), number), corr);
    return done({}, `${number} disconnected`);
  }

  /** The customer and the outside number stop talking (either hangs up): the call ends, transferred out. */
  outsideEnds(call: CallRecord, corr: string): void {
    if (call.state === 'ended') return;
    this.legs.dropAll(call.id);
    this.book.end(call, 'transferred-out', corr);
  }

  // ── to an IVR flow ───────────────────────────────────────────────────

  /**
   * Transfer to an IVR flow (devicetype 3, cec_07_1242): the tenant's
   * simulated flow answers at once and plays its prompt tone (an outside party
   * of the call's mixer with the flow's frequency, media/outside-party.ts) for
   * `promptMs`. Release (mode 0): the agent is released at once and the call
   * ends in the flow after the prompt (`transferred-out`). Suspend (mode 1):
   * the agent stays in the call while the customer is in the flow, then the
   * flow hands the customer back: `AgentEvent_ReturnFromIvr` (cec_07_1370)
   * and the two talk again. [choice: the flow's length and tone]
   */
  #toIvr(
    call: CallRecord,
    from: SignedInAgent,
    plan: Extract<TransferPlan, { to: 'ivr' }>,
    corr: string,
  ): void {
    const by = agentParty(call.model, from.workNo)!.id;
    const before = call.model;
    const target = { kind: 'ivr', number: plan.accessCode } as const;
    let ivr: string | undefined;
    const moved = this.book.apply(
      call,
      (m) => {
        if (plan.mode === 'suspend') {
          const s = suspendToIvr(m, by, plan.accessCode);
          ivr = s.id;
          return s;
        }
        const t = transfer(m, by, target, 'release');
        ivr = t.id;
        return t.ok && t.id !== undefined ? answer(t.model, t.id) : t;
      },
      corr,
      `${plan.mode} transfer to IVR ${plan.accessCode}`,
    );
    if (!moved.ok || ivr === undefined)
      throw new Error(`call ${call.id}: transfer refused by the model: ${JSON.stringify(moved)}`);
    const ivrParty = ivr;
    const voice = call.behaviour.source;
    if (plan.mode === 'release') {
      this.#letGo(call, from, by, [], corr);
      this.book.transferredOut(call, from.workNo, `IVR ${plan.accessCode}`, corr);
      this.legs.addOutside(call.id, ivrParty, voice, plan.frequencyHz);
      this.host.sync(call, before);
      this.legs.after(call.id, plan.promptMs, (c) => this.outsideEnds(call, c));
      return;
    }
    // Suspended: the call is the agent's still, and no other transfer starts until it comes back.
    this.book.setTransferring(call, ivrParty);
    this.legs.addOutside(call.id, ivrParty, voice, plan.frequencyHz);
    this.host.sync(call, before);
    this.legs.after(call.id, plan.promptMs, (c) => {
      if (call.state === 'ended' || party(call.model, ivrParty)?.state !== 'talking') return;
      const was = call.model;
      const back = this.book.apply(call, (m) => returnFromIvr(m, by), c, `back from IVR ${plan.accessCode}`);
      if (!back.ok) return;
      this.book.setTransferring(call, undefined);
      this.legs.dropOutside(call.id, ivrParty);
      this.host.sync(call, was);
      const agent = this.ctx.agents.get(from.workNo);
      if (agent) this.ctx.agents.emit(agent, returnFromIvrEvents(callFacts(call)), c);
    });
  }

  reset(): void {
    this.#via.clear();
  }

  /** Whether `agent` is the next agent a success transfer of this call rings (its Hang Up declines only that). */
  ringing(call: CallRecord, agent: AgentRecord): boolean {
    const p = call.transferring === undefined ? undefined : party(call.model, call.transferring);
    return p?.workNo === agent.workNo && p.state === 'alerting';
  }

  /** The next agent declines a success transfer (Hang Up while it rings, or it signs out). */
  decline(call: CallRecord, agent: AgentRecord, corr: string): void {
    const partyId = call.transferring!;
    this.legs.hangup(this.legs.detach(call.id, partyId));
    const from =
      call.transferredFrom ??
      [...call.model.parties].find((p) => p.kind === 'agent' && p.state === 'talking')?.workNo;
    this.#notTaken(call, from ?? 0, agent, partyId, 'success', 'rejected', corr);
  }

  /**
   * The call ends while a success transfer rings the next agent (the customer
   * or the transferring agent hung up): the next agent's offer is withdrawn.
   * The caller has dropped the call's legs.
   */
  abandon(call: CallRecord, corr: string): void {
    this.#via.delete(call.id);
    const waiting = call.transferring;
    if (waiting === undefined) return;
    this.book.setTransferring(call, undefined);
    const p = party(call.model, waiting);
    const next = p?.workNo === undefined ? undefined : this.ctx.agents.get(p.workNo);
    if (p?.state !== 'alerting') return;
    this.book.apply(call, (m) => leave(m, waiting), corr, 'the call ended while it rang');
    if (next) this.host.land(next, offerWithdrawnEvents(callFacts(call)), corr, 'the transferred call ended');
  }

  // ── shared ─────────────────────────────────────────────────────────────

  /**
   * The transferring agent is out of the call: its leg is hung up (the
   * customer's audio goes to the next party now), it hears `first` (a success
   * transfer's result), its release, and lands.
   */
  #letGo(call: CallRecord, agent: AgentRecord, partyId: string, first: EventSpec[], corr: string): void {
    this.legs.hangup(this.legs.detach(call.id, partyId));
    this.book.setPartyLeg(call, partyId, undefined);
    if (party(call.model, partyId)?.state !== 'gone') this.book.apply(call, (m) => leave(m, partyId), corr);
    this.host.land(
      agent,
      [...first, ...transferredAwayEvents(callFacts(call))],
      corr,
      'transferred the call',
    );
  }

  #idleAgentOf(skillId: number, exclude: number[]): SignedInAgent | undefined {
    const candidates = this.ctx.agents
      .all()
      .filter(isSignedIn)
      .filter((a) => a.state === 'idle')
      .map((a) => ({ ...a, registered: this.#registered(a) }));
    const picked = pickAgent(candidates, skillId, new Set(exclude));
    const agent = picked && this.ctx.agents.get(picked.workNo);
    return agent && isSignedIn(agent) ? agent : undefined;
  }

  #registered(agent: SignedInAgent): boolean {
    return this.ctx.calls.isRegistered(this.ctx.tenant.id, agent.login.phonenum);
  }
}

/** The customer's voice on a new leg: as on the first, answering at once (it is already on the line). */
function legBehaviour(call: CallRecord) {
  const { hangupAfterMs: _once, answerAfterMs: _already, ...voice } = call.behaviour;
  return { ...voice, answer: 'answer' as const };
}
