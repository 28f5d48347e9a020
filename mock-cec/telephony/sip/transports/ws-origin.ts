/**
 * Which web pages may open SIP over WebSocket (checked at the upgrade). A
 * browser sends the page's `Origin` with every WebSocket handshake (RFC 6455
 * §4.1, §10.2) and lets any page connect anywhere: without this check, a page
 * on another site could guess softphone passwords from a visitor's browser.
 *
 * Allowed: the listed origins (the simulator's own, every tenant's
 * `callback.allowedOrigins`, `--sip-ws-origin`), and pages served from this
 * machine's loopback (127.0.0.1, localhost, ::1, any port: the developer's own
 * tools and test pages) [choice]. A handshake with no Origin is not from a
 * browser (sipp, JsSIP in Node): allowed, as no visitor is at stake.
 */
export interface OriginPolicy {
  /** Exact origins, e.g. "https://127.0.0.1:8043". */
  origins(): Iterable<string>;
  /** Also any origin on a loopback host (default true). */
  loopback?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function originAllowed(origin: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed or file page) and anything unreadable
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if ((policy.loopback ?? true) && LOOPBACK.has(url.hostname)) return true;
  for (const allowed of policy.origins()) if (allowed === url.origin) return true;
  return false;
}
