import { type AgentRecord, isSignedIn, type SignedInAgent } from '../agents/agent-book.ts';
import type { EventSpec } from '../agents/agent-events.ts';
import type { AgentEventType, EventContent } from '../agents/event-catalogue.ts';
import type { LegEndReason } from '../calls/customer-calls.ts';
import type { InnerHelpRequest } from '../gateway/consult-request.ts';
import { done, type OpResult, refuse } from '../gateway/op-result.ts';
import type { AcdContext } from './acd-context.ts';
import type { CallBook } from './call-book.ts';
import type { CallLegs } from './call-legs.ts';
import {
  agentParty,
  answer,
  cancelConsult,
  completeAsConference,
  completeAsTransfer,
  consult,
  consulted,
  customerOf,
  leave,
  type ModelResult,
} from './call-model.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import { pickAgent } from './pick-agent.ts';

/** What the consult asks of the ACD. */
export interface ConsultHost {
  /** The agent leaves its call for its resting state, after `first` (acd.land; `connected`: after a talk, so wrap-up is after-call work). */
  land(agent: AgentRecord, first: EventSpec[], corr: string, why: string, connected?: boolean): void;
  /** Offer waiting calls to agents that became free. */
  distribute(corr: string): void;
  /** The call with the customer ends: release events to its agent, who lands. */
  released(call: CallRecord, agent: AgentRecord, by: 'agent' | 'customer' | 'platform', corr: string): void;
}

/**
 * One consult of a customer call (docs/vendor/consult-and-conference.md). Who is
 * in the call and who hears whom is the call model's (call-model.ts); this
 * keeps only what the vendor's events need beside it: the help call's callid,
 * and who asked whom.
 */
interface Consult {
  readonly callId: string;
  readonly helpCallId: string;
  /** The asking agent. */
  readonly by: number;
  /** The helper (undefined: no agent of the skill was free). */
  readonly helper?: number;
  readonly mode: 1 | 2;
  /**
   * consulting: the helper rings or talks with the asking agent; conference: all three talk; handed: the
   * helper has the customer; agents: the customer was released from the three-party call, the two agents talk.
   */
  phase: 'consulting' | 'conference' | 'handed' | 'agents';
}

const e = <T extends AgentEventType>(eventType: T, content: EventContent<T>): EventSpec =>
  ({ eventType, content }) as EventSpec;

/**
 * Consult (`innerhelp`), three-party (`confjoin`), and how a consult ends:
 * cancelled (`dropcall` on the help call, or the helper hangs up), completed as
 * a transfer (the asking agent hangs up), or as a three-party call. Each is a
 * move of the call model applied through the book; then the legs follow it (a
 * leg to the helper's phone placed by the simulated customer, the customer's
 * mixer routed by the model) and each agent gets the vendor's events.
 */
export class Consults {
  readonly #byCall = new Map<string, Consult>();

  constructor(
    private readonly ctx: AcdContext,
    private readonly book: CallBook,
    private readonly legs: CallLegs,
    private readonly host: ConsultHost,
  ) {}

  /** The consult of a call, while one goes on (or the helper took the call over). */
  of(callId: string): Consult | undefined {
    return this.#byCall.get(callId);
  }

