/**
 * The agent gateway's events and the sequences the CTI emits
 * (docs/vendor/agent-events.md). Shapes are the vendor's:
 * `{eventType, workNo (string), content, eventGenTime}`; the poll wraps one in
 * `{"message": "", "retcode": "0", "event": {...}}`. Each content's type comes
 * from the catalogue (event-catalogue.ts), so a builder here cannot produce a
 * shape the catalogue does not list.
 */
import type { RestingState } from './agent-state.ts';
import type { AgentEventType, EventContent, EventSpec } from './event-catalogue.ts';

export type { AgentEventType, EventSpec } from './event-catalogue.ts';

/** One event as the poll delivers it. */
export interface AgentEvent {
  eventType: AgentEventType;
  workNo: string;
  content: unknown;
  /** Epoch ms on the tenant's clock (newer gateway versions send it). */
  eventGenTime: number;
}

/** What the events of a call say about it. */
export interface CallFacts {
  callid: string;
  caller: string;
  called: string;
  /** The customer's number (the other party). */
  customer: string;
  /** "0" a call to the agent, "7" the agent's Call Out, "6" an internal call. */
  feature: '0' | '7' | '6';
  /** The workNo of the agent who transferred the call here, if it came by a transfer. */
  transferredFrom?: number;
}

/** How an agent's number appears in events: "a" and its workNo (cec_07_0513). */
export const agentNumber = (workNo: number): string => `a${workNo}`;

/** `AgentOther_PhoneRelease` phoneState: 2 the agent hung up, 3 the platform did. */
export type PhoneState = 2 | 3;

const e = <T extends AgentEventType>(eventType: T, content: EventContent<T>): EventSpec =>
  ({ eventType, content }) as EventSpec;

const phoneOffhook = () => e('AgentOther_PhoneOffhook', { type: 'main' });
const notReady = (reason: number) => e('AgentState_SetNotReady_Success', { reason: String(reason) });

/** The offered call as Ringing and Auto_Answer describe it: a voice call, transferred here or not. */
function offeredCall(call: CallFacts) {
  const from = call.transferredFrom;
  return {
    caller: call.caller,
    called: call.called,
    callid: call.callid,
    transfer: from === undefined ? ('no' as const) : ('yes' as const),
    transfrom: from === undefined ? '' : String(from),
    type: 'main' as const,
    mediaAbility: '1' as const,
    feature: call.feature,
  };
}

/** `hold`: the call is held (cec_07_1357). */
export function holdEvents(call: CallFacts): EventSpec[] {
  return [e('AgentEvent_Hold', call.callid)];
}

/** The platform started recording the agent's call (cec_07_1381). */
export function recordEvents(content: EventContent<'AgentMediaEvent_Record'>): EventSpec[] {
  return [e('AgentMediaEvent_Record', content)];
}

/** `stoprecord` stopped it (cec_07_1383). */
export function stopRecordEvents(content: EventContent<'AgentMediaEvent_StopRecordDone'>): EventSpec[] {
  return [e('AgentMediaEvent_StopRecordDone', content)];
}

/** `gethold`, `connecthold`: the agent talks on the call again. [choice: Talking again, see the catalogue] */
export function takeBackEvents(call: CallFacts): EventSpec[] {
  return [e('AgentEvent_Talking', talkingContent(call))];
}

/** The connected call as Talking describes it. */
export function talkingContent(call: CallFacts): EventContent<'AgentEvent_Talking'> {
  return {
    caller: call.caller,
    called: call.called,
    callid: call.callid,
    feature: call.feature,
    type: 'main',
    mediaAbility: '1',
  };
}

/** Sign-in: InService, Ready, then the requested state when it is not idle. */
export function signInEvents(status: 3 | 4 | 5, reason = 0): EventSpec[] {
  const out = [e('AgentOther_InService', null), e('AgentState_Ready', null)];
  if (status === 3) out.push(notReady(reason));
  if (status === 5) out.push(e('AgentState_Work', null));
  return out;
}

