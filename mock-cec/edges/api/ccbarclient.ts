/**
 * ccbarclient.js, the lightweight connection bar (docs/vendor/ccbarclient.md):
 *
 *   POST …/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js
 *   body: the JSON string {"access_token", "tenantSpaceId", "userAccount"}
 *
 * `userAccount` must be an accountCode of the tenant; the CEC then asks the
 * third party's verification API about the token (the token callback) and
 * only on `{"retCode": 0}` answers the bar as JavaScript for the page to
 * inject. Otherwise: HTTP 500 `thridParty validate failed and the errorMessage
 * is null`. [doc] The same answer, before any callback, for a request without
 * an `Origin` header (the vendor's FAQ, cec_05_1314) and for an origin the
 * tenant does not list in `callback.allowedOrigins` [choice: the text]. Any
 * path prefix before /service-cloud (a reverse proxy's) is accepted, one or
 * two segments deep. [choice]
 */

import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { verifyToken } from '../callback/token-callback.ts';
import { clientScript } from '../ccbar/assets.ts';
import { callbackBodyOf } from '../ccbar/callback-body.ts';
import { allowedOrigin, corsHeaders, preflightHeaders } from '../ccbar/cors.ts';
import type { RouteDef, VendorRequest } from './route.ts';
import { ccbarGroup, THIRD_PARTY_FAILED, textResponse } from './vendor-errors.ts';

export const CCBAR_PAGES = 'ccdesktop/pages/cc-bar';

/** A bar path under /service-cloud, also behind one or two prefix segments. */
export const barPaths = (tail: string) =>
  ['', '/*', '/*/*'].map((prefix) => `${prefix}/service-cloud/${CCBAR_PAGES}/${tail}`);

/** The origins any tenant lets load the bar (for answers that know no tenant yet). */
function anyTenantAllows(sim: Simulator, origin: string | undefined): string | undefined {
  return sim.tenants().find((t) => allowedOrigin(origin, t.config.callback.allowedOrigins))
    ? origin
    : undefined;
}

/** The prefix before /service-cloud in the request's path (empty without a reverse proxy). */
const prefixOf = (req: VendorRequest) => req.path.slice(0, req.path.indexOf('/service-cloud'));

export const ccbarClientScript: RouteDef = {
  api: 'ccbarclient',
  group: ccbarGroup,
  method: 'POST',
  paths: barPaths('js/ccbarclient.js'),
  summary: 'Load the connection bar (after the token callback)',
  tenantOf: (req, sim) => {
    const id = callbackBodyOf(req.jsonObject())?.tenantSpaceId;
    return id ? sim.tenant(id) : undefined;
  },
  async handle(req, { sim, tenant, corr }) {
    const origin = req.header('origin');
    const allowed = tenant
      ? allowedOrigin(origin, tenant.config.callback.allowedOrigins)
      : anyTenantAllows(sim, origin);
    const cors = corsHeaders(allowed);
    const failed = (note: string) => ({ ...textResponse(500, THIRD_PARTY_FAILED, cors), note });
    // The vendor relies on Origin (cec_05_1314). A request without one — the simulator's own callback
    // pointed back at it included — fails before any callback, so a callback cannot loop.
    if (!origin) return failed('no Origin header');
    const body = callbackBodyOf(req.jsonObject());
    if (!body) {
      return textResponse(
        400,
        'The body must be the JSON string {"access_token", "tenantSpaceId", "userAccount"}, all non-empty strings',
        cors,
      );
    }
    if (!tenant) return failed(`unknown tenantSpaceId ${body.tenantSpaceId}`);
    if (!allowed) return failed(`origin ${origin} is not in the tenant's callback.allowedOrigins`);
    const agent = tenant.agentByAccountCode(body.userAccount);
    // No callback for an account the tenant does not have. [doc]
    if (!agent) return failed(`userAccount ${body.userAccount} is not an accountCode of the tenant`);
    const center = tenant.center;
    if (!center) return textResponse(500, 'The agent gateway is not installed on this simulator', cors);
    const verdict = await verifyToken(sim, tenant, body, corr);
    if (!verdict.ok) return failed(`token callback: ${verdict.reason}`);
    const ticket = center.bar.issueTicket({ workNo: agent.workNo, accountCode: agent.accountCode });
    const script = await clientScript({
      base: `${sim.endpoints.httpBase ?? ''}${prefixOf(req)}/service-cloud/`,
      framePath: `${CCBAR_PAGES}/ccbar.html`,
      tenant: tenant.id,
      ticket,
    });
    return {
      status: 200,
      headers: {
        'content-type': 'application/javascript;charset=UTF-8',
        'cache-control': 'no-store',
        ...cors,
      },
      body: script,
      note: `bar for ${body.userAccount} (agent ${agent.workNo})`,
    };
  },
};

/** The browser's CORS preflight for the cross-origin POST of a JSON body. */
export const ccbarClientPreflight: RouteDef = {
  api: 'ccbarclient.preflight',
  group: ccbarGroup,
  method: 'OPTIONS',
  paths: barPaths('js/ccbarclient.js'),
  summary: 'CORS preflight for ccbarclient.js (origins from callback.allowedOrigins)',
  handle(req, { sim }) {
    const origin = anyTenantAllows(sim, req.header('origin'));
    return {
      status: 204,
      headers: preflightHeaders(origin, req.header('access-control-request-headers')),
      body: '',
      note: origin ? `preflight for ${origin}` : 'preflight refused: origin not allowed',
    };
  },
};
