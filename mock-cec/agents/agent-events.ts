/**
 * The agent gateway's events and the sequences the CTI emits (vendor-api.md §4–5).
 * Shapes are the vendor's: `{eventType, workNo (string), content, eventGenTime}`;
 * the poll wraps one in `{"message": "", "retcode": "0", "event": {...}}`.
 *
 * Contents, as documented: `AgentEvent_Ringing` and `AgentEvent_Talking` carry
 * the call (`{caller, called, callid, …, feature: "0" inbound | "7" outbound}`);
 * `AgentEvent_Call_Release`, `AgentEvent_No_Answer` and
 * `AgentEvent_Call_Out_Fail` carry the callid string; `AgentOther_PhoneRelease`
 * carries `{phoneState}`; `AgentState_SetNotReady_Success` carries `{reason}`.
 * The rest carry null. `AgentEvent_Customer_Alerting` is not documented: it
 * carries the call like Talking, and `AgentEvent_Customer_Release` the callid
 * like Call_Release. [choice]
 */
import type { RestingState } from './agent-state.ts';

export type AgentEventType =
  | 'AgentOther_InService'
  | 'AgentOther_ShutdownService'
  | 'AgentOther_PhoneAlerting'
  | 'AgentOther_PhoneOffhook'
  | 'AgentOther_PhoneRelease'
  | 'AgentState_Ready'
  | 'AgentState_Busy'
  | 'AgentState_Work'
  | 'AgentState_SetNotReady_Success'
  | 'AgentState_CancelNotReady_Success'
  | 'AgentState_SetRest_Success'
  | 'AgentState_CancelRest_Success'
  | 'AgentState_Rest_Timeout'
  | 'AgentState_SetWork_Success'
  | 'AgentState_CancelWork_Success'
  | 'AgentEvent_Ringing'
  | 'AgentEvent_Talking'
  | 'AgentEvent_Customer_Alerting'
  | 'AgentEvent_Call_Out_Fail'
  | 'AgentEvent_Call_Release'
  | 'AgentEvent_Customer_Release'
  | 'AgentEvent_No_Answer';

/** One event as the poll delivers it. */
export interface AgentEvent {
  eventType: AgentEventType;
  workNo: string;
  content: unknown;
  /** Epoch ms on the tenant's clock (newer gateway versions send it). */
  eventGenTime: number;
}

/** An event before it is stamped with the agent and the time. */
export interface EventSpec {
  eventType: AgentEventType;
  content: unknown;
}

/** What the events of a call say about it. */
export interface CallFacts {
  callid: string;
  caller: string;
  called: string;
  /** "0" a call to the agent, "7" the agent's Call Out. */
  feature: '0' | '7';
}

/** `AgentOther_PhoneRelease` phoneState: 2 the agent hung up, 3 the platform did. */
export type PhoneState = 2 | 3;

const e = (eventType: AgentEventType, content: unknown = null): EventSpec => ({ eventType, content });

/** The call as Ringing, Talking and Customer_Alerting describe it. */
export function callContent(call: CallFacts) {
  return {
    caller: call.caller,
    called: call.called,
    callid: call.callid,
    transfer: '',
    transfrom: '',
    type: 'main',
    mediaAbility: '0',
    feature: call.feature,
  };
}

/** Sign-in: InService, Ready, then the requested state when it is not idle. */
export function signInEvents(status: 3 | 4 | 5, reason = 0): EventSpec[] {
  const out = [e('AgentOther_InService'), e('AgentState_Ready')];
  if (status === 3) out.push(e('AgentState_SetNotReady_Success', { reason }));
  if (status === 5) out.push(e('AgentState_Work'));
  return out;
}

export const signOutEvents = (): EventSpec[] => [e('AgentOther_ShutdownService')];

/**
 * The events that announce a resting state when the agent lands in it after a
 * call or a failed Call Out. [choice: the same event that setting it would send]
 */