/** Sign-out tells when the agent had signed in (epoch ms, a string). */
export const signOutEvents = (loginTime: number): EventSpec[] => [
  e('AgentOther_ShutdownService', { loginTime: String(loginTime) }),
];

/**
 * The events that announce a resting state when the agent lands in it after a
 * call or a failed Call Out. [choice: the same event that setting it would send]
 */
export function landingEvents(state: RestingState, reason = 0): EventSpec[] {
  switch (state) {
    case 'idle':
      return [e('AgentState_Ready', null)];
    case 'busy':
      return [notReady(reason)];
    case 'rest':
      return [e('AgentState_SetRest_Success', null)];
    case 'work':
      return [e('AgentState_Work', null)];
  }
}

/** The events of leaving one resting state for another by request (sayfree, saybusy, rest, work…). */
export function changeEvents(from: RestingState, to: RestingState, reason = 0): EventSpec[] {
  if (to === 'busy') return [notReady(reason)];
  if (to === 'rest') return [e('AgentState_SetRest_Success', null)];
  if (to === 'work') return [e('AgentState_SetWork_Success', null), e('AgentState_Work', null)];
  const cancel = {
    busy: 'AgentState_CancelNotReady_Success',
    rest: 'AgentState_CancelRest_Success',
    work: 'AgentState_CancelWork_Success',
    idle: undefined,
  } as const;
  const first = cancel[from];
  return first ? [e(first, null), e('AgentState_Ready', null)] : [e('AgentState_Ready', null)];
}

/**
 * The agent's phone alerts: inbound call offered, or the agent leg of a Call
 * Out. With auto-answer on the agent gets Auto_Answer (the phone answers by
 * itself); with it off, Ringing (answer by hand). (cec_07_0512, cec_07_1366)
 */
export const alertingEvents = (call: CallFacts, autoAnswer: boolean): EventSpec[] => [
  e('AgentOther_PhoneAlerting', null),
  autoAnswer
    ? e('AgentEvent_Auto_Answer', { ...offeredCall(call), mediaType: 5 })
    : e('AgentEvent_Ringing', { ...offeredCall(call), mediaType: '5' }),
];

/** The agent's phone goes off hook on an inbound call: the call is up. */
export const inboundAnsweredEvents = (call: CallFacts): EventSpec[] => [
  phoneOffhook(),
  e('AgentState_Busy', null),
  e('AgentEvent_Talking', talkingContent(call)),
];

/** Call Out: the agent's phone went off hook. */
export const agentOffhookEvents = (): EventSpec[] => [phoneOffhook()];

/** Call Out: the customer's phone rings; an internal call: the called agent's (`otherWorkNo`). */
export const customerAlertingEvents = (call: CallFacts, otherWorkNo?: number): EventSpec[] => [
  e('AgentEvent_Customer_Alerting', {
    callid: call.callid,
    otherPhoneWorkno: otherWorkNo === undefined ? '' : String(otherWorkNo),
    otherPhone: otherWorkNo === undefined ? call.customer : String(otherWorkNo),
    type: 'main',
  }),
];

/** Call Out: the customer answered. */
export const customerAnsweredEvents = (call: CallFacts): EventSpec[] => [
  e('AgentState_Busy', null),
  e('AgentEvent_Talking', talkingContent(call)),
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
 * The end of a connected call, in the vendor's order (cec_05_4035):
 * Call_Release, Customer_Release, then PhoneRelease (2 when the agent hung up,
 * 3 when the customer or the platform did: a lost connection); the landing
 * state's event follows.
 */
export function releaseEvents(call: CallFacts, by: 'agent' | 'customer' | 'platform'): EventSpec[] {
  const phoneState: PhoneState = by === 'agent' ? 2 : 3;
  return [
    e('AgentEvent_Call_Release', call.callid),
    e('AgentEvent_Customer_Release', { callid: call.callid, number: call.customer }),
    e('AgentOther_PhoneRelease', { phoneState }),
  ];
}

/**
 * The agent transferred the call away (release transfer, or a success
 * transfer the next agent answered): its call is released and its phone hung
 * up by the platform after its own request, without Customer_Release — the
 * customer is still on the line. [choice]
 */
export const transferredAwayEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_Call_Release', call.callid),
  e('AgentOther_PhoneRelease', { phoneState: 2 }),
];

