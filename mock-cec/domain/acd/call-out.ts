import type { AgentRecord, SignedInAgent } from '../agents/agent-book.ts';
import {
  agentOffhookEvents,
  callOutFailEvents,
  customerAlertingEvents,
  customerAnsweredEvents,
  type EventSpec,
  type PhoneState,
} from '../agents/agent-events.ts';
import { isResting, type RestingState } from '../agents/agent-state.ts';
import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import type { AcdContext } from './acd-context.ts';
import type { CallBook } from './call-book.ts';
import type { CallLegs } from './call-legs.ts';
import { type CallRecord, callFacts } from './call-record.ts';
import type { CallEndReason } from './call-state.ts';

/** What Call Out asks of the ACD: land the agent after a failure, offer queued calls, hang up for the customer. */
export interface CallOutHost {
  dial(call: CallRecord, agent: SignedInAgent, behaviour: CustomerBehaviour, from: string): void;
  land(agent: AgentRecord, first: EventSpec[], corr: string, why: string, fallback?: RestingState): void;
  distribute(corr: string): void;
  customerHangup(id: string, corr: string): boolean;
  /** The call connected: the platform may start recording it. */
  connected(call: CallRecord, agent: AgentRecord, corr: string): void;
}

/**
 * Call Out (docs/vendor/agent-gateway.md): the simulator rings the agent's own phone
 * first, showing the customer's number; once the agent's phone is off hook the
 * customer's rings, and the customer behaves as the directory says (answer,
 * busy, never answer). A failure tells the agent AgentEvent_Call_Out_Fail and
 * puts it back in the state it called from.
 */
export class CallOut {
  constructor(
    private readonly ctx: AcdContext,
    private readonly book: CallBook,
    private readonly legs: CallLegs,
    private readonly host: CallOutHost,
  ) {}

  start(agent: SignedInAgent, called: string, caller: string, corr: string): CallRecord {
    const skillId = this.ctx.tenant.config.skills[0]?.id ?? 0;
    const customer = this.ctx.directory.behaviourOf(this.ctx.tenant.id, called);
    const previous = isResting(agent.state) ? agent.state : 'idle';
    const call = this.book.create(
      'outbound',
      { skillId, customer: called, caller, called },
      customer,
      previous,
    );
    this.book.opened(call, corr, `Call Out by ${agent.workNo} to ${called}`);
    this.book.callingOut(call, agent.workNo, corr);
    this.ctx.agents.takeCall(agent, call.id, corr);
    if (!this.ctx.calls.isRegistered(this.ctx.tenant.id, agent.login.phonenum)) {
      this.failed(call, agent, 'unreachable', corr);
      return call;
    }
    // The customer's side places the agent leg; the customer hangs up on our timer, from its answer.
    const { hangupAfterMs: _fromAnswer, ...legBehaviour } = customer;
    this.host.dial(call, agent, { ...legBehaviour, answer: 'answer' }, called);
    return call;
  }

  /** The agent's phone is off hook: now the customer's rings. */
  customerAlerting(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.book.customerRinging(call, agent.workNo, corr);
    this.ctx.agents.move(agent, 'dialing', corr, `calling ${call.customer}`);
    this.ctx.agents.emit(agent, agentOffhookEvents(), corr);
    const { answer, answerAfterMs = 0 } = call.behaviour;
    // A busy customer (486) never alerted: no Customer_Alerting. (cec_05_4029)
    if (answer === 'busy') {
      this.legs.dropAll(call.id);
      this.failed(call, agent, 'busy', corr, 3);
      return;
    }
    this.ctx.agents.emit(agent, customerAlertingEvents(callFacts(call)), corr);
    if (answer === 'no-answer') {
      this.legs.after(call.id, this.ctx.tenant.config.acd.ringTimeoutMs, (c) => {
        this.legs.dropAll(call.id);
        this.failed(call, agent, 'no-answer', c, 3);
      });
    } else if (answerAfterMs > 0) {
      this.legs.after(call.id, answerAfterMs, (c) => this.#customerAnswered(call, agent, c));
    } else {
      this.#customerAnswered(call, agent, corr);
    }
  }

  /**
   * The Call Out ends before talk. When the agent's phone was off hook, its
   * release follows with who hung up (2 the agent, 3 the platform).
   */
  failed(
    call: CallRecord,
    agent: AgentRecord,
    reason: CallEndReason,
    corr: string,
    phoneState?: PhoneState,
  ): void {
    this.book.end(call, reason, corr);
    const events = callOutFailEvents(callFacts(call), phoneState);
    this.host.land(agent, events, corr, `Call Out failed: ${reason}`, call.previous);
    this.host.distribute(corr);
  }

  #customerAnswered(call: CallRecord, agent: AgentRecord, corr: string): void {
    this.book.customerAnswered(call, corr);
    this.ctx.agents.move(agent, 'talking', corr);
    this.ctx.agents.emit(agent, customerAnsweredEvents(callFacts(call)), corr);
    this.host.connected(call, agent, corr);
    const { hangupAfterMs } = call.behaviour;
    if (hangupAfterMs !== undefined) {
      this.legs.after(call.id, hangupAfterMs, (c) => this.host.customerHangup(call.id, c));
    }
  }
}
