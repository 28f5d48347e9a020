import { formatParams, indexOutside, type Params, param, parseParams, SEMICOLON } from './split-values.ts';
import { splitHostPort } from './uri.ts';

/** The reading of a sent-by's host:port (a proxy's remembered one, `Readings.hostPort`). */
type HostPortReading = {
  hostPort(text: string): { readonly host: string; readonly port?: number } | undefined;
};
const PLAIN: HostPortReading = { hostPort: splitHostPort };

/**
 * One Via value (RFC 3261 §20.42): `SIP/2.0/UDP host:port;branch=z9hG4bK…`.
 * Whitespace around the slashes is legal (RFC 3261 §25.1 SLASH, RFC 4475 §3.1.1.1).
 */
export interface Via {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly params: Params;
  readonly branch?: string;
}

/** RFC 3261 §8.1.1.7: branches of RFC 3261 clients start with this cookie. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** Transports as nearly every Via spells them: `SIP/2.0/UDP host:port;…` is read without a regular expression. */
const USUAL_TRANSPORTS: ReadonlySet<string> = new Set(['UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP']);

export function parseVia(value: string, readings: HostPortReading = PLAIN): Via | undefined {
  const semi = indexOutside(value, SEMICOLON);
  if (value.startsWith('SIP/2.0/')) {
    // What the general reading below concludes for the usual shape (a sent-by of host characters only).
    const sp = value.indexOf(' ', 8);
    const end = semi < 0 ? value.length : semi;
    const transport = sp > 8 && sp < end ? value.slice(8, sp) : '';
    const hp = USUAL_TRANSPORTS.has(transport) ? readings.hostPort(value.slice(sp + 1, end)) : undefined;
    if (hp) {
      const params = semi < 0 ? [] : parseParams(value.slice(semi));
      const branch = param(params, 'branch');
      return { transport, host: hp.host, port: hp.port, params, branch: branch || undefined };
    }
  }
  const first = (semi < 0 ? value : value.slice(0, semi)).trim();
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9\-.!%*_+`'~]+)\s+(\S+)$/i.exec(first);
  if (!m) return undefined;
  const hp = splitHostPort(m[2]!);
  if (!hp) return undefined;
  const params = parseParams(value.slice(value.indexOf(first) + first.length));
  const branch = param(params, 'branch');
  return {
    transport: m[1]!.toUpperCase(),
    host: hp.host,
    port: hp.port,
    params,
    branch: branch || undefined,
  };
}

export function formatVia(v: Via): string {
  const port = v.port !== undefined ? `:${v.port}` : '';
  return `SIP/2.0/${v.transport} ${v.host}${port}${formatParams(v.params)}`;
}

/** The sent-by of a Via as one string, for transaction keys: "host:port". */
export function sentBy(v: Via): string {
  return v.port === undefined ? v.host : `${v.host}:${v.port}`;
}
