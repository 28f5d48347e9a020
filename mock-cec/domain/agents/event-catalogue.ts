/**
 * Every agent event the simulator sends, as data: the content's shape (a zod
 * schema), when the simulator sends it, and where the shape comes from. The
 * simulator builds its events against these types and checks each one before
 * queueing it (agent-book.ts); the table in docs/vendor/agent-events.md is
 * generated from this file (`npm run docs:events`), so the two cannot drift.
 *
 * Source marks: `documented` (the vendor's page id), `observed` (seen in public
 * client code or a live system), `simulator choice` (the vendor is silent).
 */
import { z } from 'zod';

export type SourceMark = 'documented' | 'observed' | 'simulator choice';

export interface CatalogueEntry {
  /** The event's `content`. */
  content: z.ZodType;
  /** When the simulator sends it. */
  when: string;
  mark: SourceMark;
  /** The vendor's documentation page ids, for `documented`. */
  pages?: readonly string[];
  /** More about the content, from the same source. */
  note?: string;
  /** What the simulator decided where the vendor is silent or contradicts itself. */
  choice?: string;
}

const callid = z.string().regex(/^\d+-\d+$/, 'callid is "<seconds>-<counter>"');
const number = z.string().min(1);
/**
 * "0" a call to the agent, "7" the agent's Call Out, "6" an internal call, "20" a consult's help call
 * (the vendor's call types, cec_07_4245).
 */
const feature = z.enum(['0', '7', '6', '20']);
/** An agent's workNo as text. */
const workNo = z.string().regex(/^\d{3,6}$/);
/** The customer's call is the main call; a consult's help call is the assistant call (cec_07_1356). */
const callType = z.enum(['main', 'assistant']);

/**
 * The call as Ringing and Auto_Answer describe it, for a voice call: `transfer`
 * "yes" and `transfrom` the transferring agent's workNo when it came by a
 * transfer, else "no" and "" (cec_07_0513).
 */
const offeredCall = {
  caller: number,
  called: number,
  callid,
  transfer: z.enum(['no', 'yes']),
  transfrom: z.union([z.literal(''), workNo]),
  type: callType,
  mediaAbility: z.literal('1'),
  feature,
};

