/**
 * What the agent gateway's routes share (vendor-api.md §5): the base path, the
 * tenant found by the agent's workNo, the GUID check, and the envelope
 * `{"message", "retcode", "result"?}` with a Set-GUID header when one is due.
 */
import type { AgentRecord } from '../agents/agent-book.ts';
import { type CallCenter, callCenterOf } from '../gateway/call-center.ts';
import { setGuidHeader } from '../gateway/guid-sessions.ts';
import type { OpResult } from '../gateway/op-result.ts';
import type { Simulator } from '../state/simulator.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
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
    tenantOf: tenantOfAgent,
    async handle(req, { tenant, corr }) {
      const workNo = workNoOf(req);
      if (workNo === undefined) return gatewayResult('000-002', undefined, 'agentid must be a workNo');
      if (!tenant) return respond(unknownAgent);
      const center = callCenterOf(tenant);
      if (!center) return notInstalled;
      return respond(await run({ req, corr, center, workNo }));
    },
  };
}

/** A gateway route for a signed-in agent with a valid GUID (100-006, 000-003 otherwise). */
export function agentRoute(
  spec: RouteSpec,
  run: (call: GatewayCall & { agent: AgentRecord }) => OpResult | Promise<OpResult>,
): RouteDef {
  return openRoute(
    spec,
    (call) => {
      const auth = call.center.desk.authorize(call.workNo, call.req.header('guid'));
      return auth.ok ? run({ ...call, agent: auth.agent }) : auth.result;
    },
    { ok: false, retcode: '100-006' },
  );
}

/** A JSON object body, or undefined. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
