import type { CallbackBody } from '../callback/token-callback.ts';

/**
 * The ccbarclient.js request body: the JSON string of
 * `{access_token, tenantSpaceId, userAccount}` (docs/vendor/ccbarclient.md). A body
 * that was stringified twice is read too. [choice]
 */
export function callbackBodyOf(text: string): CallbackBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { access_token, tenantSpaceId, userAccount } = value as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v !== '';
  return ok(access_token) && ok(tenantSpaceId) && ok(userAccount)
    ? { access_token, tenantSpaceId, userAccount }
    : undefined;
}
