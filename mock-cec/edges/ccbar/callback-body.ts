import { type JsonObjectRead, readJsonObject } from '../../infrastructure/primitives/json-object.ts';
import type { CallbackBody } from '../callback/token-callback.ts';

/**
 * The ccbarclient.js request body: the JSON string of
 * `{access_token, tenantSpaceId, userAccount}` (docs/vendor/ccbarclient.md). A body
 * that was stringified twice is read too. [choice]
 */
export function callbackBodyOf(body: JsonObjectRead): CallbackBody | undefined {
  const read =
    !body.ok && body.problem === 'not a JSON object' && typeof body.json === 'string'
      ? readJsonObject(body.json)
      : body;
  if (!read.ok) return undefined;
  const { access_token, tenantSpaceId, userAccount } = read.value;
  const ok = (v: unknown): v is string => typeof v === 'string' && v !== '';
  return ok(access_token) && ok(tenantSpaceId) && ok(userAccount)
    ? { access_token, tenantSpaceId, userAccount }
    : undefined;
}