/** A success transfer's outcome: 0 the next agent answered, 1 it failed (cec_07_1369). */
export const succTransResultEvents = (call: CallFacts, result: 0 | 1): EventSpec[] => [
  e('AgentEvent_SuccTransResult', { result, callId: call.callid }),
];

/** An internal call failed; when the caller's phone was off hook, its release follows (3: the platform). */
export function insideCallFailEvents(call: CallFacts, phoneState?: PhoneState): EventSpec[] {
  const out = [e('AgentEvent_Inside_Call_Fail', call.callid)];
  if (phoneState !== undefined) out.push(e('AgentOther_PhoneRelease', { phoneState }));
  return out;
}

/**
 * A talk or three-way transfer rings an outside number: its phone alerts
 * (cec_07_1242 lists Customer_Alerting). [choice: the customer's callid, the number as otherPhone]
 */
export const outsideAlertingEvents = (call: CallFacts, number: string): EventSpec[] => [
  e('AgentEvent_Customer_Alerting', {
    callid: call.callid,
    otherPhoneWorkno: '',
    otherPhone: number,
    type: 'main',
  }),
];

/** The outside number answered the agent's talk or three-way transfer: the agent talks with it (cec_07_1242 lists Talking). */
export const outsideTalkingEvents = (call: CallFacts, number: string): EventSpec[] => [
  e('AgentEvent_Talking', { ...talkingContent(call), called: number }),
];

/** `disconnect/{number}` released the outside number of a talk or three-way transfer (cec_07_1248 lists Customer_Release). [choice: the number as `number`] */
export const outsideReleasedEvents = (call: CallFacts, number: string): EventSpec[] => [
  e('AgentEvent_Customer_Release', { callid: call.callid, number }),
];

/** The outside number of a talk or three-way transfer is busy or does not answer (cec_07_1367). */
export const connectFailEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_Connect_Fail', call.callid),
];

/** The parties of a three-party call (a three-way transfer): `partner` the others' numbers (cec_07_1358). */
export const conferenceEvents = (call: CallFacts, partner: string): EventSpec[] => [
  e('AgentEvent_Conference', { callid: call.callid, partner }),
];

/** The IVR flow of a suspend transfer handed the call back to the agent (cec_07_1370). */
export const returnFromIvrEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_ReturnFromIvr', call.callid),
];

/** The ring timed out: the call goes back to the queue and the agent to not-ready, reason 2. */
export const noAnswerEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_No_Answer', call.callid),
  notReady(NO_ANSWER_REASON),
];

/** An offered call that ended before the agent answered (the customer gave up, or the agent rejected it). */
export const offerWithdrawnEvents = (call: CallFacts): EventSpec[] => [
  e('AgentEvent_Call_Release', call.callid),
];

/** An inbound call is offered to the agent (cec_07_0520), before its phone alerts. */
export const incomingCallInfoEvents = (
  content: EventContent<'AgentEvent_Incoming_CallInfo'>,
): EventSpec[] => [e('AgentEvent_Incoming_CallInfo', content)];

/** The tenant's wrap-up time ran out: the agent leaves wrap-up as a cancelwork would. [choice] */
export const wrapUpOverEvents = (): EventSpec[] => changeEvents('work', 'idle');

export const restTimeoutEvents = (): EventSpec[] => [e('AgentState_Rest_Timeout', null)];

/** The not-ready reason the CTI sets after a ring timeout. [choice] */
export const NO_ANSWER_REASON = 2;
