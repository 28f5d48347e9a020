import { type AgentRecord, isSignedIn, type SignedInAgent } from '../agents/agent-book.ts';
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
import type { InnerHelpRequest } from '../gateway/consult-request.ts';
import { type OpResult, refuse } from '../gateway/op-result.ts';
import type { TransferRequest } from '../gateway/transfer-request.ts';
import type { AcdContext } from './acd-context.ts';
import { CallBook } from './call-book.ts';
import { incomingCallInfo } from './call-data.ts';
import { CallLegs } from './call-legs.ts';
import { legPlan, samePlan } from './call-media.ts';
import {
  agentParty,
  type CallModel,
  customerOf,
  heldBy,
  hold,
  type ModelResult,
  mute,
  takeBack,
  unmute,
} from './call-model.ts';
import { CallOut } from './call-out.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import { CallRecorder } from './call-recorder.ts';
import type { CallEndReason } from './call-state.ts';
import { Consults } from './consult.ts';
import { InternalCalls, type InternalTarget } from './internal-call.ts';
import { pickAgent } from './pick-agent.ts';
import { Transfers } from './transfer.ts';

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
 * pure functions (pickAgent, the state machines, the call model); the books
 * own the records; `CallLegs` holds each party's SIP leg and the call's
 * timers; this class reacts to the legs' progress. Call Out lives in
 * call-out.ts on the same book and legs.
 */
export class Acd {
  readonly #book: CallBook;
  readonly #legs: CallLegs;
  readonly #callOut: CallOut;
  readonly #transfers: Transfers;
  readonly #internal: InternalCalls;
  readonly #consults: Consults;
  readonly #recorder: CallRecorder;

