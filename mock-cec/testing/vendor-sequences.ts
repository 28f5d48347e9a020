/**
 * The vendor's event sequences (vendor-api.md §5), transcribed once as test
 * expectations. Deliberately not derived from the code under test.
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

export const AGENT_HANGS_UP = ['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready'];

export const CUSTOMER_HANGS_UP = [
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentOther_PhoneRelease',
  'AgentState_Ready',
];

export const NO_ANSWER = ['AgentEvent_No_Answer', 'AgentState_SetNotReady_Success'];
