/**
 * Call-associated data and what the gateway's `calldata` group says of a call
 * (docs/vendor/call-data.md). Pure: the routes find the call and the agent;
 * these functions check the vendor's rules and shape the answers.
 */
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';
import type { CallRecord } from './call-record.ts';

/** The vendor's limit on call data: "the original content is at most 16K bytes" (cec_07_1263). */
export const CALL_DATA_MAX_BYTES = 16 * 1024;

/** The `mediaType` of an ordinary voice or video call (cec_07_0520). */
const VOICE_MEDIA_TYPE = 5 as const;

/** "No agent released this call yet" in `lastReleaseAgentId` (the vendor's example shows 65535). */
export const NO_RELEASING_AGENT = 65_535;

/** `appdata`'s result: the call data, in base64 when the client asked with isEncodeResult=true (cec_07_1262). */
export function appDataResult(call: CallRecord, encode: boolean): string {
  return encode ? Buffer.from(call.callData, 'utf8').toString('base64') : call.callData;
}

/** Epoch ms as the gateway writes times in call information. [choice: the vendor's format is not documented] */
const time = (ms: number | undefined) => (ms === undefined ? '' : String(ms));

/**
 * A call as `callinfobeforeanswer` and `callinfobycallid` describe it: every field a string, the
 * names as public clients of the gateway read them (observed), the values the simulator's.
 */
export function callInfo(call: CallRecord, tenant: Tenant) {
  const skill = tenant.skills.find((s) => s.id === call.skillId);
  return {
    callfeature: call.direction === 'inbound' ? '0' : '7',
    callid: call.id,
    caller: call.caller,
    called: call.called,
    callskill: call.direction === 'inbound' ? (skill?.name ?? '') : '',
    callskillid: call.direction === 'inbound' ? String(call.skillId) : '',
    orgicallednum: call.called,
    calldata: call.callData,
    begintime: time(call.queuedAt),
    endtime: time(call.endedAt),
    userPriority: '0',
    trunkNo: '',
    logontimes: '',
  };
}

export type CallInfo = ReturnType<typeof callInfo>;

/** `AgentEvent_Incoming_CallInfo`'s content (cec_07_0520) for an inbound call offered to an agent. */
export function incomingCallInfo(call: CallRecord, tenant: Tenant) {
  const declined = [...call.declinedBy];
  return {
    callId: call.id,
    skillName: tenant.skills.find((s) => s.id === call.skillId)?.name ?? '',
    skillId: call.skillId,
    caller: call.caller,
    called: call.called,
    lastReleaseAgentId: declined.at(-1) ?? NO_RELEASING_AGENT,
    mediaType: VOICE_MEDIA_TYPE,
    releaseAndReQueueCount: declined.length,
    releaseAndReQueueCallFlag: declined.length > 0 ? (1 as const) : (0 as const),
  };
}
