import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * The bar token: the `access_token` the page sends with its ccbarclient.js
 * request, which the CEC hands back to our verification API (docs/vendor/verification-api.md,
 * docs/vendor/ccbarclient.md). It is ours, not the CEC's TokenByAkSk token.
 *
 * Signed with HS256: the integration both issues and checks it, and no one else
 * verifies it (the CEC asks us), so one shared secret is the simplest sound
 * choice. EdDSA would pay only if a third party had to verify tokens it must
 * not be able to issue.
 *
 * Claims, and why each is there:
 * - `typ: bar+jwt` (header): explicit typing (RFC 8725 §3.11), so no other JWT
 *   signed with the same key passes as a bar token.
 * - `iss`: this integration; a token from another issuer is not ours to honour.
 * - `aud`: the tenantSpaceId; valid for one tenant space only, the one the CEC
 *   names in the same request.
 * - `sub`: the agent's accountCode; the CEC sends `userAccount`, which must be it,
 *   so a token of one agent cannot open another agent's bar.
 * - `jti`: unique; the CEC validates once per bar load, so each token is
 *   accepted once and a second presentation is a replay.
 * - `iat`, `exp`: short-lived (two minutes by default), long enough for one bar
 *   load, worth little if it leaks (it travels through the browser).
 */
export const BAR_TOKEN_TYPE = 'bar+jwt';

export interface BarTokenSettings {
  key: Uint8Array;
  issuer: string;
  tenantSpaceId: string;
  ttlSec: number;
}

export interface IssuedBarToken {
  token: string;
  jti: string;
  expiresAt: number;
}

export async function issueBarToken(
  s: BarTokenSettings,
  accountCode: string,
  now: number,
  jti: string = randomUUID(),
): Promise<IssuedBarToken> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: BAR_TOKEN_TYPE })
    .setIssuer(s.issuer)
    .setAudience(s.tenantSpaceId)
    .setSubject(accountCode)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + s.ttlSec)
    .sign(s.key);
  return { token, jti, expiresAt: (iat + s.ttlSec) * 1000 };
}

export type BarTokenProblem = 'malformed' | 'tampered' | 'expired' | 'wrong-tenant' | 'invalid-claims';

export type BarTokenCheck =
  | { ok: true; accountCode: string; jti: string; expiresAt: number }
  /** `signedBy`: the token's subject when its signature is ours (it failed on a claim), else absent. */
  | { ok: false; problem: BarTokenProblem; signedBy?: string };

/** Longer than any token we issue: refused before it is parsed. */
const MAX_TOKEN_LENGTH = 2048;

/** Check signature, type, issuer, audience and lifetime at `now`; the request's fields are the caller's. */
export async function verifyBarToken(
  s: BarTokenSettings,
  token: string,
  now: number,
): Promise<BarTokenCheck> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'malformed' };
  try {
    const { payload } = await jwtVerify(token, s.key, {
      algorithms: ['HS256'], // never "none", never another key type
      typ: BAR_TOKEN_TYPE,
      issuer: s.issuer,
      audience: s.tenantSpaceId,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      maxTokenAge: s.ttlSec,
      currentDate: new Date(now),
    });
    const { sub, jti, exp } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || jti.length > 64 || typeof exp !== 'number') {
      return { ok: false, problem: 'invalid-claims', ...signer(payload) };
    }
    return { ok: true, accountCode: sub, jti, expiresAt: exp * 1000 };
  } catch (err) {
    // jose checks the signature before the claims: a claim error means the token is ours.
    const signed = err instanceof errors.JWTExpired || err instanceof errors.JWTClaimValidationFailed;
    return { ok: false, problem: problemOf(err), ...(signed ? signer(err.payload) : {}) };
  }
}

/** The subject of a token whose signature checked, when it names one of sane length. */
function signer(payload: { sub?: unknown }): { signedBy?: string } {
  const { sub } = payload;
  return typeof sub === 'string' && sub !== '' && sub.length <= 100 ? { signedBy: sub } : {};
}

function problemOf(err: unknown): BarTokenProblem {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.claim === 'aud' ? 'wrong-tenant' : 'invalid-claims';
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JOSEAlgNotAllowed) {
    return 'tampered';
  }
  if (err instanceof errors.JOSEError) return 'malformed';
  throw err; // not a token problem: a bug
}