  /** `innerhelp`: hold the customer, ring the helper toward the asking agent. */
  start(agent: SignedInAgent, call: CallRecord | undefined, req: InnerHelpRequest, corr: string): OpResult {
    if (call?.state !== 'talking' || agent.state !== 'talking') {
      return refuse('200-002', 'There is no call with a customer to consult on');
    }
    if (this.#byCall.has(call.id)) return refuse('200-002', 'A consult is going on already');
    if (req.devicetype === 2 && Number(req.dstaddress) === agent.workNo) {
      return refuse('000-002', 'An agent cannot consult itself');
    }
    const by = agentParty(call.model, agent.workNo);
    const helper = this.#helper(req, call);
    const helpCallId = this.book.nextCallId();
    const target = helper ? helper.workNo : Number(req.dstaddress);
    const moved = this.book.apply(
      call,
      (m) => consult(m, by?.id ?? '', { kind: 'agent', workNo: target }),
      corr,
      `consult ${req.devicetype === 1 ? 'skill' : 'agent'} ${req.dstaddress}`,
    );
    if (!moved.ok) return refuse('200-002', `The call cannot be consulted on: ${moved.problem.code}`);
    const c: Consult = {
      callId: call.id,
      helpCallId,
      by: agent.workNo,
      ...(helper ? { helper: helper.workNo } : {}),
      mode: req.mode,
      phase: 'consulting',
    };
    this.#byCall.set(call.id, c);
    this.ctx.agents.emit(agent, [e('AgentEvent_Hold', call.id)], corr);
    this.#remix(call);
    if (!helper) {
      // Nobody to ring: the vendor answers the request, then says so. [choice]
      this.#failed(call, c, corr, 'no helper free');
      return done(helpCallId, `consult ${helpCallId}: nobody to answer`);
    }
    this.#ring(call, c, agent, helper, corr);
    return done(helpCallId, `consult ${helpCallId} to agent ${helper.workNo}`);
  }

  /** `confjoin`: the consult becomes a three-party call. */
  join(agent: AgentRecord, call: CallRecord | undefined, callid: string, corr: string): OpResult {
    const c = call && this.#byCall.get(call.id);
    if (!call || !c || c.by !== agent.workNo || c.phase !== 'consulting') {
      return refuse('200-010', 'There is no consult to join');
    }
    const by = agentParty(call.model, agent.workNo)!.id;
    if (consulted(call.model, by)?.state !== 'talking') {
      return refuse('200-010', 'The consulted agent has not answered yet');
    }
    if (callid !== call.id) return refuse('200-011', `Call ${callid} is not the held call`);
    this.#conference(call, c, corr);
    return done({});
  }

  /** `dropcall/{callid}` on the help call: the consult is cancelled, back to the customer. */
  drop(agent: AgentRecord, call: CallRecord | undefined, callid: string, corr: string): OpResult | undefined {
    const c = call && this.#byCall.get(call.id);
    if (!call || !c || callid !== c.helpCallId) return undefined;
    if (c.by !== agent.workNo || c.phase !== 'consulting')
      return refuse('200-002', 'The help call has ended');
    this.#cancel(call, c, corr, 'cancelled', 3);
    return done({}, `consult ${c.helpCallId} cancelled`);
  }

  /**
   * `disconnect/{number}` during a consult or a three-party call
   * (cec_07_1248): the asking agent releases the helper (its workNo or phone
   * number: the consult is cancelled, or the helper leaves the three-party
   * call), or the customer of a three-party call (the customer goes, the two
   * agents talk on, as when one party of a three-party call leaves,
   * cec_05_4041); the customer held during a consult is not in the last call
   * (200-024). The helper may release only itself. Once the customer has gone,
   * releasing the other agent ends the call. Undefined when the call has no
   * consult, or the number is the agent's own (its release).
   */
  disconnect(call: CallRecord, agent: AgentRecord, number: string, corr: string): OpResult | undefined {
    const c = this.#byCall.get(call.id);
    if (!c || c.helper === undefined || c.phase === 'handed') return undefined;
    const own = [String(agent.workNo), agent.login?.phonenum];
    if (own.includes(number)) return undefined;
    if (agent.workNo === c.helper) return refuse('200-024', 'The helper can release only itself');
    if (agent.workNo !== c.by) return undefined;
    const helper = this.ctx.agents.get(c.helper);
    if (number === String(c.helper) || number === helper?.login?.phonenum) {
      if (c.phase === 'agents') {
        this.#agentsEnd(call, c, corr, `helper ${c.helper} disconnected`);
        return done({}, `helper ${c.helper} disconnected: the call ends`);
      }
      if (c.phase === 'consulting') this.#cancel(call, c, corr, `helper ${c.helper} disconnected`, 3);
      else this.#helperLeft(call, c, 3, corr);
      return done({}, `helper ${c.helper} disconnected`);
    }
    if (number === call.customer && c.phase !== 'agents') {
      if (c.phase === 'consulting') return refuse('200-024', 'The customer is on hold: not in the last call');
      this.#customerLeft(call, c, corr);
      return done({}, `customer ${number} released`);
    }
    return refuse('200-023', `${number} is not a party of the call`);
  }

  /**
   * The customer hangs up on a three-party call: as when `disconnect` releases
   * it, the two agents talk on (cec_05_4041: when one party of a three-party
   * call leaves, the other two stay connected). Returns false when the call
   * is not a three-party call, so the ACD ends it as usual.
   */
  customerLeaves(call: CallRecord, corr: string): boolean {
    const c = this.#byCall.get(call.id);
    if (!c || c.helper === undefined || c.phase !== 'conference') return false;
    this.#customerLeft(call, c, corr);
    return true;
  }

  /**
   * An agent of a call with a consult leaves it (hangs up in the bar or on its
   * phone; `hungUp` false: its leg ended otherwise). Returns false when the ACD
   * should release the call as usual.
   */
  agentLeaves(call: CallRecord, agent: AgentRecord, corr: string, hungUp = true): boolean {
    const c = this.#byCall.get(call.id);
    if (!c || c.helper === undefined) return false;
    if (c.phase === 'agents') {
      this.#agentsEnd(call, c, corr, `agent ${agent.workNo}'s leg ended`, hungUp ? agent : undefined);
      return true;
    }
    const helperTalks = agentParty(call.model, c.helper)?.state === 'talking';
    if (agent.workNo === c.by && c.phase !== 'handed') {
      if (!helperTalks) {
        // The helper still rings: the consult ends with it, then the call as usual.
        this.#cancel(call, c, corr, 'the asking agent hung up', 3);
        return false;
      }
      this.#handOver(call, c, agent, corr);
      return true;
    }
    if (agent.workNo === c.helper && c.phase !== 'handed') {
      this.#helperLeft(call, c, 2, corr);
      return true;
    }
    return false;
  }

  /** The customer's call ends (the customer hung up, or the last agent did): the helper leaves too. */
  callEnded(call: CallRecord, corr: string): void {
    const c = this.#byCall.get(call.id);
    if (!c) return;
    this.#byCall.delete(call.id);
    if (c.phase === 'handed' || c.helper === undefined) return;
    this.legs.hangup(this.legs.detach(call.id, `agent ${c.helper}`));
    const helper = this.ctx.agents.get(c.helper);
    if (!helper || helper.callId !== call.id) return;
    const talked = helper.state === 'talking';
    const facts = { ...callFacts(call), callid: c.phase === 'conference' ? call.id : c.helpCallId };
    this.host.land(
      helper,
      talked
        ? [
            e('AgentEvent_Call_Release', facts.callid),
            e('AgentEvent_Customer_Release', { callid: facts.callid, number: call.customer }),
            // The platform released the helper's phone: whoever hung up, it was not the helper. [choice]
            e('AgentOther_PhoneRelease', { phoneState: 3 }),
          ]
        : [e('AgentEvent_Call_Release', facts.callid)],
      corr,
      'the call ended',
    );
  }

  reset(): void {
    this.#byCall.clear();
  }

  // ── the helper's leg ─────────────────────────────────────────────────

  #helper(req: InnerHelpRequest, call: CallRecord): SignedInAgent | undefined {
    const ready = (a: AgentRecord | undefined): a is SignedInAgent =>
      a !== undefined &&
      isSignedIn(a) &&
      a.state === 'idle' &&
      this.ctx.calls.isRegistered(this.ctx.tenant.id, a.login.phonenum);
    if (req.devicetype === 2) {
      const a = this.ctx.agents.get(Number(req.dstaddress));
      return ready(a) ? a : undefined;
    }
    const picked = pickAgent(
      this.ctx.agents
        .all()
        .filter(ready)
        .map((a) => ({
          workNo: a.workNo,
          state: a.state,
          skills: a.skills,
          idleSince: a.idleSince,
          registered: true,
        })),
      Number(req.dstaddress),
      new Set(call.agent === undefined ? [] : [call.agent]),
    );
    const a = picked && this.ctx.agents.get(picked.workNo);
    return ready(a) ? a : undefined;
  }

