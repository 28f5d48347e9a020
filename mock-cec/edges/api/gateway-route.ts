/**
 * What the agent gateway's routes share (docs/vendor/agent-gateway.md): the base path, the
 * tenant found by the agent's workNo, the GUID check, and the envelope
 * `{"message", "retcode", "result"?}` with a Set-GUID header when one is due.
 */
import type { SignedInAgent } from '../../domain/agents/agent-book.ts';
import type { CallCenter } from '../../domain/gateway/call-center.ts';
import { setGuidHeader } from '../../domain/gateway/guid-sessions.ts';
import type { OpResult } from '../../domain/gateway/op-result.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import {
  type HttpMethod,
  jsonResponse,
  type RouteDef,
  type VendorRequest,
  type VendorResponse,
} from './route.ts';
import { agentGatewayGroup, gatewayResult } from './vendor-errors.ts';

export const GATEWAY_BASE = '/agentgateway/resource';

/** The `{agentid}` of the path: a workNo (101–999999). */
export function workNoOf(req: VendorRequest): number | undefined {
  const id = req.params.agentid ?? '';
  return /^\d{3,6}$/.test(id) ? Number(id) : undefined;
}

export function tenantOfAgent(req: VendorRequest, sim: Simulator): TenantRuntime | undefined {
  const workNo = workNoOf(req);
  return workNo === undefined ? undefined : sim.tenantByWorkNo(workNo);
}

export function respond(result: OpResult): VendorResponse {
  if (!result.ok) return gatewayResult(result.retcode, undefined, result.message);
  const res = result.envelope
    ? jsonResponse(200, { message: '', retcode: '0', ...result.envelope }, { code: '0' })
    : gatewayResult('0', result.result);
  if (result.setGuid) res.headers['set-guid'] = setGuidHeader(result.setGuid);
  if (result.note) res.note = result.note;
  return res;
}

export interface GatewayCall {
  req: VendorRequest;
  corr: string;
  center: CallCenter;
  workNo: number;
}

interface RouteSpec {
  api: string;
  method: HttpMethod;
  /** Path below /agentgateway/resource. */
  path: string;
  summary: string;
  /** Who may not overlap (default: the same API for the same agent, 000-007); false: any number at once. */
  oneAtATime?: { key: string; retcode: string } | false;
}

const notInstalled = gatewayResult(
  '100-007',
  undefined,
  'The agent gateway is not installed on this simulator',
);

/** A gateway route before the GUID check: sign-in and sign-out decide themselves. */
export function openRoute(
  spec: RouteSpec,
  run: (call: GatewayCall) => OpResult | Promise<OpResult>,
  unknownAgent: OpResult,
): RouteDef {
  return {
    api: spec.api,
    group: agentGatewayGroup,
    method: spec.method,
    paths: [`${GATEWAY_BASE}${spec.path}`],
    summary: spec.summary,
    oneAtATime:
      spec.oneAtATime === false ? undefined : (spec.oneAtATime ?? { key: spec.api, retcode: '000-007' }),
    tenantOf: tenantOfAgent,
    async handle(req, { tenant, corr }) {
      const workNo = workNoOf(req);
      if (workNo === undefined) return gatewayResult('000-002', undefined, 'agentid must be a workNo');
      if (!tenant) return respond(unknownAgent);
      const center = tenant.center;
      if (!center) return notInstalled;
      return respond(await run({ req, corr, center, workNo }));
    },
  };
}

/**
 * A gateway route for a signed-in agent with a valid GUID (100-006, 000-003
 * otherwise). `refused` may answer instead of the refusal (the poll after a sign-out).
 */
export function agentRoute(
  spec: RouteSpec,
  run: (call: GatewayCall & { agent: SignedInAgent }) => OpResult | Promise<OpResult>,
  refused?: (call: GatewayCall) => OpResult | undefined,
): RouteDef {
  return openRoute(
    spec,
    (call) => {
      const auth = call.center.desk.authorize(call.workNo, call.req.header('guid'));
      if (auth.ok) return run({ ...call, agent: auth.agent });
      return refused?.(call) ?? auth.result;
    },
    { ok: false, retcode: '100-006' },
  );
}

/**
 * Any other path under the gateway's base answers in the envelope with
 * `000-002` (the URL is invalid), not a bare HTTP 404, as the vendor's gateway
 * does. Listed after every real route, so it only catches what they do not.
 */
export const unknownGatewayRoutes: readonly RouteDef[] = (['GET', 'POST', 'PUT', 'DELETE'] as const).map(
  (method) => ({
    api: 'agentgateway.unknown',
    group: agentGatewayGroup,
    method,
    paths: [`${GATEWAY_BASE}/*`],
    summary: 'Any other gateway path: 000-002 in the envelope',
    handle: (req) => ({
      ...gatewayResult('000-002', undefined, `No such agent gateway API: ${req.method} ${req.path}`),
      note: 'unknown gateway URL',
    }),
  }),
);
