/**
 * Agent gateway, the `onlineagent` group (docs/vendor/agent-gateway.md):
 * sign-in and sign-out, and the agent's own state.
 *
 *   PUT    /agentgateway/resource/onlineagent/{agentid}             sign in → Set-GUID
 *   PUT    …/onlineagent/{agentid}/forcelogin                        sign in, taking over
 *   DELETE …/onlineagent/{agentid}/logout | forcelogout
 *   POST   …/onlineagent/{agentid}/sayfree | saybusy?reason= | cancelbusy
 *   POST   …/onlineagent/{agentid}/rest/{time}/{restcause} | cancelrest | work | cancelwork
 *   POST   …/onlineagent/{agentid}/autoanswer/{flag}                "true" or answer by hand
 *   POST   …/onlineagent/{agentid}/resetskill/{autoflag}?skillid=   the skill queues signed in to
 *   GET    …/onlineagent/{agentid}/agentskills                       the configured skill queues
 */
import type { StateRequest } from '../../domain/gateway/gateway-desk.ts';
import { refuse } from '../../domain/gateway/op-result.ts';
import { agentRoute, openRoute } from './gateway-route.ts';
import type { RouteDef } from './route.ts';
import { parseSignIn } from './sign-in-body.ts';

const signIn = (force: boolean): RouteDef =>
  openRoute(
    {
      api: force ? 'onlineagent.forceLogin' : 'onlineagent.signIn',
      method: 'PUT',
      path: force ? '/onlineagent/:agentid/forcelogin' : '/onlineagent/:agentid',
      summary: force ? 'Sign in, taking over a signed-in session' : 'Sign in (answers Set-GUID)',
      // Sign-in and sign-out wait for each other (cec_07_1202); a second sign-in meanwhile is 100-021.
      oneAtATime: { key: 'session', retcode: '100-021' },
    },
    ({ req, center, workNo, corr }) => center.desk.signIn(workNo, parseSignIn(req.jsonObject()), force, corr),
    refuse('100-004'),
  );

const signOut = (force: boolean): RouteDef =>
  openRoute(
    {
      api: force ? 'onlineagent.forceLogout' : 'onlineagent.logout',
      method: 'DELETE',
      path: force ? '/onlineagent/:agentid/forcelogout' : '/onlineagent/:agentid/logout',
      summary: force ? 'Sign out, ending any call' : 'Sign out (not during a call)',
      oneAtATime: { key: 'session', retcode: '000-007' },
    },
    ({ req, center, workNo, corr }) => center.desk.signOut(workNo, req.header('guid'), force, corr),
    refuse('100-006'),
  );

type Op = StateRequest['op'];

const simple = (op: Exclude<Op, 'saybusy' | 'rest'>, summary: string): RouteDef =>
  agentRoute(
    { api: `onlineagent.${op}`, method: 'POST', path: `/onlineagent/:agentid/${op}`, summary },
    ({ center, agent, corr }) => center.desk.changeState(agent, { op }, corr),
  );

/** Not-ready reasons the gateway accepts from an agent. [doc: 200..250] */
const busyReason = /^(2[0-4]\d|250)$/;

const sayBusy = agentRoute(
  {
    api: 'onlineagent.saybusy',
    method: 'POST',
    path: '/onlineagent/:agentid/saybusy',
    summary: 'Set not ready (busy), with ?reason=200..250',
  },
  ({ req, center, agent, corr }) => {
    const reason = req.query.get('reason');
    if (reason !== null && !busyReason.test(reason))
      return refuse('000-002', 'reason must be from 200 to 250');
    return center.desk.changeState(
      agent,
      { op: 'saybusy', reason: reason === null ? 0 : Number(reason) },
      corr,
    );
  },
);

const rest = agentRoute(
  {
    api: 'onlineagent.rest',
    method: 'POST',
    path: '/onlineagent/:agentid/rest/:time/:restcause',
    summary: 'Rest for {time} seconds (1..86399) with a rest cause (0..255)',
  },
  ({ req, center, agent, corr }) => {
    const time = /^\d{1,5}$/.test(req.params.time ?? '') ? Number(req.params.time) : 0;
    const cause = /^\d{1,3}$/.test(req.params.restcause ?? '') ? Number(req.params.restcause) : -1;
    if (time < 1 || time > 86_399) return refuse('000-002', 'time must be from 1 to 86399 seconds');
    if (cause < 0 || cause > 255) return refuse('000-002', 'restcause must be from 0 to 255');
    return center.desk.changeState(agent, { op: 'rest', seconds: time, reason: cause }, corr);
  },
);

const autoAnswer = agentRoute(
  {
    api: 'onlineagent.autoanswer',
    method: 'POST',
    path: '/onlineagent/:agentid/autoanswer/:flag',
    summary: 'Answer calls automatically ("true") or by hand (anything else)',
  },
  ({ req, center, agent }) => center.desk.setAutoAnswer(agent, req.params.flag ?? ''),
);

const resetSkill = agentRoute(
  {
    api: 'onlineagent.resetskill',
    method: 'POST',
    path: '/onlineagent/:agentid/resetskill/:autoflag',
    summary: 'Sign in to skill queues: "true" all configured ones, else ?skillid=1;2;3 (intersected)',
  },
  ({ req, center, agent, corr }) =>
    center.desk.resetSkills(agent, req.params.autoflag ?? '', req.query.get('skillid'), corr),
);

const agentSkills = agentRoute(
  {
    api: 'onlineagent.agentskills',
    method: 'GET',
    path: '/onlineagent/:agentid/agentskills',
    summary: "The agent's configured skill queues [{name, id, mediatype}]",
    oneAtATime: false,
  },
  ({ center, agent }) => center.desk.configuredSkills(agent),
);

export const onlineAgentRoutes: readonly RouteDef[] = [
  signIn(false),
  signIn(true),
  signOut(false),
  signOut(true),
  simple('sayfree', 'Set ready (idle)'),
  sayBusy,
  simple('cancelbusy', 'Cancel not ready'),
  rest,
  simple('cancelrest', 'Cancel rest'),
  simple('work', 'Enter wrap-up (work)'),
  simple('cancelwork', 'Leave wrap-up'),
  autoAnswer,
  resetSkill,
  agentSkills,
];