  #ring(call: CallRecord, c: Consult, asker: SignedInAgent, helper: SignedInAgent, corr: string): void {
    const party = agentParty(call.model, helper.workNo)?.id ?? `agent ${helper.workNo}`;
    this.ctx.agents.takeCall(helper, call.id, corr);
    const facts = this.#helpFacts(call, c);
    let alerted = false;
    const alert = (corr2: string) => {
      if (alerted || c.phase !== 'consulting') return;
      alerted = true;
      const autoAnswer = helper.login.autoanswer === true;
      const offered = {
        caller: facts.caller,
        called: facts.called,
        callid: c.helpCallId,
        transfer: 'no' as const,
        transfrom: '' as const,
        type: 'assistant' as const,
        mediaAbility: '1' as const,
        feature: '20' as const,
      };
      this.ctx.agents.emit(
        helper,
        [
          e('AgentOther_PhoneAlerting', null),
          autoAnswer
            ? e('AgentEvent_Auto_Answer', { ...offered, mediaType: 5 })
            : e('AgentEvent_Ringing', { ...offered, mediaType: '5' }),
        ],
        corr2,
      );
      this.ctx.agents.emit(
        asker,
        [
          e('AgentEvent_Customer_Alerting', {
            callid: c.helpCallId,
            otherPhoneWorkno: String(helper.workNo),
            otherPhone: String(helper.workNo),
            type: 'assistant',
          }),
        ],
        corr2,
      );
      const leg = this.legs.leg(call.id, party);
      if (autoAnswer && leg) void this.legs.requestAnswer(leg);
    };
    const leg = this.legs.dial(
      call.id,
      party,
      {
        tenant: this.ctx.tenant.id,
        from: asker.login.phonenum,
        toSipAccount: helper.login.phonenum,
        // The customer's voice and ears, but not its plan to hang up: that is the customer's own leg's.
        behaviour: { ...call.behaviour, answer: 'answer', hangupAfterMs: undefined },
        headers: { 'X-Call-Id': c.helpCallId },
      },
      {
        ringing: alert,
        answered: (corr2) => {
          alert(corr2);
          this.#answered(call, c, asker, helper, corr2);
        },
        ended: (reason, corr2) => this.#helperLegEnded(call, c, reason, corr2),
      },
    );
    if (!leg) {
      this.#failed(call, c, corr, 'the helper could not be dialled');
      return;
    }
    this.legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (corr2) => {
      if (c.phase === 'consulting' && agentParty(call.model, helper.workNo)?.state === 'alerting') {
        this.#failed(call, c, corr2, 'the helper did not answer');
      }
    });
  }

  #answered(call: CallRecord, c: Consult, asker: AgentRecord, helper: AgentRecord, corr: string): void {
    if (this.#byCall.get(call.id) !== c || c.phase !== 'consulting') return;
    const p = agentParty(call.model, helper.workNo);
    if (p?.state !== 'alerting') return;
    this.legs.cancelTimers(call.id);
    this.#must(call, (m) => answer(m, p.id), corr, 'answered the consult');
    const talking = {
      caller: String(c.by),
      called: String(helper.workNo),
      callid: c.helpCallId,
      feature: '20' as const,
      type: 'assistant' as const,
      mediaAbility: '1' as const,
    };
    this.ctx.agents.move(helper, 'talking', corr, `consult ${c.helpCallId}`);
    this.ctx.agents.emit(
      helper,
      [
        e('AgentOther_PhoneOffhook', { type: 'main' }),
        e('AgentState_Busy', null),
        e('AgentEvent_Talking', { ...talking, caller: `a${c.by}` }),
      ],
      corr,
    );
    this.ctx.agents.emit(asker, [e('AgentEvent_Talking', talking)], corr);
    this.#remix(call);
    if (c.mode === 2) this.#conference(call, c, corr);
  }

  #helperLegEnded(call: CallRecord, c: Consult, reason: LegEndReason, corr: string): void {
    if (this.#byCall.get(call.id) !== c) return;
    const helperParty = c.helper === undefined ? undefined : agentParty(call.model, c.helper);
    if (c.phase === 'agents') {
      const helper = this.ctx.agents.get(c.helper!);
      this.#agentsEnd(
        call,
        c,
        corr,
        `the helper's phone: ${reason}`,
        reason === 'agent-hangup' ? helper : undefined,
      );
      return;
    }
    if (c.phase === 'handed') {
      // The helper has the customer: its hanging up ends the call as any agent's does.
      const helper = this.ctx.agents.get(c.helper!);
      this.legs.dropAll(call.id);
      if (helper && call.state === 'talking') {
        this.host.released(
          call,
          helper,
          reason === 'customer-hangup' ? 'customer' : reason === 'agent-hangup' ? 'agent' : 'platform',
          corr,
        );
      }
      return;
    }
    if (helperParty?.state === 'alerting') {
      this.#failed(call, c, corr, `the helper's phone: ${reason}`);
      return;
    }
    if (helperParty?.state === 'talking') this.#helperLeft(call, c, reason === 'agent-hangup' ? 2 : 3, corr);
  }

  // ── the ways a consult ends ──────────────────────────────────────────

  /** Nobody answered: the asking agent is told, the helper's phone stops, back to the customer. */
  #failed(call: CallRecord, c: Consult, corr: string, why: string): void {
    const asker = this.ctx.agents.get(c.by);
    if (asker) this.ctx.agents.emit(asker, [e('AgentEvent_Consult_Fail', c.helpCallId)], corr);
    this.#cancel(call, c, corr, why, 3, false);
  }

  /**
   * The consult ends and the asking agent takes the customer back: the helper's
   * leg is hung up, the helper told its help call was released and lands.
   */
  #cancel(
    call: CallRecord,
    c: Consult,
    corr: string,
    why: string,
    phoneState: 2 | 3,
    tellAsker = true,
  ): void {
    this.#byCall.delete(call.id);
    const asker = this.ctx.agents.get(c.by)!;
    const by = agentParty(call.model, c.by)?.id;
    if (by) this.#must(call, (m) => cancelConsult(m, by), corr, why);
    this.#dropHelper(call, c, corr, why, phoneState);
    if (tellAsker) this.ctx.agents.emit(asker, [e('AgentEvent_Call_Release', c.helpCallId)], corr);
    this.#remix(call);
  }

  /** The helper hung up: during the consult the asking agent is back with the customer; in a three-party call the other two go on. */
  #helperLeft(call: CallRecord, c: Consult, phoneState: 2 | 3, corr: string): void {
    if (c.phase === 'consulting') {
      this.#cancel(call, c, corr, 'the helper hung up', phoneState);
      return;
    }
    this.#byCall.delete(call.id);
    const p = c.helper === undefined ? undefined : agentParty(call.model, c.helper);
    if (p) this.#must(call, (m) => leave(m, p.id), corr, 'the helper left the three-party call');
    this.#dropHelper(call, c, corr, 'left the three-party call', phoneState, call.id);
    this.#remix(call);
  }

  /** The helper's leg goes and the helper lands, told the call it was on was released. */
  #dropHelper(
    call: CallRecord,
    c: Consult,
    corr: string,
    why: string,
    phoneState: 2 | 3,
    callid = c.helpCallId,
  ): void {
    if (c.helper === undefined) return;
    const party = `agent ${c.helper}`;
    const p = agentParty(call.model, c.helper);
    if (p) this.#must(call, (m) => leave(m, p.id), corr, why);
    this.legs.hangup(this.legs.detach(call.id, party));
    const helper = this.ctx.agents.get(c.helper);
    if (!helper || helper.callId !== call.id) return;
    const talked = helper.state === 'talking';
    this.host.land(
      helper,
      talked
        ? [e('AgentEvent_Call_Release', callid), e('AgentOther_PhoneRelease', { phoneState })]
        : [e('AgentEvent_Call_Release', callid)],
      corr,
      why,
    );
  }

  /**
   * The customer is released from the three-party call (`disconnect` with its
   * number): it leaves, and the two agents talk on through the customer's mixer
   * (their legs stay: the simulated customer is the CEC's media hub), as the
   * two parties left of a three-party call do (cec_05_4041). Both agents are
   * told with `AgentEvent_Customer_Release`, the event cec_07_1248 names.
   * [simulator choice: the vendor documents the customer's own release, not
   * this one's events]
   */
  #customerLeft(call: CallRecord, c: Consult, corr: string): void {
    const customer = customerOf(call.model);
    if (customer) this.#must(call, (m) => leave(m, customer.id), corr, 'the customer was released');
    c.phase = 'agents';
    for (const workNo of [c.by, c.helper!]) {
      const agent = this.ctx.agents.get(workNo);
      if (agent?.callId === call.id) {
        this.ctx.agents.emit(
          agent,
          [e('AgentEvent_Customer_Release', { callid: call.id, number: call.customer })],
          corr,
        );
      }
    }
    this.#remix(call);
  }

  /**
   * The two agents left after the customer's release: when one hangs up (or is
   * released), the call ends for both. Each is told its call was released and
   * its phone hung up — by itself (2), or by the platform (3). [simulator choice]
   */
  #agentsEnd(call: CallRecord, c: Consult, corr: string, why: string, hungUp?: AgentRecord): void {
    this.#byCall.delete(call.id);
    this.legs.dropAll(call.id);
    this.book.end(call, 'agent-hangup', corr);
    for (const workNo of [c.by, c.helper!]) {
      const agent = this.ctx.agents.get(workNo);
      if (agent?.callId !== call.id) continue;
      const phoneState = agent.workNo === hungUp?.workNo ? 2 : 3;
      this.host.land(
        agent,
        [e('AgentEvent_Call_Release', call.id), e('AgentOther_PhoneRelease', { phoneState })],
        corr,
        why,
        true,
      );
    }
    this.host.distribute(corr);
  }

  /** All three talk; both agents are told who the others are. */
  #conference(call: CallRecord, c: Consult, corr: string): void {
    const by = agentParty(call.model, c.by)!.id;
    this.#must(call, (m) => completeAsConference(m, by), corr, 'three-party call');
    c.phase = 'conference';
    for (const [me, other] of [
      [c.by, c.helper!],
      [c.helper!, c.by],
    ] as const) {
      const agent = this.ctx.agents.get(me);
      if (agent) {
        this.ctx.agents.emit(
          agent,
          [e('AgentEvent_Conference', { callid: call.id, partner: `${other},${call.customer}` })],
          corr,
        );
      }
    }
    this.#remix(call);
  }

  /**
   * The asking agent hangs up while the helper talks: during a consult the
   * customer is transferred to the helper (cec_05_4040); in a three-party call
   * the customer and the helper go on. Either way the helper has the call now.
   */
  #handOver(call: CallRecord, c: Consult, asker: AgentRecord, corr: string): void {
    const by = agentParty(call.model, c.by)!.id;
    if (c.phase === 'consulting')
      this.#must(call, (m) => completeAsTransfer(m, by), corr, 'consult completed as a transfer');
    else this.#must(call, (m) => leave(m, by), corr, 'left the three-party call');
    c.phase = 'handed';
    this.legs.hangup(this.legs.detach(call.id, by));
    const helperLeg = this.legs.leg(call.id, `agent ${c.helper}`);
    this.book.takenOverBy(call, c.helper!, helperLeg?.sipCallId, corr);
    this.host.land(
      asker,
      [
        e('AgentEvent_Call_Release', call.id),
        e('AgentEvent_Customer_Release', { callid: call.id, number: call.customer }),
        e('AgentOther_PhoneRelease', { phoneState: 2 }),
      ],
      corr,
      'handed the call to the helper',
    );
    this.#remix(call);
  }

  // ── helpers ──────────────────────────────────────────────────────────

  #helpFacts(call: CallRecord, c: Consult) {
    return { ...callFacts(call), callid: c.helpCallId, caller: `a${c.by}`, called: String(c.helper ?? '') };
  }

  #remix(call: CallRecord): void {
    this.legs.remix(call.id, call.model);
  }

  /** A move the consult's own flow makes: refused, it is a bug. */
  #must(call: CallRecord, move: Parameters<CallBook['apply']>[1], corr: string, why: string): void {
    const r: ModelResult = this.book.apply(call, move, corr, why);
    if (!r.ok) throw new Error(`call ${call.id}: call model refused: ${JSON.stringify(r.problem)}`);
  }
}
