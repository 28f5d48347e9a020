import type { Flow } from '../../telephony/media/mixer.ts';
import type { OutsideStats } from '../../telephony/media/outside-party.ts';
import type { CallFacts } from '../agents/agent-events.ts';
import type { RestingState } from '../agents/agent-state.ts';
import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import type { CallModel } from './call-model.ts';
import type { CallEndReason, CallState } from './call-state.ts';

/**
 * A customer call as the ACD tracks it, inbound (queued for a skill) or
 * outbound (the agent's Call Out). Read-only outside the CallBook, which
 * changes it through named operations and journals each change.
 */
export interface CallRecord {
  /** The vendor's callid, e.g. "1456403661-19": epoch seconds and a counter. */
  readonly id: string;
  readonly seq: number;
  /** `internal`: one agent calls another through the CEC (callinner, callinnerskill). */
  readonly direction: 'inbound' | 'outbound' | 'internal';
  readonly state: CallState;
  readonly skillId: number;
  /** The agent who transferred the call to where it is now (docs/vendor/transfer-and-internal-calls.md). */
  readonly transferredFrom?: number;
  /** A transfer under way: the party it waits for (a success transfer), for one at a time. */
  readonly transferring?: string;
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
  readonly callData: string;
  readonly queuedAt: number;
  /** The agent offered the call, or talking on it. */
  readonly agent?: number;
  /** Agents who declined or missed this call: it is not offered to them again. */
  readonly declinedBy: ReadonlySet<number>;
  readonly offers: number;
  /** Who is in the call and who hears whom (call-model.ts). */
  readonly model: CallModel;
  /** The SIP Call-ID of the leg to the agent's softphone, while the ACD still listens to it. */
  readonly sipCallId?: string;
  /** Each party's SIP leg (its Call-ID) while the ACD listens to it: transfers and internal calls have several. */
  readonly partyLegs?: Readonly<Record<string, string>>;
  /** Call Out: the state the agent returns to when the call fails. */
  readonly previous?: RestingState;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly endReason?: CallEndReason;
}

export function callFacts(call: CallRecord): CallFacts {
  return {
    callid: call.id,
    caller: call.caller,
    called: call.called,
    customer: call.customer,
    feature: call.direction === 'inbound' ? '0' : call.direction === 'internal' ? '6' : '7',
    ...(call.transferredFrom !== undefined ? { transferredFrom: call.transferredFrom } : {}),
  };
}

/** What the control API shows of a call's media, beside its record (CallLegs). */
export interface CallMediaView {
  /** What the customer's mixer carried (CallLegs.flows). */
  mix?: readonly Flow[];
  /** Whether `mix` counts under the mixer's last change (CallLegs.mixSettled). */
  mixSettled?: boolean;
  /** What each outside party said and heard (CallLegs.outsideStats). */
  outside?: readonly (OutsideStats & { party: string })[];
}

/** What the control API shows of a call. */
export function callView(
  call: CallRecord,
  { mix = [], mixSettled = true, outside = [] }: CallMediaView = {},
) {
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
    sipCallId: call.sipCallId ?? null,
    transferredFrom: call.transferredFrom ?? null,
    behaviour: call.behaviour,
    callData: call.callData,
    parties: call.model.parties.map((p) => ({
      id: p.id,
      kind: p.kind,
      number: p.number,
      state: p.state,
      bridge: p.bridge ?? null,
      heldBy: p.heldBy ?? null,
      muted: p.muted,
      sipCallId: call.partyLegs?.[p.id] ?? null,
    })),
    mix: mix.map((f) => ({ ...f })),
    mixSettled,
    outside: outside.map((o) => ({ ...o })),
  };
}

export type CallView = ReturnType<typeof callView>;
