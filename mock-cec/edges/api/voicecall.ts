/**
 * Agent gateway, the `voicecall` group (docs/vendor/agent-gateway.md):
 *
 *   PUT    /agentgateway/resource/voicecall/{agentid}/answer?callid=
 *   PUT    …/voicecall/{agentid}/callout   {caller?, called, skillid?, callappdata?, mediaability?}
 *   DELETE …/voicecall/{agentid}/release
 *   POST   …/voicecall/{agentid}/transfer      {devicetype, address, mode, callappdata?, caller?, mediaability?, holdflag?}
 *   PUT    …/voicecall/{agentid}/callinner     {called, caller?, skillid?, callappdata?, mediaability?}
 *   PUT    …/voicecall/{agentid}/callinnerskill {skillId}
 *   POST   …/voicecall/{agentid}/hold, gethold?callid=, connecthold/{callid}
 *   POST   …/voicecall/{agentid}/beginmute, endmute
 *   POST   …/voicecall/{agentid}/innerhelp, …/confjoin, …/dropcall/{callid}, …/disconnect/{number} (docs/vendor/consult-and-conference.md)
 *
 * Transfer and internal calls: docs/vendor/transfer-and-internal-calls.md.
 * Answer asks the agent's softphone to answer (the SIP side's remote answer:
 * a NOTIFY with `Event: talk`). [choice] Call Out answers the callid as result.
 */

import { refuse } from '../../domain/gateway/op-result.ts';
import { parseCallInner, parseCallInnerSkill } from './call-inner-body.ts';
import { parseConfJoin, parseInnerHelp } from './consult-body.ts';
import { agentRoute } from './gateway-route.ts';
import type { RouteDef } from './route.ts';
import { parseTransfer } from './transfer-body.ts';

const answer = agentRoute(
  {
    api: 'voicecall.answer',
    method: 'PUT',
    path: '/voicecall/:agentid/answer',
    summary: 'Answer the ringing call (asks the softphone to answer)',
  },
  ({ center, agent }) => center.desk.answer(agent),
);

