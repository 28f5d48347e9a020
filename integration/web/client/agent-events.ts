/**
 * What the desk shows for each bar event (docs/vendor/ccbarclient.md,
 * docs/vendor/agent-events.md). Pure, so it is
 * tested without a browser; desk.ts applies the result to the page.
 */
export interface BarEvent {
  eventType: string;
  workNo?: string | number;
  content?: unknown;
}

/** The agent's state to show, and the incoming-call notice (a string shows it, null hides it). */
export interface DeskUpdate {
  state?: string;
  notice?: string | null;
}

/** Every event the vendor's guide lets a host page subscribe to (docs/vendor/ccbarclient.md). */
export const SUBSCRIBABLE_EVENTS = [
  'AgentState_Busy',
  'AgentState_Work',
  'AgentState_Ready',
  'AgentState_SetNotReady_Success',
  'AgentState_CancelNotReady_Success',
  'AgentState_SetRest_Success',
  'AgentState_CancelRest_Success',
  'AgentState_Rest_Timeout',
  'AgentState_SetWork_Success',
  'AgentState_CancelWork_Success',
  'AgentEvent_Talking',
  'AgentEvent_Customer_Alerting',
  'AgentEvent_Call_Out_Fail',
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentOther_PhoneAlerting',
] as const;

/**
 * What the desk subscribes to: the guide's list, the sign-in and sign-out
 * events so that the page shows Offline after Sign Out, and the offered call's
 * events for the screen pop and the call log. The simulator's bar
 * forwards any event type a page asks for. [choice]
 */
export const DESK_EVENTS = [
  ...SUBSCRIBABLE_EVENTS,
  'AgentOther_InService',
  'AgentOther_ShutdownService',
  // The screen pop and the call log need the callid and the caller (call-tracker.ts).
  'AgentEvent_Ringing',
  'AgentEvent_Auto_Answer',
  'AgentEvent_No_Answer',
] as const;

const updates: Record<string, DeskUpdate> = {
  AgentState_Ready: { state: 'Ready' },
  AgentState_CancelNotReady_Success: { state: 'Ready' },
  AgentState_CancelRest_Success: { state: 'Ready' },
  AgentState_CancelWork_Success: { state: 'Ready' },
  AgentState_SetNotReady_Success: { state: 'Busy' },
  // In a call, AgentState_Busy follows the phone going off-hook: the agent is occupied.
  AgentState_Busy: { state: 'Busy' },
  AgentState_SetRest_Success: { state: 'Rest' },
  AgentState_Rest_Timeout: { state: 'Rest (over time)' },
  AgentState_Work: { state: 'Wrap-up', notice: null },
  AgentState_SetWork_Success: { state: 'Wrap-up' },
  AgentEvent_Talking: { state: 'Talking', notice: null },
  AgentOther_PhoneAlerting: { state: 'Ringing', notice: 'Incoming call: the phone is ringing.' },
  AgentEvent_Customer_Alerting: { notice: 'Calling the customer…' },
  AgentEvent_Call_Out_Fail: { notice: 'The outbound call failed.' },
  // The ring timed out: the CEC sets the agent not ready (AgentState_SetNotReady_Success follows).
  AgentEvent_No_Answer: { notice: 'Missed call: it was not answered in time.' },
  AgentEvent_Call_Release: { notice: null },
  AgentEvent_Customer_Release: { notice: null },
  // Beyond the guide's list (DESK_EVENTS): sign-in and sign-out.
  AgentOther_InService: { state: 'Signed in' },
  AgentOther_ShutdownService: { state: 'Offline', notice: null },
};

export function updateFor(event: BarEvent): DeskUpdate {
  if (event.eventType === 'AgentEvent_Ringing' || event.eventType === 'AgentEvent_Auto_Answer') {
    const caller = (event.content as { caller?: unknown } | null)?.caller;
    return {
      state: 'Ringing',
      notice: `Incoming call${typeof caller === 'string' && caller ? ` from ${caller}` : ''}.`,
    };
  }
  if (event.eventType === 'AgentEvent_Customer_Alerting') {
    // Content {callid, otherPhoneWorkno, otherPhone, type}: otherPhone is the number being called.
    const other = (event.content as { otherPhone?: unknown } | null)?.otherPhone;
    return { notice: typeof other === 'string' && other ? `Calling ${other}…` : 'Calling the customer…' };
  }
  return updates[event.eventType] ?? {};
}

/** `message.event` from the bar's `callback(message)`, when it has the documented shape. */
export function eventOf(message: unknown): BarEvent | undefined {
  const event = (message as { event?: unknown } | null)?.event;
  if (typeof event !== 'object' || event === null) return undefined;
  const { eventType } = event as { eventType?: unknown };
  return typeof eventType === 'string' ? (event as BarEvent) : undefined;
}
