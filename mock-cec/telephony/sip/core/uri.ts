import { formatParams, type Params, parseParams } from './split-values.ts';

/**
 * SIP and SIPS URIs (RFC 3261 §19.1): `sip:user:password@host:port;params?headers`.
 * The user part may hold `;` and `?` (RFC 3261 §25.1 user-unreserved, RFC 4475
 * §3.1.1.4), so the user info ends at the last `@`.
 */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly password?: string;
  /** Lowercased; IPv6 references keep their brackets. */
  readonly host: string;
  readonly port?: number;
  readonly params: Params;
  /** Everything after `?`, as written. */
  readonly headers?: string;
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?)$/;
const USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;

/** A SIP or SIPS URI's parts, or undefined when it is none. */
export function parseUri(text: string): SipUri | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  let rest = text.slice(colon + 1);
  let user: string | undefined;
  let password: string | undefined;
  // No '@' may appear unescaped in parameters or headers, so the last one ends the user info.
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const info = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pc = info.indexOf(':');
    user = pc < 0 ? info : info.slice(0, pc);
    if (pc >= 0) password = info.slice(pc + 1);
    if (!USER.test(user)) return undefined;
  }
  let headers: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const semi = rest.indexOf(';');
  const hostport = semi < 0 ? rest : rest.slice(0, semi);
  const params = semi < 0 ? [] : parseParams(rest.slice(semi));
  const hp = splitHostPort(hostport);
  if (!hp) return undefined;
  return { scheme, user, password, host: hp.host, port: hp.port, params, headers };
}

/** `host`, `host:port`, `[v6]:port` → parts; undefined when either is malformed. */
export function splitHostPort(text: string): { readonly host: string; readonly port?: number } | undefined {
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(0, close + 1);
    const after = text.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return undefined;
      portText = after.slice(1);
    }
  } else {
    const pc = text.indexOf(':');
    if (pc >= 0) {
      host = text.slice(0, pc);
      portText = text.slice(pc + 1);
    }
  }
  if (!HOST.test(host)) return undefined;
  if (portText === undefined) return { host: host.toLowerCase() };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return undefined;
  return { host: host.toLowerCase(), port };
}

export function formatUri(u: SipUri): string {
  let out = `${u.scheme}:`;
  if (u.user !== undefined) out += `${u.user}${u.password !== undefined ? `:${u.password}` : ''}@`;
  out += u.host;
  if (u.port !== undefined) out += `:${u.port}`;
  out += formatParams(u.params);
  if (u.headers !== undefined) out += `?${u.headers}`;
  return out;
}

/** The user part with %-escapes undone (RFC 3261 §19.1.4 compares users unescaped). */
export function uriUser(u: SipUri): string | undefined {
  if (u.user === undefined) return undefined;
  if (!u.user.includes('%')) return u.user;
  try {
    return decodeURIComponent(u.user);
  } catch {
    return u.user;
  }
}

/** `sip:user@Host:port;params` → `sip:user@host:port`, the form lookups compare (the registrar's `uriKeyOf`). */
export function uriKey(uri: string): string | undefined {
  const u = parseUri(uri);
  if (!u) return undefined;
  return `${u.scheme}:${u.user !== undefined ? `${uriUser(u)}@` : ''}${u.host}${u.port !== undefined ? `:${u.port}` : ''}`;
}

/** The unescaped user part of a URI given as text, if it is a SIP URI with one. */
export function userOfUri(uri: string): string | undefined {
  const u = parseUri(uri);
  return u ? uriUser(u) : undefined;
}
