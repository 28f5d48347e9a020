/**
 * The control API's door (issue 14, item 4). The control API can rewrite the
 * simulator (tenants, fault rules, clocks) and reads every secret of it, so
 * before any route:
 *
 * 1. `Host` must be one of the listener's own names: a page whose DNS name was
 *    rebound to this address sends its own name and gets 421 (DNS rebinding).
 * 2. With a control token (`--control-token`, MOCK_CEC_CONTROL_TOKEN), every
 *    request carries it: `Authorization: Bearer <token>`, or the cookie the
 *    console page sets when opened once as /__mock/console?token=<token>.
 * 3. Writes (not GET/HEAD/OPTIONS) must come from the same origin: a browser's
 *    `Sec-Fetch-Site` must be same-origin (or none: typed by the user), and an
 *    `Origin` must be this server's; a page elsewhere gets 403 even with a
 *    no-cors `text/plain` fetch. Tools that send neither (curl, the harness)
 *    are not browsers and pass.
 * 4. A write's body is JSON (415 otherwise) of at most 64 KiB: a larger
 *    declared length is refused at once and the connection closed, so the rest
 *    is never read; a chunked body is cut off where it passes the limit.
 */
import { timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';

export const MAX_CONTROL_BODY_BYTES = 64 * 1024;
const COOKIE = 'mock_cec_control';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ControlGuardOptions {
  /** The address the listener is bound to; a wildcard (0.0.0.0, ::) allows every local address. */
  bindHost?: string;
  /** More names it answers to (a DNS name of the machine). */
  allowedHosts?: readonly string[];
  /** When set, every control request must carry it. */
  token?: string;
}

/** Loopback names, the bound address, and (bound to a wildcard) every local interface's address. */
export function ownHostNames(o: ControlGuardOptions): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...(o.allowedHosts ?? [])]);
  const bind = o.bindHost;
  if (bind && bind !== '0.0.0.0' && bind !== '::') names.add(bind);
  else if (bind) {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(i.address);
  }
  return new Set([...names].map((n) => n.toLowerCase()));
}

/** The host name of a Host header or an origin's host: lower case, no port, IPv6 without brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** Whether a loopback address or name: the simulator is reachable from this machine only. */
export function isLoopback(bindHost: string): boolean {
  const h = bindHost.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h.startsWith('127.') || h.startsWith('::ffff:127.');
}

/** What to say, loudly, when the simulator listens beyond this machine (undefined: it does not). */
export function exposureWarning(bindHost: string, tokenSet: boolean): string | undefined {
  if (isLoopback(bindHost)) return undefined;
  const lines = [
    `WARNING: listening on ${bindHost}, reachable from other machines. The control API (/__mock/) can`,
    'rewrite the simulator and shows every secret of it (app secrets, SIP passwords), and the development',
    'certificates are for this machine only.',
  ];
  lines.push(
    tokenSet
      ? 'The control API wants its token (Authorization: Bearer …; the console: /__mock/console?token=…).'
      : 'Anyone who can reach it controls it: set --control-token (or MOCK_CEC_CONTROL_TOKEN) to require a token.',
  );
  return lines.map((l) => `mock-cec: ${l}`).join('\n');
}

const refuse = (c: Context, status: 401 | 403 | 413 | 415 | 421, code: string, message: string) =>
  c.json({ error: { code, message } }, status);

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The guard, mounted on the control API's prefix. */
export function controlGuard(o: ControlGuardOptions = {}): MiddlewareHandler {
  const names = ownHostNames(o);
  const limit = bodyLimit({
    maxSize: MAX_CONTROL_BODY_BYTES,
    onError: (c) => tooLarge(c),
  });
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!names.has(hostName(host))) {
      return refuse(c, 421, 'wrong-host', `this server does not answer to the name ${hostName(host)}`);
    }
    if (o.token !== undefined) {
      const auth = c.req.header('authorization');
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (!sameSecret(bearer, o.token) && !sameSecret(getCookie(c, COOKIE), o.token)) {
        const fromLink = c.req.query('token');
        if (c.req.method === 'GET' && c.req.path.endsWith('/console') && sameSecret(fromLink, o.token)) {
          // The console page opened with its token once: a cookie carries it from then on (and EventSource).
          setCookie(c, COOKIE, o.token, {
            httpOnly: true,
            sameSite: 'Strict',
            path: '/__mock',
            secure: new URL(c.req.url).protocol === 'https:',
          });
          return c.redirect(c.req.path, 303);
        }
        c.header('WWW-Authenticate', 'Bearer realm="mock-cec control API"');
        return refuse(c, 401, 'unauthorized', 'the control API needs its token (Authorization: Bearer …)');
      }
    }
    if (SAFE_METHODS.has(c.req.method)) return next();

    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && !sameOrigin(origin, host))
    ) {
      return refuse(c, 403, 'cross-site', 'the control API takes writes from its own origin only');
    }
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > MAX_CONTROL_BODY_BYTES) return tooLarge(c);
    const hasBody =
      (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !isJson(c.req.header('content-type'))) {
      return refuse(
        c,
        415,
        'not-json',
        'the control API takes JSON bodies only (Content-Type: application/json)',
      );
    }
    return hasBody ? limit(c, next) : next();
  };
}

function tooLarge(c: Context) {
  // Close the connection: Node would otherwise read (and drop) the rest of the body to reuse it.
  c.header('Connection', 'close');
  return refuse(c, 413, 'too-large', `the request body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`);
}

function isJson(type: string | undefined): boolean {
  const media = type?.split(';')[0]?.trim().toLowerCase();
  return (
    media === 'application/json' || (media?.startsWith('application/') === true && media.endsWith('+json'))
  );
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false; // "null" (a sandboxed or file page) and anything unparsable
  }
}
