/**
 * The verification API's answers (docs/vendor/verification-api.md): `retCode` 0 with the
 * vendor's own message on success; any other integer is a failure. The codes
 * and messages past 0 are this integration's; the CEC only tells zero from
 * non-zero, the messages help whoever reads its logs.
 */
export const validateCodes = {
  ok: { retCode: 0, message: 'validate success' },
  'bad-request': {
    retCode: 1,
    message: 'the body must be a JSON object with string access_token, tenantSpaceId and userAccount',
  },
  malformed: { retCode: 2, message: 'access_token is not a token this system issued' },
  tampered: { retCode: 3, message: 'access_token has an invalid signature' },
  expired: { retCode: 4, message: 'access_token has expired' },
  'wrong-tenant': { retCode: 5, message: 'access_token was not issued for this tenantSpaceId' },
  'wrong-account': { retCode: 6, message: 'userAccount is not the account access_token was issued to' },
  replayed: { retCode: 7, message: 'access_token has already been used' },
  'unknown-account': { retCode: 8, message: 'the agent account is unknown or was removed' },
  'invalid-claims': { retCode: 9, message: 'access_token lacks a required claim or has a wrong one' },
  locked: { retCode: 10, message: 'too many invalid tokens; try again later' },
  'not-allowed': { retCode: 11, message: 'this client may not call the verification API' },
  'rate-limited': { retCode: 12, message: 'too many requests; try again later' },
  'too-large': { retCode: 13, message: 'the request body is too large' },
} as const;

export type ValidateOutcome = keyof typeof validateCodes;
