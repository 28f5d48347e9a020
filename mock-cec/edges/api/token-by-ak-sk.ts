/**
 * TokenByAkSk, the sign-in authentication API of API Fabric (docs/vendor/authentication.md).
 *
 *   POST /apigovernance/api/oauth/tokenByAkSk
 *   Content-Type: application/json
 *   X-Token-Expire: <seconds, max 3600>
 *   {"app_key": "...", "app_secret": "..."}
 *
 * → 200 with seven string fields. Error statuses and bodies are the simulator's
 * choice (see vendor-errors.ts): 400 for a malformed request, 401 for wrong
 * credentials (the same answer for an unknown key and a wrong secret).
 */
import type { RouteDef, VendorRequest } from './route.ts';
import { jsonResponse } from './route.ts';
import { apiFabricGroup, httpError } from './vendor-errors.ts';

export const TOKEN_BY_AK_SK_PATH = '/apigovernance/api/oauth/tokenByAkSk';

function credentials(req: VendorRequest) {
  const read = req.jsonObject();
  return read.ok ? read.value : undefined;
}

export const tokenByAkSk: RouteDef = {
  api: 'TokenByAkSk',
  group: apiFabricGroup,
  method: 'POST',
  paths: [TOKEN_BY_AK_SK_PATH],
  summary: 'Get an access token with the app key and secret',

  tenantOf(req, sim) {
    const appKey = credentials(req)?.app_key;
    return typeof appKey === 'string' ? sim.tenantByAppKey(appKey) : undefined;
  },

  handle(req, { tenant }) {
    const contentType = req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      return httpError(400, 'Content-Type must be application/json');
    }
    const body = credentials(req);
    if (!body) return httpError(400, 'The request body is not a JSON object');
    if (typeof body.app_key !== 'string' || body.app_key === '') return httpError(400, 'app_key is required');
    if (typeof body.app_secret !== 'string' || body.app_secret === '') {
      return httpError(400, 'app_secret is required');
    }
    // One answer for an unknown key and a wrong secret, so the API cannot be used to find keys.
    if (!tenant || tenant.config.app.appSecret !== body.app_secret) {
      return httpError(401, 'app_key or app_secret is incorrect');
    }

    const limits = tenant.config.tokens;
    const requested = req.header('x-token-expire');
    let lifetime = limits.defaultExpiresSec;
    if (requested !== undefined) {
      const n = /^\d{1,9}$/.test(requested.trim()) ? Number(requested.trim()) : Number.NaN;
      if (!(n >= 1 && n <= limits.maxExpiresSec)) {
        return httpError(400, `X-Token-Expire must be an integer from 1 to ${limits.maxExpiresSec}`);
      }
      lifetime = n;
    }

    const now = tenant.now();
    const issued = tenant.tokens.issue(tenant.rng.hex(20), body.app_key, now, lifetime);
    return jsonResponse(
      200,
      {
        AccessToken: issued.token,
        ApplyType: 'Bearer',
        CreateTime: String(Math.floor(now / 1000)),
        Expires: String(lifetime),
        Scope: 'default', // [choice] the vendor does not say what Scope holds
        AppKey: issued.appKey,
        UserID: 'Anonymous',
      },
      { note: `token for app ${issued.appKey}, ${lifetime}s` },
    );
  },
};