  constructor(private readonly ctx: AcdContext) {
    this.#book = new CallBook({ tenant: ctx.tenant.id, now: () => ctx.tenant.now(), append: ctx.append });
    this.#legs = new CallLegs(ctx);
    this.#callOut = new CallOut(ctx, this.#book, this.#legs, this);
    this.#transfers = new Transfers(ctx, this.#book, this.#legs, this);
    this.#internal = new InternalCalls(ctx, this.#book, this.#legs, this);
    this.#consults = new Consults(ctx, this.#book, this.#legs, {
      land: (agent, first, corr, why, connected) => this.land(agent, first, corr, why, undefined, connected),
      distribute: (corr) => this.distribute(corr),
      released: (call, agent, by, corr) => this.#released(call, agent, by, corr),
    });
    this.#recorder = new CallRecorder(ctx);
  }

  /** Consult (`innerhelp`): the customer waits on hold while the agent talks with a helper (consult.ts). */
  consult(agent: SignedInAgent, req: InnerHelpRequest, corr: string): OpResult {
    return this.#consults.start(agent, this.callOf(agent), req, corr);
  }

  /** Three-party (`confjoin`) with the held call `callid`. */
  confJoin(agent: AgentRecord, callid: string, corr: string): OpResult {
    return this.#consults.join(agent, this.callOf(agent), callid, corr);
  }

  /** `dropcall/{callid}`: the help call cancels the consult; the customer's call is released as by release. */
  dropCall(agent: AgentRecord, callid: string, corr: string): OpResult | 'release' | undefined {
    const call = this.callOf(agent);
    const dropped = this.#consults.drop(agent, call, callid, corr);
    if (dropped) return dropped;
    return call !== undefined && call.id === callid ? 'release' : undefined;
  }

  /**
   * `disconnect/{number}` (cec_07_1248, docs/vendor/consult-and-conference.md):
   * release one number of the agent's call — a consulted agent or an outside
   * number of a talk or three-way transfer goes, the others stay; the
   * customer's number in a three-party call: the customer goes, the two agents
   * talk on (consult.ts); 'release' when the number is the agent itself, or the customer of a
   * two-party call (the agent's release follows).
   */
  disconnect(agent: AgentRecord, number: string, corr: string): OpResult | 'release' {
    const call = this.callOf(agent);
    const me = call && agentParty(call.model, agent.workNo);
    if (call?.state !== 'talking' || me?.state !== 'talking')
      return refuse('200-023', 'The agent has no call up');
    const own = [String(agent.workNo), agent.login?.phonenum];
    const viaTransfer = this.#transfers.disconnect(call, agent, number, corr);
    if (viaTransfer) return viaTransfer;
    const viaConsult = this.#consults.disconnect(call, agent, number, corr);
    if (viaConsult) return viaConsult;
    if (own.includes(number)) return 'release';
    if (number === call.customer) {
      // The customer on hold is not in the last call (cec_07_1248).
      if (heldBy(call.model, me.id).length > 0)
        return refuse('200-024', 'The customer is on hold: not in the last call');
      return 'release';
    }
    return refuse('200-023', `${number} is not a party of the agent's call`);
  }

  /** What the customer's mixer carried between the parties of a call (consult, three-party, an outside party). */
  mixFlows(callId: string) {
    return this.#legs.flows(callId);
  }

  /** Whether mixFlows already counts under the mixer's last change (a media worker's push lags). */
  mixSettled(callId: string): boolean {
    return this.#legs.mixSettled(callId);
  }

  /** What each outside party of a call (a talk or three-way transfer) sent and heard. */
  outsideStats(callId: string) {
    return this.#legs.outsideStats(callId);
  }

  /** The platform's voice recording of the tenant's calls (call-recorder.ts). */
  get recorder(): CallRecorder {
    return this.#recorder;
  }

  /** A call connected (answered inbound, or a Call Out's customer answered): record it when the tenant does. */
  connected(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#recorder.connected(call, agent, this.#agentLeg(call, agent), corr);
  }

  /** The tenant's calls (read-only records; the book's operations change them). */
  get book(): CallBook {
    return this.#book;
  }

  /** Each party's SIP leg (hold and the other controls re-INVITE them). */
  get legs(): CallLegs {
    return this.#legs;
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
    const call = this.#book.create('inbound', parties, req.behaviour, undefined, req.callData);
    if (this.#book.waiting(req.skillId) >= config.acd.queueCapacity) {
      this.#book.refused(call, 'queue-full', corr, 'queue full');
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
      .filter(isSignedIn)
      .filter((a) => a.state === 'idle')
      .map((a) => ({
        workNo: a.workNo,
        state: a.state,
        // The skills the agent is signed in to (resetskill), not all it is configured with.
        skills: a.login.skills,
        idleSince: a.idleSince,
        registered: this.isRegistered(a.login.phonenum),
      }));
    for (const call of queue) {
      if (candidates.length === 0) return;
      // An offer can fail at once and re-enter here; a call no longer queued is done with.
      if (call.state !== 'queued') continue;
      const picked = pickAgent(candidates, call.skillId, call.declinedBy);
      const agent = picked && this.ctx.agents.get(picked.workNo);
      if (!agent) continue;
      candidates = candidates.filter((c) => c !== picked);
      if (agent.state === 'idle' && isSignedIn(agent)) this.#offer(call, agent, corr);
    }
  }

  /**
   * The agent's Answer (the bar's button or the REST call): ask the softphone
   * to answer. Undefined when there is no ringing call; else whether the phone
   * took the request.
   */
  answer(agent: AgentRecord): Promise<AnswerOutcome> | undefined {
    const call = this.callOf(agent);
    const leg = call && this.#agentLeg(call, agent);
    if (!call || agent.state !== 'ringing' || !leg) return undefined;
    return this.#legs.requestAnswer(leg);
  }

  /** The agent hangs up (the bar or REST release): whatever phase the call is in. */
  release(agent: AgentRecord, corr: string): boolean {
    const call = this.callOf(agent);
    if (!call || call.state === 'ended') return false;
    if (call.direction === 'internal') {
      this.#internal.release(call, agent, corr);
      return true;
    }
    // The next agent of a success transfer declines it: the call stays with the transferring agent.
    if (this.#transfers.ringing(call, agent)) {
      this.#transfers.decline(call, agent, corr);
      return true;
    }
    if (this.#transfers.agentLeaves(call, agent, corr)) return true;
    if (this.#consults.agentLeaves(call, agent, corr)) return true;
    this.#legs.dropAll(call.id);
    if (call.state === 'talking') this.#released(call, agent, 'agent', corr);
    // A Call Out transferred to this agent is offered as an inbound call is: not a failed Call Out.
    else if (call.direction === 'outbound' && call.transferredFrom === undefined) {
      this.#callOut.failed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 2 : undefined);
    } else this.#declined(call, agent, corr);
    return true;
  }

  /** The customer hangs up or gives up (control API, or a customer who hangs up after a while). */
  customerHangup(id: string, corr: string): boolean {
    const call = this.#book.get(id);
    if (!call || call.state === 'ended') return false;
    // Released from a three-party call already: the two agents' call is theirs.
    if (customerOf(call.model)?.state === 'gone') return false;
    const agent = call.agent === undefined ? undefined : this.ctx.agents.get(call.agent);
    // Transferred out (talk or three-way): the customer was talking with an outside number.
    if (call.state === 'talking' && !agent) {
      this.#transfers.outsideEnds(call, corr);
      return true;
    }
    // A three-party call: the customer leaves, the two agents talk on.
    if (this.#consults.customerLeaves(call, corr)) return true;
    this.#legs.dropAll(call.id);
    if (call.state === 'queued' || !agent) this.#book.end(call, 'abandoned', corr);
    else if (call.state === 'talking') this.#released(call, agent, 'customer', corr);
    else if (call.direction === 'outbound' && call.transferredFrom === undefined) {
      this.#callOut.failed(call, agent, 'abandoned', corr, call.state === 'dialing' ? 3 : undefined);
    } else this.#withdrawn(call, agent, corr);
    return true;
  }

  /** The agent was signed out by force: its call ends (a ringing inbound call goes back to the queue). */
  agentGone(agent: AgentRecord, corr: string): void {
    const call = this.callOf(agent);
    if (
      call &&
      call.state !== 'ended' &&
      (call.direction === 'internal' || this.#transfers.ringing(call, agent))
    ) {
      this.release(agent, corr);
      this.ctx.agents.forgetCall(agent);
      return;
    }
    this.ctx.agents.forgetCall(agent);
    if (!call || call.state === 'ended') return;
    this.#legs.dropAll(call.id);
    if (call.direction === 'inbound' && call.state === 'offering') this.#requeue(call, agent, corr);
    else this.#book.end(call, 'signed-out', corr);
  }

  /** Transfer the agent's call (docs/vendor/transfer-and-internal-calls.md): transfer.ts. */
  transfer(agent: SignedInAgent, req: TransferRequest, corr: string): OpResult {
    return this.#transfers.transfer(agent, req, corr);
  }

  /** An internal call (callinner, callinnerskill): internal-call.ts. */
  callInner(
    agent: SignedInAgent,
    target: InternalTarget,
    appData: string | undefined,
    corr: string,
  ): CallRecord {
    return this.#internal.start(agent, target, appData, corr);
  }

  /** An agent's leg ended after its call was up (a transferred call's next agent): the call's usual end. */
  agentLegEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void {
    this.#legEnded(call, agent, reason, corr);
  }

  /**
   * A control moves the agent's call model (hold, take back, mute…): the book
   * applies and journals it, then every leg whose plan changed is told —
   * a re-INVITE when its direction changed, the hub's route when its media
   * did (decision record 007). Undefined when the agent is in no call.
   */
  control(
    agent: AgentRecord,
    move: (model: CallModel, party: string) => ModelResult,
    corr: string,
    why: string,
  ): { call: CallRecord; result: ModelResult } | undefined {
    const call = this.callOf(agent);
    const party = call && agentParty(call.model, agent.workNo);
    if (!call || !party || call.state === 'ended') return undefined;
    const before = call.model;
    const result = this.#book.apply(call, (m) => move(m, party.id), corr, why);
    if (result.ok) this.sync(call, before);
    return { call, result };
  }

  /** `hold`: the agent's party holds the others (the customer hears the hold tone). */
  hold(agent: AgentRecord, corr: string) {
    return this.control(agent, hold, corr, 'hold');
  }

  /** `gethold`, `connecthold`: the agent takes back whoever it holds. */
  takeBack(agent: AgentRecord, corr: string) {
    // During a consult the customer stays held by the consult: the agent takes back the helper only.
    const call = this.callOf(agent);
    const c = call && this.#consults.of(call.id);
    const only =
      c?.phase === 'consulting' && c.by === agent.workNo && c.helper !== undefined
        ? agentParty(call!.model, c.helper)?.id
        : undefined;
    return this.control(agent, (m, p) => takeBack(m, p, only), corr, 'take back');
  }

  mute(agent: AgentRecord, corr: string) {
    return this.control(agent, mute, corr, 'beginmute');
  }

  unmute(agent: AgentRecord, corr: string) {
    return this.control(agent, unmute, corr, 'endmute');
  }

  /**
   * Make the legs do what the model now says: the call's mixer first (its
   * routes, and a new party joining it), then each leg whose plan changed — a
   * re-INVITE when its direction changed, the hub's route when its media did
   * (decision record 007). One path for every move: hold and mute in a
   * consult or a three-party call go through the mixer's routes as well.
   */
  sync(call: CallRecord, before: CallModel): void {
    const wasMixed = this.#legs.mixed(call.id);
    this.#legs.remix(call.id, call.model);
    const mixed = this.#legs.mixed(call.id);
    for (const [party, leg] of this.#legs.legs(call.id)) {
      const was = legPlan(before, party, wasMixed);
      const now = legPlan(call.model, party, mixed);
      if (samePlan(was, now)) continue;
      leg.setRoute(now.route);
      if (was.direction !== now.direction) this.#reinvite(call, party, leg, now.direction);
    }
  }

  /** The last re-INVITE of each leg: the next waits for it (a phone answers one sent meanwhile with 491). */
  readonly #reinvites = new WeakMap<CallLeg, Promise<unknown>>();

  #reinvite(call: CallRecord, party: string, leg: CallLeg, direction: 'sendrecv' | 'inactive'): void {
    const previous = this.#reinvites.get(leg) ?? Promise.resolve();
    const next = previous.then(() =>
      leg.reinvite(direction).then(
        (outcome) => {
          if (!outcome.ok)
            this.ctx.logger.warn('re-INVITE refused', { call: call.id, party, why: outcome.why });
        },
        (err: unknown) =>
          this.ctx.logger.warn('re-INVITE failed', { call: call.id, party, error: String(err) }),
      ),
    );
    this.#reinvites.set(leg, next);
  }

  /** Call Out (docs/vendor/agent-gateway.md): ring the agent's own phone first, then the customer. */
  callOut(agent: SignedInAgent, called: string, caller: string, corr: string): CallRecord {
    return this.#callOut.start(agent, called, caller, corr);
  }

  reset(): void {
    this.#transfers.reset();
    this.#consults.reset();
    this.#recorder.reset();
    this.#legs.clear();
    this.#book.clear();
  }

  // ── inbound ────────────────────────────────────────────────────────────

  #offer(call: CallRecord, agent: SignedInAgent, corr: string): void {
    this.#book.offered(call, agent.workNo, corr);
    this.ctx.agents.takeCall(agent, call.id, corr);
    if (this.ctx.tenant.config.gateway.incomingCallInfo) {
      this.ctx.agents.emit(
        agent,
        incomingCallInfoEvents(incomingCallInfo(call, this.ctx.tenant.config)),
        corr,
      );
    }
    this.dial(call, agent, call.behaviour, call.customer);
  }

  /** The ring timed out: CANCEL the leg, re-queue the call, set the agent not-ready with reason 2. */
  #noAnswer(call: CallRecord, agent: AgentRecord, corr: string, why: string): void {
    this.#legs.dropAll(call.id);
    this.#requeue(call, agent, corr);
    this.ctx.agents.leaveCall(agent, 'busy', corr, why, NO_ANSWER_REASON);
    this.ctx.agents.emit(agent, noAnswerEvents(callFacts(call)), corr);
    this.distribute(corr);
  }

  /** The agent declined a ringing call (softphone reject, or Hang Up while ringing). */
  #declined(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#requeue(call, agent, corr);
    this.land(agent, offerWithdrawnEvents(callFacts(call)), corr, 'declined the call');
    this.distribute(corr);
  }

  /** The customer gave up while the agent's phone rang. */
  #withdrawn(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#book.end(call, 'abandoned', corr);
    this.land(agent, offerWithdrawnEvents(callFacts(call)), corr, 'customer gave up');
    this.distribute(corr);
  }

  #requeue(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.#legs.detachAll(call.id);
    this.#book.setLeg(call, undefined);
    this.#book.requeued(call, agent.workNo, corr);
  }

  // ── the agent leg, both directions ───────────────────────────────────

  /**
   * Ring the agent's softphone for the call (the customer's UA places the leg)
   * and start the ring timeout. Shared with Call Out (its agent leg).
   */
  dial(call: CallRecord, agent: SignedInAgent, behaviour: CustomerBehaviour, from: string): void {
    const party = agentParty(call.model, agent.workNo)?.id ?? `agent ${agent.workNo}`;
    const leg = this.#legs.dial(
      call.id,
      party,
      {
        tenant: this.ctx.tenant.id,
        from,
        toSipAccount: agent.login.phonenum,
        behaviour,
        headers: { 'X-Call-Id': call.id },
      },
      {
        ringing: (c) => this.#alert(call, agent, c),
        answered: (c) => this.#legAnswered(call, agent, c),
        ended: (reason, c) => this.#legEnded(call, agent, reason, c),
      },
    );
    if (!leg) {
      this.#legEnded(call, agent, 'failed', this.ctx.nextCorr());
      return;
    }
    this.#book.setLeg(call, leg.sipCallId);
    this.#legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => {
      if (call.direction === 'inbound') this.#noAnswer(call, agent, c, 'ring timeout');
      else {
        this.#legs.dropAll(call.id);
        this.#callOut.failed(call, agent, 'no-answer', c);
      }
    });
  }

  /** The agent's phone alerts (180): tell the agent, and answer at once when it signed in with autoanswer. */
  #alert(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.state !== 'offering') return;
    const party = agentParty(call.model, agent.workNo)?.id;
    if (party === undefined || !this.#legs.firstAlert(call.id, party)) return;
    const autoAnswer = agent.login?.autoanswer === true;
    this.ctx.agents.emit(agent, alertingEvents(callFacts(call), autoAnswer), corr);
    const leg = this.#legs.leg(call.id, party);
    if (autoAnswer && leg) void this.#legs.requestAnswer(leg);
  }

  #legAnswered(call: CallRecord, agent: AgentRecord, corr: string): void {
    if (call.state !== 'offering') return;
    this.#alert(call, agent, corr);
    this.#legs.cancelTimers(call.id);
    this.#book.agentAnswered(call, agent.workNo, corr);
    if (call.direction === 'outbound') {
      this.#callOut.customerAlerting(call, agent, corr);
      return;
    }
    this.ctx.agents.move(agent, 'talking', corr);
    this.ctx.agents.emit(agent, inboundAnsweredEvents(callFacts(call)), corr);
    this.connected(call, agent, corr);
  }

  #legEnded(call: CallRecord, agent: AgentRecord, reason: LegEndReason, corr: string): void {
    // The two agents left after the customer's release from a three-party call: any leg's end ends their call.
    if (
      this.#consults.of(call.id)?.phase === 'agents' &&
      this.#consults.agentLeaves(call, agent, corr, reason === 'agent-hangup')
    )
      return;
    // An agent hanging up on its phone during a consult or three-party call: the others go on.
    if (reason === 'agent-hangup' && this.#transfers.agentLeaves(call, agent, corr)) return;
    if (reason === 'agent-hangup' && this.#consults.agentLeaves(call, agent, corr)) return;
    // The ended leg's hangup does nothing; another (a success transfer's next agent) is hung up.
    this.#legs.dropAll(call.id);
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
    // A success transfer that was ringing the next agent ends with the call.
    this.#legs.dropAll(call.id);
    this.#transfers.abandon(call, corr);
    const reason: CallEndReason = { agent: 'agent-hangup', customer: 'customer-hangup', platform: 'failed' }[
      by
    ] as CallEndReason;
    this.#consults.callEnded(call, corr);
    this.#book.end(call, reason, corr);
    this.land(agent, releaseEvents(callFacts(call), by), corr, `released by ${by}`, undefined, true);
    this.distribute(corr);
  }

  /**
   * The agent leaves its call: to the state it asked for during the call, else
   * — for a failed Call Out — the state it was in before, else idle (or
   * wrap-up when it signed in with autoenteridle false).
   */
  land(
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
    this.ctx.agents.leaveCall(agent, to, corr, why, wanted?.reason);
    this.ctx.agents.emit(agent, [...first, ...landingEvents(to, agent.reason)], corr);
    // connected: the call was talking, so a landing in wrap-up is after-call work (its timer starts).
    this.ctx.onLanded?.(agent, { restMs: wanted?.restMs, connected }, corr);
  }

  /** The agent's leg of its call. */
  #agentLeg(call: CallRecord, agent: AgentRecord) {
    const party = agentParty(call.model, agent.workNo)?.id;
    return party === undefined ? undefined : this.#legs.leg(call.id, party);
  }
}
