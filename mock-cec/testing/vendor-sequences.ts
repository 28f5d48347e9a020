/**
 * The vendor's event sequences (docs/vendor/agent-events.md; cec_05_4035 for
 * the release order), transcribed once as test expectations. Deliberately not
 * derived from the code under test. The agent signs in with autoanswer false
 * (as the bar does), so its phone rings with Ringing.
 */
export const SIGN_IN_IDLE = ['AgentOther_InService', 'AgentState_Ready'];

export const PHONE_RINGS = ['AgentOther_PhoneAlerting', 'AgentEvent_Ringing'];

export const INBOUND_ANSWERED = ['AgentOther_PhoneOffhook', 'AgentState_Busy', 'AgentEvent_Talking'];

export const OUTBOUND_CONNECTED = [
  'AgentOther_PhoneOffhook',
  'AgentEvent_Customer_Alerting',
  'AgentState_Busy',
  'AgentEvent_Talking',
];

export const PHONE_AUTO_ANSWERS = ['AgentOther_PhoneAlerting', 'AgentEvent_Auto_Answer'];

export const AGENT_HANGS_UP = [
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentOther_PhoneRelease',
  'AgentState_Ready',
];

export const CUSTOMER_HANGS_UP = [
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentOther_PhoneRelease',
  'AgentState_Ready',
];

export const NO_ANSWER = ['AgentEvent_No_Answer', 'AgentState_SetNotReady_Success'];
