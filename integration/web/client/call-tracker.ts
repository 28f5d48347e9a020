/**
 * Which bar events the desk reports to its server for the screen pop and the call log (pure):
 * the call offered (Ringing or Auto_Answer: callid and the other party's number), answered
 * (Talking), ended (Call_Release, No_Answer, Call_Out_Fail). The server keeps the times.
 */
import type { BarEvent } from './agent-events.ts';

export type CallReport =
  | { step: 'offered'; callid: string; number: string }
  | { step: 'answered' | 'ended'; callid: string };

const CALLID = /^\d+-\d+$/;

/** The report an event calls for, if any. */
export function reportFor(event: BarEvent): CallReport | undefined {
  const c = event.content as Record<string, unknown> | string | null | undefined;
  switch (event.eventType) {
    case 'AgentEvent_Ringing':
    case 'AgentEvent_Auto_Answer': {
      if (typeof c !== 'object' || c === null) return undefined;
      const { callid, caller, called, feature } = c;
      // Call Out (feature 7): the agent's own phone rings first; the other party is the called number.
      const number = feature === '7' ? called : caller;
      if (typeof callid !== 'string' || !CALLID.test(callid) || typeof number !== 'string') return undefined;
      return { step: 'offered', callid, number };
    }
    case 'AgentEvent_Talking': {
      const callid = typeof c === 'object' && c !== null ? c.callid : undefined;
      return typeof callid === 'string' && CALLID.test(callid) ? { step: 'answered', callid } : undefined;
    }
    case 'AgentEvent_Call_Release':
    case 'AgentEvent_No_Answer':
    case 'AgentEvent_Call_Out_Fail':
      return typeof c === 'string' && CALLID.test(c) ? { step: 'ended', callid: c } : undefined;
    default:
      return undefined;
  }
}