export const eventCatalogue = {
  AgentOther_InService: {
    content: z.null(),
    when: 'sign-in, first',
    mark: 'documented',
    pages: ['cec_07_1401', 'cec_07_0551'],
  },
  AgentOther_ShutdownService: {
    content: z.object({ loginTime: z.string().regex(/^\d+$/) }).strict(),
    when: 'sign-out (logout, forcelogout, taken over by forcelogin, not polled for 2 minutes)',
    mark: 'documented',
    pages: ['cec_07_1402'],
    note: 'loginTime is the sign-in time in epoch ms, as a string',
  },
  AgentOther_PhoneAlerting: {
    content: z.null(),
    when: "the agent's phone alerts (its 180), before Ringing or Auto_Answer",
    mark: 'documented',
    pages: ['cec_05_4035'],
  },
  AgentOther_PhoneOffhook: {
    content: z.object({ type: z.literal('main') }).strict(),
    when: "the agent's phone answers (inbound call, or its own leg of a Call Out)",
    mark: 'documented',
    pages: ['cec_07_0547', 'cec_07_1397'],
  },
  AgentOther_PhoneRelease: {
    content: z.object({ phoneState: z.union([z.literal(2), z.literal(3)]) }).strict(),
    when: "the agent's phone is released: 2 the agent hung up, 3 the platform (or the customer) did",
    mark: 'documented',
    pages: ['cec_07_0546', 'cec_07_1396'],
  },
  AgentState_Ready: {
    content: z.null(),
    when: 'idle: after sign-in, sayfree, a cancel, or a call with autoenteridle on',
    mark: 'documented',
    pages: ['cec_07_0492'],
  },
  AgentState_Busy: {
    content: z.null(),
    when: 'in a call, after PhoneOffhook (inbound) or when the customer answers (Call Out)',
    mark: 'documented',
    pages: ['cec_05_4035'],
  },
  AgentState_Work: {
    content: z.null(),
    when: 'wrap-up: sign-in with status 5, work, or a call ending with autoenteridle off',
    mark: 'documented',
    pages: ['cec_05_4035'],
  },
  AgentState_SetNotReady_Success: {
    content: z.object({ reason: z.string().regex(/^\d+$/) }).strict(),
    when: 'not ready: saybusy, sign-in with status 3, a missed call',
    mark: 'documented',
    pages: ['cec_07_1346'],
    choice: 'reason is "0" when saybusy gave none, "2" after a missed call',
  },
  AgentState_CancelNotReady_Success: {
    content: z.null(),
    when: 'sayfree or cancelbusy while not ready, before Ready',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentState_SetRest_Success: {
    content: z.null(),
    when: 'rest/{time}/{restcause}',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentState_CancelRest_Success: {
    content: z.null(),
    when: 'cancelrest or sayfree while resting, before Ready',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentState_Rest_Timeout: {
    content: z.null(),
    when: 'the rest time ran out (the agent stays resting)',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentState_SetWork_Success: {
    content: z.null(),
    when: 'work, before AgentState_Work',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentState_CancelWork_Success: {
    content: z.null(),
    when: "cancelwork or sayfree in wrap-up, or the tenant's wrap-up time (acd.wrapUpMs) ran out after a call; before Ready",
    choice:
      'the wrap-up time running out sends the same two events as cancelwork (the vendor documents no event of its own for it)',
    mark: 'documented',
    pages: ['cec_05_1308'],
  },
  AgentEvent_Ringing: {
    content: z.object({ ...offeredCall, mediaType: z.literal('5') }).strict(),
    when: 'a call rings the agent who signed in with autoanswer false (answer it by hand)',
    mark: 'documented',
    pages: ['cec_07_1366', 'cec_07_0513'],
    note: 'mediaType is the string "5" as in the page\'s example (Auto_Answer\'s example has the number)',
  },
  AgentEvent_Auto_Answer: {
    content: z.object({ ...offeredCall, mediaType: z.literal(5) }).strict(),
    when: 'a call rings the agent who signed in with autoanswer true (the default): the phone answers by itself',
    mark: 'documented',
    pages: ['cec_07_0512', 'cec_07_1365'],
    note: "mediaType is the number 5 as in the page's example (Ringing's example has a string)",
  },
  AgentEvent_Talking: {
    content: z
      .object({
        caller: number,
        called: number,
        callid,
        feature,
        type: callType,
        mediaAbility: z.literal('1'),
      })
      .strict(),
    when: 'the call is connected (after AgentState_Busy); again when the agent takes a held call back (gethold, connecthold)',
    mark: 'documented',
    pages: ['cec_07_1355'],
    choice:
      'after a take back the vendor names no event of its own; the simulator sends Talking again with the same call, as the agent talks on it again',
  },
  AgentEvent_Hold: {
    content: callid,
    when: "the agent held its call (hold): the customer hears the hold tone; a consult (innerhelp) holds the customer's call while the agents talk",
    mark: 'documented',
    pages: ['cec_07_1357', 'cec_07_1239', 'cec_07_1236'],
    note: 'content is the callid as a string, like Call_Release',
  },
  AgentMediaEvent_Record: {
    content: z
      .object({
        taskId: z.number().int(),
        caller: number,
        called: number,
        locationId: z.string(),
        recordID: z.string().min(1),
        fileName: z.string().min(1),
        fileMediaType: z.literal('1'),
        callId: callid,
      })
      .strict(),
    when: "the platform starts recording the agent's connected call (tenant recording.enabled), after Talking",
    mark: 'documented',
    pages: ['cec_07_1381'],
    note: 'fileMediaType 1 is audio; callId is camel-case here, unlike callid elsewhere',
    choice:
      'sent right after the Talking event of the answer; recordID and fileName follow the example (Y:/<vdn>/0/<date>/<workNo>/<time><n>.V3); locationId "0"',
  },
  AgentMediaEvent_StopRecordDone: {
    content: z
      .object({
        beginTime: z.number().int(),
        endTime: z.number().int(),
        fileMediaType: z.literal('1'),
        taskId: z.number().int(),
      })
      .strict(),
    when: "stoprecord stopped the recording of the agent's call",
    mark: 'documented',
    pages: ['cec_07_1383', 'cec_07_4211'],
    note: 'beginTime and endTime in epoch ms',
    choice:
      "not sent when the call's end stops the recording (the release events say it); without the example's jsonKey arrays",
  },
  AgentEvent_Customer_Alerting: {
    content: z
      .object({
        callid,
        otherPhoneWorkno: z.union([z.literal(''), workNo]),
        otherPhone: number,
        type: callType,
      })
      .strict(),
    when: "Call Out: the customer's phone rings (not when the customer is busy); an internal call: the called agent's phone rings; a consult: the helper's phone rings; a talk or three-way transfer: the outside number rings",
    mark: 'documented',
    pages: ['cec_07_1356', 'cec_07_0503'],
    note: "otherPhone is the customer's number, or for an internal call the called agent's ID; type assistant for a consult's help call",
    choice:
      "otherPhoneWorkno is empty for a customer and the called agent's workNo for an internal call or a consult",
  },
  AgentEvent_Connect_Fail: {
    content: callid,
    when: 'a talk or three-way transfer (devicetype 5, mode 3 or 4): the outside number is busy or does not answer; the agent has the customer back',
    mark: 'documented',
    pages: ['cec_07_1367', 'cec_07_0514', 'cec_07_1242'],
    note: "content is the callid string; the transfer page lists it among the transfer's events",
    choice: "raised for a talk or three-way transfer's failure only; the customer's callid",
  },
  AgentEvent_ReturnFromIvr: {
    content: callid,
    when: "a suspend transfer to an IVR flow (devicetype 3, mode 1): the flow's prompt is over and the call is back with the agent",
    mark: 'documented',
    pages: ['cec_07_1370', 'cec_07_0517', 'cec_07_1242'],
    note: 'content is the callid string',
    choice:
      "the simulated flow plays its prompt tone for the tenant's ivr.flows[].promptMs, then hands the call back",
  },
  AgentEvent_Call_Out_Fail: {
    content: callid,
    when: 'Call Out failed: busy, not answered, the agent hung up first, or its phone is unreachable',
    mark: 'documented',
    pages: ['cec_07_1359'],
  },
  AgentEvent_Call_Release: {
    content: callid,
    when: 'a call of the agent ends, whoever ended it (also an offer withdrawn before the answer)',
    mark: 'documented',
    pages: ['cec_07_1363'],
  },
  AgentEvent_Customer_Release: {
    content: z.object({ callid, number }).strict(),
    when: 'a connected call ends, whoever hung up, after Call_Release',
    mark: 'documented',
    pages: ['cec_07_1364', 'cec_05_4035'],
    note: "number is the customer's number",
  },
  AgentEvent_Incoming_CallInfo: {
    content: z
      .object({
        callId: callid,
        skillName: z.string(),
        skillId: z.number().int(),
        caller: number,
        called: number,
        lastReleaseAgentId: z.number().int(),
        mediaType: z.literal(5),
        releaseAndReQueueCount: z.number().int().nonnegative(),
        releaseAndReQueueCallFlag: z.union([z.literal(0), z.literal(1)]),
      })
      .strict(),
    when: 'an inbound call is offered to the agent, before its phone alerts (tenant switch gateway.incomingCallInfo)',
    mark: 'documented',
    pages: ['cec_07_0520', 'cec_07_1373'],
    note: "numbers are JSON numbers, as in the page's example; lastReleaseAgentId 65535 when no agent released the call yet",
    choice:
      'sent only when the tenant turns gateway.incomingCallInfo on (default off), so the classic sequence of cec_05_4035 stays as documented',
  },
  AgentEvent_No_Answer: {
    content: callid,
    when: 'the ring timed out: the call goes back to the queue, the agent to not ready',
    mark: 'documented',
    pages: ['cec_07_1362'],
  },
  AgentEvent_Inside_Call_Fail: {
    content: callid,
    when: 'an internal call (callinner, callinnerskill) failed: the called agent is unavailable, declined or did not answer',
    mark: 'documented',
    pages: ['cec_07_1361', 'cec_07_0508'],
  },
  AgentEvent_SuccTransResult: {
    content: z.object({ result: z.number().int().nonnegative(), callId: callid }).strict(),
    when: 'a success transfer ended: result 0 the next agent answered (the agent is released next), else it failed and the agent goes on talking',
    mark: 'documented',
    pages: ['cec_07_1369', 'cec_07_0516'],
    choice: 'result is 1 for every failure (no answer, declined, nobody ready in the queue)',
  },
  AgentEvent_Consult_Fail: {
    content: callid,
    when: 'a consult (innerhelp) found nobody to answer: the helper did not pick up, was not idle, or no agent of the skill was free',
    mark: 'documented',
    pages: ['cec_07_1368', 'cec_07_0515'],
    note: "content is the help call's callid",
    choice: 'when it is raised (docs/vendor/consult-and-conference.md)',
  },
  AgentEvent_Conference: {
    content: z.object({ callid, partner: z.string().regex(/^[^,]+(,[^,]+)*$/) }).strict(),
    when: 'confjoin joined the customer, the agent and the helper: each of the two agents gets it; a three-way transfer: the outside number answered and the three talk',
    mark: 'documented',
    pages: ['cec_07_1358', 'cec_07_0505'],
    note: "partner is the other parties' numbers, comma-separated",
    choice: "an ASCII comma (one vendor sample has a full-width one); callid is the customer's call",
  },
} as const satisfies Record<string, CatalogueEntry>;

export type AgentEventType = keyof typeof eventCatalogue;

export type EventContent<T extends AgentEventType> = z.output<(typeof eventCatalogue)[T]['content']>;

/** An event before it is stamped with the agent and the time: its type and a content of that type's shape. */
export type EventSpec = { [T in AgentEventType]: { eventType: T; content: EventContent<T> } }[AgentEventType];

export const EVENT_TYPES = Object.keys(eventCatalogue) as AgentEventType[];

/** The whole event as the poll delivers it (`eventGenTime` as in the newer pages' samples). */
export const eventEnvelopeSchema = z
  .object({
    eventType: z.enum(EVENT_TYPES as [AgentEventType, ...AgentEventType[]]),
    workNo: z.string().regex(/^\d{3,6}$/),
    content: z.unknown(),
    eventGenTime: z.number().int().nonnegative(),
  })
  .strict();

/** Why a content breaks its event type's shape (as a page's callback sees it), or undefined. */
export function contentProblem(eventType: string, content: unknown): string | undefined {
  if (!Object.hasOwn(eventCatalogue, eventType)) return `${eventType} is not in the catalogue`;
  const parsed = eventCatalogue[eventType as AgentEventType].content.safeParse(content);
  return parsed.success ? undefined : `${eventType} content: ${z.prettifyError(parsed.error)}`;
}

/** Why an event breaks the catalogue, or undefined when it matches its type's shape. */
export function eventProblem(event: unknown): string | undefined {
  const envelope = eventEnvelopeSchema.safeParse(event);
  if (!envelope.success) return z.prettifyError(envelope.error);
  return contentProblem(envelope.data.eventType, envelope.data.content);
}
