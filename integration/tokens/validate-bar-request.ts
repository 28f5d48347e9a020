import type { BarTokenSettings } from './bar-token.ts';
import { verifyBarToken } from './bar-token.ts';
import type { ValidateOutcome } from './validate-codes.ts';

export interface ValidateDeps {
  settings: BarTokenSettings;
  now: number;
  /** Whether the CEC still lists this agent account. */
  isActiveAccount(accountCode: string): boolean;
  /** Record the token id as used; false when it was already used. */
  consume(jti: string, expiresAt: number, now: number): boolean;
}

export type Verdict =
  | { ok: true; accountCode: string; jti: string }
  | { ok: false; outcome: Exclude<ValidateOutcome, 'ok'>; jti?: string };

/** The request body's fields, when it has them all as strings of sane length. */
export function parseValidateBody(
  body: unknown,
): { access_token: string; tenantSpaceId: string; userAccount: string } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { access_token, tenantSpaceId, userAccount } = body as Record<string, unknown>;
  if (
    typeof access_token !== 'string' ||
    typeof tenantSpaceId !== 'string' ||
    typeof userAccount !== 'string'
  ) {
    return undefined;
  }
  if (access_token === '' || tenantSpaceId.length > 64 || userAccount === '' || userAccount.length > 100) {
    return undefined;
  }
  return { access_token, tenantSpaceId, userAccount };
}

/**
 * The verification API's decision (vendor-api.md §3), in the order that costs
 * an attacker the most and reveals the least: shape, then the token's own
 * integrity and lifetime, then whether it belongs to this request, and last —
 * only for a token that is otherwise good — its one use.
 */
export async function validateBarRequest(body: unknown, deps: ValidateDeps): Promise<Verdict> {
  const req = parseValidateBody(body);
  if (!req) return { ok: false, outcome: 'bad-request' };
  const token = await verifyBarToken(deps.settings, req.access_token, deps.now);
  if (!token.ok) return { ok: false, outcome: token.problem };
  if (req.tenantSpaceId !== deps.settings.tenantSpaceId)
    return { ok: false, outcome: 'wrong-tenant', jti: token.jti };
  if (req.userAccount !== token.accountCode) return { ok: false, outcome: 'wrong-account', jti: token.jti };
  if (!deps.isActiveAccount(token.accountCode))
    return { ok: false, outcome: 'unknown-account', jti: token.jti };
  if (!deps.consume(token.jti, token.expiresAt, deps.now))
    return { ok: false, outcome: 'replayed', jti: token.jti };
  return { ok: true, accountCode: token.accountCode, jti: token.jti };
}
