import type { CallFacts } from '../agents/agent-events.ts';
import type { RestingState } from '../agents/agent-state.ts';
import type { CallLeg, CustomerBehaviour } from '../calls/customer-calls.ts';
import type { Cancel } from '../core/timers.ts';
import type { CallEndReason, CallState } from './call-state.ts';

/** A customer call as the ACD tracks it, inbound (queued for a skill) or outbound (the agent's Call Out). */
export interface CallRecord {
  /** The vendor's callid, e.g. "1456403661-19": epoch seconds and a counter. */
  readonly id: string;
  readonly seq: number;
  readonly direction: 'inbound' | 'outbound';
  state: CallState;
  readonly skillId: number;
  /** The customer's number. */
  readonly customer: string;
  /** Caller and called as the agent's events show them. */
  readonly caller: string;
  readonly called: string;
  readonly behaviour: CustomerBehaviour;
  /**
   * The call-associated data (docs/vendor/call-data.md): what an IVR collected before the queue
   * (an account number, a language), set when the call is placed and by `setcalldataex`. At most
   * 16 KB; '' when none.
   */
  callData: string;
  readonly queuedAt: number;
  /** The agent offered the call, or talking on it. */
  agent?: number;
  /** Agents who declined or missed this call: it is not offered to them again. */
  readonly declinedBy: Set<number>;
  offers: number;
  /** The SIP leg to the agent's softphone, while the ACD still listens to it. */
  leg?: CallLeg;
  /** Whether the agent has been told that the phone alerts. */
  alerted: boolean;
  timers: Cancel[];
  /** Call Out: the state the agent returns to when the call fails. */
  previous?: RestingState;
  answeredAt?: number;
  endedAt?: number;
  endReason?: CallEndReason;
}

export function callFacts(call: CallRecord): CallFacts {
  return {
    callid: call.id,
    caller: call.caller,
    called: call.called,
    customer: call.customer,
    feature: call.direction === 'inbound' ? '0' : '7',
  };
}

/** What the control API shows of a call. */
export function callView(call: CallRecord) {
  return {
    id: call.id,
    direction: call.direction,
    state: call.state,
    skillId: call.skillId,
    customer: call.customer,
    caller: call.caller,
    called: call.called,
    agent: call.agent ?? null,
    offers: call.offers,
    declinedBy: [...call.declinedBy],
    queuedAt: call.queuedAt,
    answeredAt: call.answeredAt ?? null,
    endedAt: call.endedAt ?? null,
    endReason: call.endReason ?? null,
    sipCallId: call.leg?.sipCallId ?? null,
    behaviour: call.behaviour,
    callData: call.callData,
  };
}

export type CallView = ReturnType<typeof callView>;
