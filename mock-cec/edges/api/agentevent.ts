/**
 * Agent gateway, the `agentevent` group (docs/vendor/agent-gateway.md): the event long poll.
 *
 *   GET /agentgateway/resource/agentevent/{agentid}
 *   → {"message": "", "retcode": "0", "event": {eventType, workNo, content, eventGenTime}}
 *
 * One event per response, at once when one is queued, else when one arrives,
 * else after `gateway.pollTimeoutMs` without `event` (the key is left out when
 * there is none). [choice] A due GUID rotation rides on the response as Set-GUID.
 * After a sign-out no poll saw, the closed session's GUID still collects the
 * events queued before it (AgentOther_ShutdownService), then 100-006. [choice]
 */
import { agentRoute } from './gateway-route.ts';
import type { RouteDef } from './route.ts';

const poll = agentRoute(
  {
    api: 'agentevent.poll',
    method: 'GET',
    path: '/agentevent/:agentid',
    summary: 'Long-poll one event of the agent',
    // A newer poll answers the older one empty instead (event-polls.ts). [choice]
    oneAtATime: false,
  },
  async ({ req, center, agent, corr }) => {
    center.desk.polled(agent.workNo);
    const event = await center.polls.wait(agent, req.signal);
    center.desk.polled(agent.workNo);
    return {
      ok: true,
      envelope: event ? { event } : {},
      setGuid: center.desk.rotateGuid(agent.workNo, corr),
      note: event?.eventType ?? 'no event',
    };
  },
  ({ req, center, workNo }) => center.desk.takeFarewell(workNo, req.header('guid')),
);

export const agentEventRoutes: readonly RouteDef[] = [poll];
