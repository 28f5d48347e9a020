/**
 * The TokenByAkSk answer (docs/vendor/authentication.md): seven string fields, among them
 * `CreateTime` (epoch seconds) and `Expires` (seconds). There is no refresh
 * token: a client asks again before `Expires` runs out.
 */
export interface AccessToken {
  /** The bearer value. Never logged. */
  readonly value: string;
  readonly appKey: string;
  /** Epoch ms after which the CEC no longer accepts the token (by our estimate). */
  readonly expiresAt: number;
  /** Epoch ms from which a new token is fetched in the background. */
  readonly renewAt: number;
}

/** Renew this long before expiry: a minute, or a fifth of a short lifetime. */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, Math.floor(lifetimeMs / 5));
}

const fields = ['AccessToken', 'ApplyType', 'CreateTime', 'Expires', 'Scope', 'AppKey', 'UserID'] as const;

/**
 * Read the 200 body. `sentAt` is our clock when the request left: the expiry is
 * computed from the CEC's `CreateTime`, but never later than our own estimate
 * (`sentAt + Expires`), so a CEC clock running ahead of ours cannot make us
 * use a token the CEC already considers expired.
 */
export function parseTokenResponse(
  body: string,
  sentAt: number,
): { ok: true; token: AccessToken } | { ok: false; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, detail: 'the body is not JSON' };
  }
  if (typeof json !== 'object' || json === null) return { ok: false, detail: 'the body is not an object' };
  const r = json as Record<string, unknown>;
  for (const f of fields) {
    if (typeof r[f] !== 'string') return { ok: false, detail: `${f} is missing or not a string` };
  }
  const { AccessToken, ApplyType, CreateTime, Expires, AppKey } = r as Record<
    (typeof fields)[number],
    string
  >;
  if (AccessToken === '') return { ok: false, detail: 'AccessToken is empty' };
  if (ApplyType !== 'Bearer') return { ok: false, detail: 'ApplyType is not "Bearer"' };
  if (!/^\d{1,12}$/.test(CreateTime)) return { ok: false, detail: 'CreateTime is not epoch seconds' };
  if (!/^\d{1,7}$/.test(Expires) || Number(Expires) === 0)
    return { ok: false, detail: 'Expires is not a positive number of seconds' };

  const lifetimeMs = Number(Expires) * 1000;
  const issuedAt = Math.min(Number(CreateTime) * 1000, sentAt);
  const expiresAt = issuedAt + lifetimeMs;
  return {
    ok: true,
    token: {
      value: AccessToken,
      appKey: AppKey,
      expiresAt,
      renewAt: expiresAt - renewalMarginMs(lifetimeMs),
    },
  };
}
