/**
 * Agent gateway, the `voicecall` group (docs/vendor/agent-gateway.md):
 *
 *   PUT    /agentgateway/resource/voicecall/{agentid}/answer?callid=
 *   PUT    …/voicecall/{agentid}/callout   {caller?, called, skillid?, callappdata?, mediaability?}
 *   DELETE …/voicecall/{agentid}/release
 *   POST   …/voicecall/{agentid}/innerhelp, …/confjoin, …/dropcall/{callid} (docs/vendor/consult-and-conference.md)
 *
 * Answer asks the agent's softphone to answer (the SIP side's remote answer:
 * a NOTIFY with `Event: talk`). [choice] Call Out answers the callid as result.
 */
import { refuse } from '../gateway/op-result.ts';
import { agentRoute, jsonObject } from './gateway-route.ts';
import type { RouteDef } from './route.ts';

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
    const body = jsonObject(req.body);
    if (!body) return refuse('000-002', 'The body must be a JSON object with called');
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
    return center.desk.callOut(agent, body.called, body.caller as string | undefined, corr);
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

/** Consult (docs/vendor/consult-and-conference.md): `{dstaddress, devicetype?, mode?, callappdata?, holdflag?}`; result the help call's callid. */
const innerHelp = agentRoute(
  {
    api: 'voicecall.innerhelp',
    method: 'POST',
    path: '/voicecall/:agentid/innerhelp',
    summary: 'Consult another agent or a skill while the customer waits on hold',
  },
  ({ req, center, agent, corr }) => center.desk.consult(agent, req.body, corr),
);

const confJoin = agentRoute(
  {
    api: 'voicecall.confjoin',
    method: 'POST',
    path: '/voicecall/:agentid/confjoin',
    summary: 'Join the held customer and the consulted agent: a three-party call',
  },
  ({ req, center, agent, corr }) => center.desk.confJoin(agent, req.body, corr),
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

export const voiceCallRoutes: readonly RouteDef[] = [answer, callOut, release, innerHelp, confJoin, dropCall];
