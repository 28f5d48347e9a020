/**
 * TokenByAkSk (docs/vendor/authentication.md):
 *
 *   POST /apigovernance/api/oauth/tokenByAkSk
 *   Content-Type: application/json
 *   X-Token-Expire: <seconds, at most 3600>
 *   {"app_key": "...", "app_secret": "..."}
 */
import { type AccessToken, parseTokenResponse } from './access-token.ts';
import { type CecConnection, callCec, failureOf } from './cec-call.ts';
import { type CecResult, fail, ok } from './cec-failure.ts';

export const TOKEN_BY_AK_SK_PATH = '/apigovernance/api/oauth/tokenByAkSk';

export async function requestAccessToken(
  c: CecConnection,
  appSecret: string,
  expireSec: number,
): Promise<CecResult<AccessToken>> {
  let sentAt = c.clock.now();
  const secrets = [appSecret];
  const retried = await callCec(
    c,
    {
      api: 'TokenByAkSk',
      method: 'POST',
      path: TOKEN_BY_AK_SK_PATH,
      headers: { 'Content-Type': 'application/json', 'X-Token-Expire': String(expireSec) },
      body: JSON.stringify({ app_key: c.appKey, app_secret: appSecret }),
      secrets,
    },
    () => {
      sentAt = c.clock.now();
    },
  );
  const { last } = retried;
  if (last.kind === 'response' && last.status === 200) {
    const parsed = parseTokenResponse(last.body, sentAt);
    if (!parsed.ok) return fail({ kind: 'bad-response', api: 'TokenByAkSk', detail: parsed.detail });
    c.logger.info('CEC access token obtained', {
      appKey: c.appKey,
      validForSec: Math.round((parsed.token.expiresAt - c.clock.now()) / 1000),
    });
    return ok(parsed.token);
  }
  // Wrong credentials are final: retrying would only count against us on the CEC's side.
  if (last.kind === 'response' && last.status === 401) {
    return fail({ kind: 'bad-credentials', api: 'TokenByAkSk', appKey: c.appKey });
  }
  return fail(failureOf('TokenByAkSk', retried, secrets));
}
