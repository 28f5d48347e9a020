/**
 * Agent gateway, the `recordplay` group (docs/vendor/recording.md):
 *
 *   DELETE /agentgateway/resource/recordplay/{agentid}/stoprecord
 *
 * Stops the platform's voice recording of the agent's call (cec_07_4211);
 * no body. The recording itself starts with the call when the tenant records
 * calls (tenant `recording.enabled`).
 */
import { agentRoute } from './gateway-route.ts';
import type { RouteDef } from './route.ts';

const stopRecord = agentRoute(
  {
    api: 'recordplay.stoprecord',
    method: 'DELETE',
    path: '/recordplay/:agentid/stoprecord',
    summary: "Stop recording the agent's call (cec_07_4211)",
  },
  ({ center, agent, corr }) => center.desk.stopRecord(agent, corr),
);

export const recordPlayRoutes: readonly RouteDef[] = [stopRecord];
