/**
 * CC-Management, the agent-information APIs (docs/vendor/cc-management.md):
 *
 *   GET  /apiaccess/CC-Management/v1/queryAgentInfo
 *   GET  /apiaccess/CC-Management/v1/querySysInfo
 *   POST /apiaccess/CC-Management/v1/queryAgentLoginParams
 *   POST /apiaccess/rest/workbench/v1/queryCallInfoByCallId   (the agent workbench group, cec_07_0063)
 *
 * All carry `Authorization: Bearer <AccessToken>` and `X-APP-Key`; a tenant
 * with `app.requireAppKey: false` also accepts a request without X-APP-Key
 * (the vendor's pages disagree on whether it is mandatory). The vendor's
 * guides also spell the path `CC-Mangemant`; both spellings are served. [choice]
 * Failures are plain HTTP statuses (401 for any token problem).
 */
import type { TokenProblem } from '../../domain/auth/access-tokens.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { RouteDef, VendorRequest, VendorResponse } from './route.ts';
import { JSON_UTF8, jsonResponse } from './route.ts';
import { ccManagementGroup, httpError } from './vendor-errors.ts';

const bases = ['/apiaccess/CC-Management/v1', '/apiaccess/CC-Mangemant/v1'] as const;
const pathsOf = (name: string) => bases.map((b) => `${b}/${name}`);

const problemText: Record<TokenProblem, string> = {
  missing: 'The Authorization header is missing',
  malformed: 'The Authorization header must be "Bearer <AccessToken>"',
  unknown: 'The access token is invalid',
  expired: 'The access token has expired',
  revoked: 'The access token has been revoked',
  'app-key-mismatch': 'The access token was not issued to this X-APP-Key',
};

function tenantOf(req: VendorRequest, sim: Simulator): TenantRuntime | undefined {
  const appKey = req.header('x-app-key');
  if (appKey) return sim.tenantByAppKey(appKey);
  // Without X-APP-Key: the tenant that issued the bearer token, when it accepts the key's absence.
  const auth = req.header('authorization');
  return sim
    .tenants()
    .find((t) => !t.config.app.requireAppKey && t.tokens.check(auth, t.config.app.appKey, t.now()).ok);
}

/** The bearer-token check shared by the group; a failure is the response to send. */
function authorize(req: VendorRequest, tenant: TenantRuntime | undefined): VendorResponse | undefined {
  const appKey =
    req.header('x-app-key') ?? (tenant?.config.app.requireAppKey ? undefined : tenant?.config.app.appKey);
  if (!appKey) return httpError(401, 'The X-APP-Key header is missing');
  if (!tenant) {
    // Unknown app key: say only that the token is not valid for it, as for a wrong token.
    const auth = req.header('authorization');
    return httpError(401, auth ? problemText.unknown : problemText.missing);
  }
  const check = tenant.tokens.check(req.header('authorization'), appKey, tenant.now());
  return check.ok ? undefined : httpError(401, problemText[check.problem]);
}

/** Where softphones register: the tenant's configured address, else the simulator's own listener. */
export function sipServiceOf(tenant: TenantRuntime, sim: Simulator): { ip: string; port: number } {
  return {
    ip: tenant.config.sip.serviceIp ?? sim.endpoints.host,
    port: tenant.config.sip.servicePort ?? sim.endpoints.sipUdpPort ?? 5060,
  };
}

/** The vendor's table says String; its newest example sends a number. The tenant picks. */
function portValue(tenant: TenantRuntime, port: number): string | number {
  return tenant.config.sip.portAsNumber ? port : String(port);
}

/**
 * The agent list never changes for a tenant; only the advertised SIP address
 * can (once the listeners are up). Keep the serialized body per tenant and
 * address: QueryAgentInfo is the API clients poll.
 */
const agentListCache = new WeakMap<TenantRuntime, { key: string; body: string }>();

function agentListBody(tenant: TenantRuntime, sim: Simulator): string {
  const sip = sipServiceOf(tenant, sim);
  const key = `${sip.ip}|${sip.port}|${tenant.config.sip.portAsNumber}`;
  const cached = agentListCache.get(tenant);
  if (cached?.key === key) return cached.body;
  const body = JSON.stringify({
    sipServiceIp: sip.ip,
    sipServicePort: portValue(tenant, sip.port),
    agents: tenant.config.agents.map((a) => ({
      workNo: a.workNo,
      sipAccount: a.sipAccount,
      sipPwd: a.sipPwd,
      accountCode: a.accountCode,
    })),
  });
  agentListCache.set(tenant, { key, body });
  return body;
}

/**
 * One agent as querySysInfo lists it, with the newer per-agent fields
 * (cec_07_0028). Values the tenant file does not model: `id` and `guId` are
 * derived from the workNo, `ccRoleId` "1" (a common agent), `agentType` "4"
 * (PC + phone, the sign-in default), `selfPhone` the softphone number,
 * `createInCtiFlag` "1" (the agent exists in the CTI). `password` is at most 8
 * characters (the vendor's limit): a longer one is cut. [choice]
 */
function sysInfoAgent(tenant: TenantRuntime, a: TenantRuntime['config']['agents'][number]) {
  return {
    id: `${tenant.id}${a.workNo}`,
    workNo: a.workNo,
    sipAccount: a.sipAccount,
    sipPwd: a.sipPwd,
    password: a.password.slice(0, 8),
    ccRoleId: '1',
    accountId: a.accountCode,
    accountCode: a.accountCode,
    accountName: a.name ?? a.accountCode,
    agentType: '4',
    selfPhone: a.sipAccount,
    createInCtiFlag: '1',
    guId: `${tenant.config.ccId}-${tenant.config.vdnId}-${a.workNo}`,
  };
}

