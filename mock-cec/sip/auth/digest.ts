import { createHash } from 'node:crypto';
import { quote, splitList, unquote } from '../core/split-values.ts';

/**
 * HTTP Digest as SIP uses it (RFC 3261 §22.4, RFC 7616 §3.4, RFC 8760 for
 * SHA-256 in SIP): the credentials' grammar and the response computation.
 * Pure functions; the nonces and the decision live in nonce-book.ts and
 * digest-auth.ts.
 */

export type DigestAlgorithm = 'MD5' | 'SHA-256';

const hashName: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(hashName[algorithm]).update(text, 'utf8').digest('hex');
}

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  /** As the client wrote it; RFC 7616 §3.4: MD5 when absent. */
  readonly algorithm: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

/**
 * `Digest username="…", realm="…", …` → credentials, or undefined when the
 * scheme is not Digest or a mandatory parameter is missing. Parameters are
 * comma-separated outside quotes; names are case-insensitive.
 */
export function parseCredentials(value: string): DigestCredentials | undefined {
  const m = /^digest\s+/i.exec(value.trim());
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const piece of splitList(value.trim().slice(m[0].length))) {
    const eq = piece.indexOf('=');
    if (eq <= 0) return undefined;
    params.set(piece.slice(0, eq).trim().toLowerCase(), unquote(piece.slice(eq + 1).trim()));
  }
  const username = params.get('username');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (username === undefined || realm === undefined || !nonce || !uri || !response) return undefined;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: params.get('algorithm') ?? 'MD5',
    qop: params.get('qop'),
    nc: params.get('nc'),
    cnonce: params.get('cnonce'),
    opaque: params.get('opaque'),
  };
}

/** HA1 = H(username:realm:password) (RFC 7616 §3.4.2): computed once per account and kept. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/** RFC 7616 §3.4.1 with qop=auth: H(HA1:nonce:nc:cnonce:qop:H(method:uri)). */
export function digestResponse(
  algorithm: DigestAlgorithm,
  ha1: string,
  method: string,
  c: Pick<DigestCredentials, 'nonce' | 'uri' | 'nc' | 'cnonce' | 'qop'>,
): string {
  const ha2 = digestHash(algorithm, `${method}:${c.uri}`);
  return digestHash(algorithm, `${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:${c.qop}:${ha2}`);
}

/** A WWW-Authenticate / Proxy-Authenticate value (RFC 7616 §3.3). */
export function challengeValue(
  realm: string,
  nonce: string,
  algorithm: DigestAlgorithm,
  stale: boolean,
): string {
  return `Digest realm=${quote(realm)}, nonce=${quote(nonce)}, algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`;
}