/** Digits, * and # (cec_07_1232), at most 24 like a softphone number. */
const dialable = /^[0-9*#]{1,24}$/;

const callOut = agentRoute(
  {
    api: 'voicecall.callout',
    method: 'PUT',
    path: '/voicecall/:agentid/callout',
    summary: "Call a customer: the agent's phone rings first, then the customer's",
  },
  ({ req, center, agent, corr }) => {
    const read = req.jsonObject();
    if (!read.ok) return refuse('000-002', 'The body must be a JSON object with called');
    const body = read.value;
    if (typeof body.called !== 'string' || !dialable.test(body.called)) {
      return refuse('000-002', 'called is required: digits, * or #');
    }
    if (body.caller !== undefined && (typeof body.caller !== 'string' || !dialable.test(body.caller))) {
      return refuse('000-002', 'caller must be digits, * or #');
    }
    const media = body.mediaability;
    if (media !== undefined && media !== 0 && media !== '0' && media !== 1 && media !== '1') {
      return refuse('000-002', 'mediaability must be 0 (audio) or 1 (video)');
    }
    // Every simulated tenant is voice-only: a video call is refused as such a tenant refuses it. [choice: the retcode]
    if (media === 1 || media === '1') {
      return refuse('200-002', 'This tenant has no video capability: call with mediaability 0 (audio)');
    }
    return center.desk.callOut(agent, body.called, body.caller, corr);
  },
);

const release = agentRoute(
  {
    api: 'voicecall.release',
    method: 'DELETE',
    path: '/voicecall/:agentid/release',
    summary: "Hang up the agent's call",
  },
  ({ center, agent, corr }) => center.desk.release(agent, corr),
);

const transfer = agentRoute(
  {
    api: 'voicecall.transfer',
    method: 'POST',
    path: '/voicecall/:agentid/transfer',
    summary: "Transfer the agent's call to a skill queue, another agent or an outside number",
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseTransfer(req.jsonObject());
    if (!parsed.ok) return refuse(parsed.retcode, parsed.message);
    return center.desk.transfer(agent, parsed.value, corr);
  },
);

const callInner = agentRoute(
  {
    api: 'voicecall.callinner',
    method: 'PUT',
    path: '/voicecall/:agentid/callinner',
    summary: 'Call another agent through the CEC (an internal call)',
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseCallInner(req.jsonObject());
    if (!parsed.ok) return refuse(parsed.retcode, parsed.message);
    return center.desk.callInner(agent, { workNo: parsed.value.called }, parsed.value.callappdata, corr);
  },
);

const callInnerSkill = agentRoute(
  {
    api: 'voicecall.callinnerskill',
    method: 'PUT',
    path: '/voicecall/:agentid/callinnerskill',
    summary: 'Call an idle agent of a skill queue through the CEC (an internal call)',
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseCallInnerSkill(req.jsonObject());
    if (!parsed.ok) return refuse(parsed.retcode, parsed.message);
    return center.desk.callInner(agent, { skillId: parsed.value.skillId }, undefined, corr);
  },
);

const hold = agentRoute(
  {
    api: 'voicecall.hold',
    method: 'POST',
    path: '/voicecall/:agentid/hold',
    summary: 'Hold the call: the customer hears the hold tone (cec_07_1239)',
  },
  ({ center, agent, corr }) => center.desk.hold(agent, corr),
);

const getHold = agentRoute(
  {
    api: 'voicecall.gethold',
    method: 'POST',
    path: '/voicecall/:agentid/gethold',
    summary: 'Take the held call back (cec_07_1241)',
  },
  ({ req, center, agent, corr }) => center.desk.takeBack(agent, req.query.get('callid') || undefined, corr),
);

const connectHold = agentRoute(
  {
    api: 'voicecall.connecthold',
    method: 'POST',
    path: '/voicecall/:agentid/connecthold/:callid',
    summary: 'Connect the held call (cec_07_1240)',
  },
  ({ req, center, agent, corr }) => center.desk.takeBack(agent, req.params.callid ?? '', corr),
);

const beginMute = agentRoute(
  {
    api: 'voicecall.beginmute',
    method: 'POST',
    path: '/voicecall/:agentid/beginmute',
    summary: 'Mute: the customer stops hearing the agent (cec_07_1237)',
  },
  ({ center, agent, corr }) => center.desk.mute(agent, true, corr),
);

const endMute = agentRoute(
  {
    api: 'voicecall.endmute',
    method: 'POST',
    path: '/voicecall/:agentid/endmute',
    summary: 'End the mute: the customer hears the agent again (cec_07_1238)',
  },
  ({ center, agent, corr }) => center.desk.mute(agent, false, corr),
);

/** Consult (docs/vendor/consult-and-conference.md): `{dstaddress, devicetype?, mode?, callappdata?, holdflag?}`; result the help call's callid. */
const innerHelp = agentRoute(
  {
    api: 'voicecall.innerhelp',
    method: 'POST',
    path: '/voicecall/:agentid/innerhelp',
    summary: 'Consult another agent or a skill while the customer waits on hold',
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseInnerHelp(req.jsonObject());
    if (!parsed.ok) return refuse(parsed.retcode, parsed.message);
    return center.desk.consult(agent, parsed.value, corr);
  },
);

const confJoin = agentRoute(
  {
    api: 'voicecall.confjoin',
    method: 'POST',
    path: '/voicecall/:agentid/confjoin',
    summary: 'Join the held customer and the consulted agent: a three-party call',
  },
  ({ req, center, agent, corr }) => {
    const parsed = parseConfJoin(req.jsonObject());
    if (!parsed.ok) return refuse(parsed.retcode, parsed.message);
    return center.desk.confJoin(agent, parsed.value, corr);
  },
);

const dropCall = agentRoute(
  {
    api: 'voicecall.dropcall',
    method: 'POST',
    path: '/voicecall/:agentid/dropcall/:callid',
    summary: 'Hang up the call with this callid (the help call: back to the customer)',
  },
  ({ req, center, agent, corr }) => center.desk.dropCall(agent, req.params.callid ?? '', corr),
);

const disconnect = agentRoute(
  {
    api: 'voicecall.disconnect',
    method: 'POST',
    path: '/voicecall/:agentid/disconnect/:number',
    summary: 'Release one number of the call (a helper, an outside number, the agent itself, the customer)',
  },
  ({ req, center, agent, corr }) => {
    const number = req.params.number ?? '';
    if (!/^\d{1,24}$/.test(number)) return refuse('000-002', 'number must be 1 to 24 digits');
    return center.desk.disconnect(agent, number, corr);
  },
);

export const voiceCallRoutes: readonly RouteDef[] = [
  answer,
  callOut,
  release,
  transfer,
  callInner,
  callInnerSkill,
  hold,
  getHold,
  connectHold,
  beginMute,
  endMute,
  innerHelp,
  confJoin,
  dropCall,
  disconnect,
];
