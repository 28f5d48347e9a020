/**
 * Agent gateway, the `calldata` group (docs/vendor/call-data.md): the call's
 * associated data and what the CTI knows of the call.
 *
 *   GET …/calldata/{agentid}/appdata?isEncodeResult=&callId=       the call data (cec_07_1262)
 *   PUT …/calldata/{agentid}/setcalldataex  {callid?, calldata?, isDataEncoded?}   (cec_07_1263)
 *   GET …/calldata/{agentid}/callinfobeforeanswer                  the offered call (cec_07_1265)
 *   GET …/calldata/{agentid}/callinfobycallid/{callid}             a live call (cec_07_1266)
 *
 * Without a call the agent gets 200-002, the gateway's call error. [choice]
 */
import { appDataResult, callInfo } from '../../domain/acd/call-data.ts';
import type { CallRecord } from '../../domain/acd/call-record.ts';
import type { AgentRecord } from '../../domain/agents/agent-book.ts';
import type { CallCenter } from '../../domain/gateway/call-center.ts';
import { done, type OpResult, refuse } from '../../domain/gateway/op-result.ts';
import { agentRoute } from './gateway-route.ts';
import type { RouteDef } from './route.ts';
import { parseSetCallData } from './set-call-data-body.ts';

/** The agent's current call, or the refusal when it has none (or a callid that is not its call). */
function agentsCall(
  center: CallCenter,
  agent: AgentRecord,
  callid: string | null | undefined,
): { call: CallRecord } | { refused: OpResult } {
  const call = center.acd.callOf(agent);
  if (!call || call.state === 'ended') return { refused: refuse('200-002', 'The agent has no call') };
  if (callid && callid !== call.id)
    return { refused: refuse('000-002', `callid ${callid} is not the agent's call (${call.id})`) };
  return { call };
}

const appData = agentRoute(
  {
    api: 'calldata.appdata',
    method: 'GET',
    path: '/calldata/:agentid/appdata',
    summary: "The call's associated data (base64 with isEncodeResult=true)",
    oneAtATime: false,
  },
  ({ req, center, agent }) => {
    const found = agentsCall(center, agent, req.query.get('callId') ?? req.query.get('callid'));
    if ('refused' in found) return found.refused;
    // Values other than true are processed as false (cec_07_1262).
    return done(appDataResult(found.call, req.query.get('isEncodeResult') === 'true'));
  },
);

const setCallDataEx = agentRoute(
  {
    api: 'calldata.setcalldataex',
    method: 'PUT',
    path: '/calldata/:agentid/setcalldataex',
    summary: "Set the call's associated data (≤ 16 KB; base64 with isDataEncoded true)",
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseSetCallData(req.jsonObject());
    if ('problem' in parsed) return refuse('000-002', parsed.problem);
    const found = agentsCall(center, agent, parsed.callid);
    if ('refused' in found) return found.refused;
    center.acd.setCallData(found.call, parsed.data, `set by agent ${agent.workNo}`, corr);
    // The result is "reserved" (cec_07_1263): an empty object, as the state operations answer. [choice]
    return done({}, `${Buffer.byteLength(parsed.data)} bytes of call data on ${found.call.id}`);
  },
);

const callInfoBeforeAnswer = agentRoute(
  {
    api: 'calldata.callinfobeforeanswer',
    method: 'GET',
    path: '/calldata/:agentid/callinfobeforeanswer',
    summary: 'The call offered to the agent: caller, skill, call data (before or after answering)',
    oneAtATime: false,
  },
  ({ center, agent }) => {
    const found = agentsCall(center, agent, undefined);
    if ('refused' in found) return found.refused;
    return done(callInfo(found.call, center.tenant.config));
  },
);

const callInfoByCallId = agentRoute(
  {
    api: 'calldata.callinfobycallid',
    method: 'GET',
    path: '/calldata/:agentid/callinfobycallid/:callid',
    summary: "A live call of the agent's tenant, by its callid",
    oneAtATime: false,
  },
  ({ req, center }) => {
    const id = req.params.callid ?? '';
    if (!/^\d+-\d+$/.test(id)) return refuse('000-002', 'callid must look like "1456403661-19"');
    const call = center.acd.get(id);
    // Only a call in progress: the page's prerequisite is "the agent is in a call". [choice: ended calls are unknown]
    if (!call || call.state === 'ended') return refuse('200-002', `No call ${id} in progress`);
    return done(callInfo(call, center.tenant.config));
  },
);

export const callDataRoutes: readonly RouteDef[] = [
  appData,
  setCallDataEx,
  callInfoBeforeAnswer,
  callInfoByCallId,
];
