import { agentEventRoutes } from './agentevent.ts';
import { callDataRoutes } from './calldata.ts';
import { ccManagementRoutes } from './cc-management.ts';
import { ccbarFrameRoutes } from './ccbar-frame.ts';
import { ccbarClientPreflight, ccbarClientScript } from './ccbarclient.ts';
import { unknownGatewayRoutes } from './gateway-route.ts';
import { onlineAgentRoutes } from './onlineagent.ts';
import { recordPlayRoutes } from './recordplay.ts';
import type { RouteDef } from './route.ts';
import { tokenByAkSk } from './token-by-ak-sk.ts';
import { voiceCallRoutes } from './voicecall.ts';

/** Every vendor API the simulator serves, in one list for the server, msw and OpenAPI. */
export const vendorRoutes: readonly RouteDef[] = [
  tokenByAkSk,
  ...ccManagementRoutes,
  ...onlineAgentRoutes,
  ...agentEventRoutes,
  ...voiceCallRoutes,
  ...callDataRoutes,
  ...recordPlayRoutes,
  ccbarClientScript,
  ccbarClientPreflight,
  ...ccbarFrameRoutes,
  // Last: catches gateway paths no route above serves.
  ...unknownGatewayRoutes,
];