export function landingEvents(state: RestingState, reason = 0): EventSpec[] {
  switch (state) {
    case 'idle':
      return [e('AgentState_Ready')];
    case 'busy':
      return [e('AgentState_SetNotReady_Success', { reason })];
    case 'rest':
      return [e('AgentState_SetRest_Success')];
    case 'work':
      return [e('AgentState_Work')];
  }
}

/** The events of leaving one resting state for another by request (sayfree, saybusy, rest, work…). */
export function changeEvents(from: RestingState, to: RestingState, reason = 0): EventSpec[] {
  if (to === 'busy') return [e('AgentState_SetNotReady_Success', { reason })];
  if (to === 'rest') return [e('AgentState_SetRest_Success')];
  if (to === 'work') return [e('AgentState_SetWork_Success'), e('AgentState_Work')];
  const cancel: Record<RestingState, AgentEventType | undefined> = {
    busy: 'AgentState_CancelNotReady_Success',
    rest: 'AgentState_CancelRest_Success',
    work: 'AgentState_CancelWork_Success',
    idle: undefined,
  };
  const first = cancel[from];
  return first ? [e(first), e('AgentState_Ready')] : [e('AgentState_Ready')];
}

/** The agent's phone alerts: inbound call offered, or the agent leg of a Call Out. */
export const alertingEvents = (call: CallFacts): EventSpec[] => [
  e('AgentOther_PhoneAlerting'),
  e('AgentEvent_Ringing', callContent(call)),
];

/** The agent's phone goes off hook on an inbound call: the call is up. */
export const inboundAnsweredEvents = (call: CallFacts): EventSpec[] => [
  e('AgentOther_PhoneOffhook'),
  e('AgentState_Busy'),
  e('AgentEvent_Talking', callContent(call)),
];

/** Call Out: the agent's phone went off hook; now the customer's rings. */
export const customerAlertingEvents = (call: CallFacts): EventSpec[] => [
  e('AgentOther_PhoneOffhook'),
  e('AgentEvent_Customer_Alerting', callContent(call)),
];

/** Call Out: the customer answered. */
export const customerAnsweredEvents = (call: CallFacts): EventSpec[] => [
  e('AgentState_Busy'),
  e('AgentEvent_Talking', callContent(call)),
];

/**
 * Call Out failed (busy, no answer, the agent's phone unreachable). When the
 * agent's phone was already off hook, its release follows with who hung up.
 */
export function callOutFailEvents(call: CallFacts, phoneState?: PhoneState): EventSpec[] {
  const out = [e('AgentEvent_Call_Out_Fail', call.callid)];
  if (phoneState !== undefined) out.push(e('AgentOther_PhoneRelease', { phoneState }));
  return out;
}

/**
 * The end of a connected call: Call_Release, Customer_Release when the
 * customer hung up, then PhoneRelease (2 when the agent hung up, 3 when the
 * customer or the platform did: a lost connection); the landing state's event follows.
 */
export function releaseEvents(call: CallFacts, by: 'agent' | 'customer' | 'platform'): EventSpec[] {
  const out = [e('AgentEvent_Call_Release', call.callid)];
  if (by === 'customer') out.push(e('AgentEvent_Customer_Release', call.callid));
  const phoneState: PhoneState = by === 'agent' ? 2 : 3;
  out.push(e('AgentOther_PhoneRelease', { phoneState }));
  return out;
}

/** The ring timed out: the call goes back to the queue and the agent to not-ready, reason 2. */
export const noAnswerEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_No_Answer', call.callid),
  e('AgentState_SetNotReady_Success', { reason: NO_ANSWER_REASON }),
];

/** An offered call that ended before the agent answered (the customer gave up, or the agent rejected it). */
export const offerWithdrawnEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_Call_Release', call.callid),
];

export const restTimeoutEvents = (): EventSpec[] => [e('AgentState_Rest_Timeout')];

/** The not-ready reason the CTI sets after a ring timeout (vendor-api.md §5). */
export const NO_ANSWER_REASON = 2;
