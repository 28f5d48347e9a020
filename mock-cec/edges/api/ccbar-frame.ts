/**
 * The connection bar's frame, on the CEC's origin (docs/vendor/ccbarclient.md):
 *
 *   GET …/service-cloud/ccdesktop/pages/cc-bar/ccbar.html?tenant=&ticket=&host=
 *       redeems the one-time ticket of ccbarclient.js for the cookies
 *       sum_token, sum_sid, sum_refresh_token, sum_atime (SameSite=None; Secure)
 *   GET …/cc-bar/ccbar.js?tenant=, …/cc-bar/ccbar.css?tenant=   the bar's own code
 *   GET …/cc-bar/session?tenant=                 who the bar is for (needs sum_token)
 *
 * Without the cookies (third-party cookies blocked, or expired) the bar's
 * calls get 401, as the vendor describes. [doc]
 */

import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { asset } from '../ccbar/assets.ts';
import { cookieValue, sessionCookies } from '../ccbar/bar-sessions.ts';
import { barPaths } from './ccbarclient.ts';
import { GATEWAY_BASE } from './gateway-route.ts';
import type { RouteDef, VendorRequest, VendorResponse } from './route.ts';
import { ccbarGroup, textResponse } from './vendor-errors.ts';

const tenantOfQuery = (req: VendorRequest, sim: Parameters<NonNullable<RouteDef['tenantOf']>>[1]) => {
  const id = req.query.get('tenant');
  return id ? sim.tenant(id) : undefined;
};

function barSession(req: VendorRequest, tenant: TenantRuntime | undefined) {
  const center = tenant?.center;
  return center?.bar.session(cookieValue(req.header('cookie'), 'sum_token'));
}

const staticFile = (name: 'ccbar.js' | 'ccbar.css'): RouteDef => ({
  api: `ccbar.${name}`,
  group: ccbarGroup,
  method: 'GET',
  paths: barPaths(name),
  summary: `The bar's ${name}`,
  // The frame links them with its tenant, so that they are journaled as that tenant's (`withTenant`).
  tenantOf: tenantOfQuery,
  async handle() {
    const { text, contentType } = await asset(name);
    return { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-cache' }, body: text };
  },
});

/**
 * The frame's page with its links to the bar's code and style naming the
 * tenant: on a simulator shared by several tenants, their requests are then
 * journaled as this tenant's, not as entries of no tenant that every tenant's
 * journal reads (harness/actors/cec.ts). [choice]
 */
export function withTenant(html: string, tenant: string): string {
  const q = `?tenant=${encodeURIComponent(tenant)}`;
  return html
    .replace('href="ccbar.css"', `href="ccbar.css${q}"`)
    .replace('src="ccbar.js"', `src="ccbar.js${q}"`);
}

const frame: RouteDef = {
  api: 'ccbar.frame',
  group: ccbarGroup,
  method: 'GET',
  paths: barPaths('ccbar.html'),
  summary: "The bar's frame: redeems the ticket of ccbarclient.js for the sum_* cookies",
  tenantOf: tenantOfQuery,
  async handle(req, { tenant }) {
    const center = tenant?.center;
    if (!center) return textResponse(404, 'No such tenant');
    const ticket = req.query.get('ticket') ?? '';
    const session = center.bar.redeem(ticket);
    // A reloaded frame has spent its ticket but still holds its cookies.
    if (!session && !barSession(req, tenant)) {
      return textResponse(401, 'This bar has expired: reload the page that holds it');
    }
    const { text, contentType } = await asset('ccbar.html');
    return {
      status: 200,
      headers: { 'content-type': contentType, 'cache-control': 'no-store' },
      cookies: session ? sessionCookies(session) : undefined,
      body: withTenant(text, tenant.id),
      note: session ? `bar session for agent ${session.workNo}` : 'bar reloaded',
    };
  },
};

const session: RouteDef = {
  api: 'ccbar.session',
  group: ccbarGroup,
  method: 'GET',
  paths: barPaths('session'),
  summary: 'Who the bar is for, and the sign-in parameters it uses (needs the sum_token cookie)',
  tenantOf: tenantOfQuery,
  handle(req, { tenant }): VendorResponse {
    const found = barSession(req, tenant);
    const agent = found && tenant?.agentByWorkNo(found.workNo);
    if (!tenant || !found || !agent) {
      return {
        status: 401,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ error: 'no bar session: the sum_token cookie is missing or expired' }),
      };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' },
      // The bar signs in through the public gateway API, so it needs what any client would. [choice]
      body: JSON.stringify({
        tenantSpaceId: tenant.id,
        workNo: agent.workNo,
        accountCode: agent.accountCode,
        name: agent.name ?? null,
        password: agent.password,
        phonenum: agent.sipAccount,
        gateway: GATEWAY_BASE,
        // For the wrap-up countdown after a call (acd.wrapUpMs; 0: no time limit). [choice]
        wrapUpSeconds: Math.round(tenant.config.acd.wrapUpMs / 1000),
      }),
    };
  },
};

export const ccbarFrameRoutes: readonly RouteDef[] = [
  frame,
  staticFile('ccbar.js'),
  staticFile('ccbar.css'),
  session,
];