export const queryAgentInfo: RouteDef = {
  api: 'QueryAgentInfo',
  group: ccManagementGroup,
  method: 'GET',
  paths: pathsOf('queryAgentInfo'),
  summary: "List every agent's workNo, softphone number and softphone password",
  tenantOf,
  handle(req, { sim, tenant }) {
    const denied = authorize(req, tenant);
    if (denied || !tenant) return denied ?? httpError(401);
    return { status: 200, headers: { 'content-type': JSON_UTF8 }, body: agentListBody(tenant, sim) };
  },
};

export const querySysInfo: RouteDef = {
  api: 'QuerySysInfo',
  group: ccManagementGroup,
  method: 'GET',
  paths: pathsOf('querySysInfo'),
  summary: 'Gateway and SIP addresses, with every agent',
  tenantOf,
  handle(req, { sim, tenant }) {
    const denied = authorize(req, tenant);
    if (denied || !tenant) return denied ?? httpError(401);
    const sip = sipServiceOf(tenant, sim);
    return jsonResponse(200, {
      serviceIp: sim.endpoints.host,
      servicePort: String(sim.endpoints.httpPort ?? 8043),
      sipServiceIp: sip.ip,
      sipServicePort: portValue(tenant, sip.port),
      agents: tenant.config.agents.map((a) => sysInfoAgent(tenant, a)),
    });
  },
};

export const queryAgentLoginParams: RouteDef = {
  api: 'QueryAgentLoginParams',
  group: ccManagementGroup,
  method: 'POST',
  paths: pathsOf('queryAgentLoginParams'),
  summary: "One agent's sign-in parameters, by account and platform password",
  tenantOf,
  handle(req, { sim, tenant }) {
    const denied = authorize(req, tenant);
    if (denied || !tenant) return denied ?? httpError(401);
    const read = req.jsonObject();
    if (!read.ok) return httpError(400, 'The request body is not a JSON object');
    const body = read.value;
    if (typeof body.account !== 'string' || typeof body.password !== 'string') {
      return httpError(400, 'account and password are required strings');
    }
    const agent = tenant.agentByAccountCode(body.account);
    if (!agent || agent.password !== body.password) {
      return jsonResponse(
        200,
        { message: 'The account or password is incorrect', returnCode: '1' },
        { code: '1' },
      );
    }
    const sip = sipServiceOf(tenant, sim);
    const wsPort = sim.endpoints.httpPort ?? 8043;
    return jsonResponse(
      200,
      {
        message: 'success',
        returnCode: '0',
        results: {
          workNo: String(agent.workNo),
          password: agent.password,
          sipAccount: agent.sipAccount,
          sipPwd: agent.sipPwd,
          // Type "0" is the UDP/TCP SIP listener, "1" the secure-WebSocket one (bare IP and port). [doc]
          sipServerInfo: [
            { sipServiceIp: sip.ip, sipServicePort: String(sip.port), node: '1', type: '0' },
            { sipServiceIp: sim.endpoints.host, sipServicePort: String(wsPort), node: '1', type: '1' },
          ],
        },
      },
      { code: '0' },
    );
  },
};

/**
 * The agent workbench's call information (cec_07_0063): a server asks with its AK/SK token what the
 * CTI knows of a call, the call data included — how a CRM learns what the IVR collected. Body
 * `{callId, userId, tenantId, agentId}` (all required strings); tenantId is the tenant space id
 * and agentId a workNo of it. The numbers are JSON numbers, as in the page's example. An unknown
 * callid answers 404. [choice: the page lists 404 for "not found" without saying when]
 */
export const queryCallInfoByCallId: RouteDef = {
  api: 'QueryCallInfoByCallId',
  group: ccManagementGroup,
  method: 'POST',
  paths: ['/apiaccess/rest/workbench/v1/queryCallInfoByCallId'],
  summary: "A call's caller, called, skill and call data, by callid",
  tenantOf,
  handle(req, { tenant }) {
    const denied = authorize(req, tenant);
    if (denied || !tenant) return denied ?? httpError(401);
    const read = req.jsonObject();
    if (!read.ok) return httpError(400, 'The request body is not a JSON object');
    const body = read.value;
    const missing = ['callId', 'userId', 'tenantId', 'agentId'].filter(
      (k) => typeof body[k] !== 'string' || body[k] === '',
    );
    if (missing.length > 0) return httpError(400, `${missing.join(', ')}: required strings`);
    if (body.tenantId !== tenant.config.tenantSpaceId)
      return httpError(400, 'tenantId is not this tenant space');
    if (!tenant.agentByWorkNo(Number(body.agentId)))
      return httpError(400, 'agentId is not an agent of the tenant');
    const call = tenant.center?.acd.get(body.callId as string);
    if (!call) return httpError(404, `No call ${body.callId}`);
    const asNumber = (n: string) => (/^\d{1,15}$/.test(n) ? Number(n) : n);
    return jsonResponse(200, {
      caller: asNumber(call.caller),
      called: asNumber(call.called),
      mediaAbility: 1,
      calldata: call.callData,
      callId: call.id,
      callSkillId: call.skillId,
      callSkill: tenant.config.skills.find((s) => s.id === call.skillId)?.name ?? '',
      // The call types of the agent events: 0 a call to the agent, 7 its Call Out. [choice]
      callType: call.direction === 'inbound' ? 0 : 7,
    });
  },
};

export const ccManagementRoutes: readonly RouteDef[] = [
  queryAgentInfo,
  querySysInfo,
  queryAgentLoginParams,
  queryCallInfoByCallId,
];
