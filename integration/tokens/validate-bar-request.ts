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
  /**
   * Asked once the signature is known good, before anything else is looked at or
   * used: a refusal (a lockout, a rate limit) for this account, or undefined to go on.
   */
  admit?(accountCode: string): Exclude<ValidateOutcome, 'ok'> | undefined;
}

export type BarRequestCheck =
  | { ok: true; accountCode: string; jti: string }
  /** `signedBy`: the account of a token with our signature (its failures may count against it). */
  | { ok: false; outcome: Exclude<ValidateOutcome, 'ok'>; jti?: string; signedBy?: string };

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
 * The verification API's decision (docs/vendor/verification-api.md), in the order that costs
 * an attacker the most and reveals the least: shape, then the token's own
 * integrity and lifetime, then whether it belongs to this request, and last —
 * only for a token that is otherwise good — its one use. Only a token with our
 * signature names an account: a forged one is refused without touching the
 * account it claims (so junk cannot lock an agent out, issue 14).
 */
export async function validateBarRequest(body: unknown, deps: ValidateDeps): Promise<BarRequestCheck> {
  const req = parseValidateBody(body);
  if (!req) return { ok: false, outcome: 'bad-request' };
  const token = await verifyBarToken(deps.settings, req.access_token, deps.now);
  if (!token.ok) {
    const refused = token.signedBy !== undefined ? deps.admit?.(token.signedBy) : undefined;
    return { ok: false, outcome: refused ?? token.problem, signedBy: token.signedBy };
  }
  const fail = (outcome: Exclude<ValidateOutcome, 'ok'>): BarRequestCheck => ({
    ok: false,
    outcome,
    jti: token.jti,
    signedBy: token.accountCode,
  });
  const refused = deps.admit?.(token.accountCode);
  if (refused) return fail(refused);
  if (req.tenantSpaceId !== deps.settings.tenantSpaceId) return fail('wrong-tenant');
  if (req.userAccount !== token.accountCode) return fail('wrong-account');
  if (!deps.isActiveAccount(token.accountCode)) return fail('unknown-account');
  if (!deps.consume(token.jti, token.expiresAt, deps.now)) return fail('replayed');
  return { ok: true, accountCode: token.accountCode, jti: token.jti };
}
