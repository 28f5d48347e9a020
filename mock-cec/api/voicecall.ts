/**
 * Agent gateway, the `voicecall` group (docs/vendor/agent-gateway.md):
 *
 *   PUT    /agentgateway/resource/voicecall/{agentid}/answer?callid=
 *   PUT    …/voicecall/{agentid}/callout   {caller?, called, skillid?, callappdata?, mediaability?}
 *   DELETE …/voicecall/{agentid}/release
 *   POST   …/voicecall/{agentid}/hold, gethold?callid=, connecthold/{callid}
 *   POST   …/voicecall/{agentid}/beginmute, endmute
 *
 * Answer asks the agent's softphone to answer (the SIP side's remote answer:
 * a NOTIFY with `Event: talk`). [choice] Call Out answers the callid as result.
 */
import { refuse } from '../gateway/op-result.ts';
import { agentRoute } from './gateway-route.ts';
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

export const voiceCallRoutes: readonly RouteDef[] = [
  answer,
  callOut,
  release,
  hold,
  getHold,
  connectHold,
  beginMute,
  endMute,
];
