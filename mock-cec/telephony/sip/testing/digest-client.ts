import { type DigestAlgorithm, digestHa1, digestResponse } from '../auth/digest.ts';
import { splitList, unquote } from '../core/split-values.ts';

/**
 * The client's half of digest, for tests: answer a challenge the way SIP.js
 * or sipp would (qop=auth, a cnonce, a nonce-count).
 */
export interface Challenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  stale: boolean;
}

export function readChallenge(value: string): Challenge {
  const params = new Map<string, string>();
  for (const p of splitList(value.replace(/^Digest\s+/i, ''))) {
    const eq = p.indexOf('=');
    params.set(p.slice(0, eq).trim().toLowerCase(), unquote(p.slice(eq + 1).trim()));
  }
  return {
    realm: params.get('realm')!,
    nonce: params.get('nonce')!,
    algorithm: (params.get('algorithm') ?? 'MD5') as DigestAlgorithm,
    stale: params.get('stale')?.toLowerCase() === 'true',
  };
}

export function answerChallenge(
  c: Challenge,
  o: { username: string; password: string; method: string; uri: string; nc?: number; cnonce?: string },
): string {
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = o.cnonce ?? 'c0ffee42';
  const ha1 = digestHa1(c.algorithm, o.username, c.realm, o.password);
  const response = digestResponse(c.algorithm, ha1, o.method, {
    nonce: c.nonce,
    uri: o.uri,
    nc,
    cnonce,
    qop: 'auth',
  });
  return `Digest username="${o.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${o.uri}", response="${response}", algorithm=${c.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}
