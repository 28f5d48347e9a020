import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

/**
 * Security headers, with a Content Security Policy built for the vendor's way
 * of loading the bar (docs/vendor/ccbarclient.md): the page fetches ccbarclient.js from
 * the CEC and injects it as an *inline* script. 'unsafe-inline' would allow
 * that, and every script an attacker manages to inject along with it. Instead
 * each page carries a fresh nonce on its own scripts, and 'strict-dynamic'
 * trusts the script elements those scripts create — the bar's inline script
 * among them — while injected markup (a parser-inserted script, an inline
 * event handler, a javascript: URL) has no nonce and does not run. The
 * injector also copies the nonce onto the bar's element, for browsers that
 * know nonces but not 'strict-dynamic' (both paths are tested in Chromium).
 *
 * The CEC's origin may be framed (the bar's `ccbarclient` frame) and
 * contacted (the bar's requests); the SIP WebSocket may be contacted. Styles
 * allow 'unsafe-inline' because the bar styles its own elements; styles cannot
 * run code.
 */
export function securityHeaders(cecOrigin: string, sipWsOrigin: string): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // 'self' and the CEC are ignored by browsers that know 'strict-dynamic', and used by older ones.
      scriptSrc: [NONCE, "'strict-dynamic'", "'self'", cecOrigin],
      styleSrc: ["'self'", "'unsafe-inline'", cecOrigin],
      imgSrc: ["'self'", 'data:', cecOrigin],
      fontSrc: ["'self'", cecOrigin],
      connectSrc: ["'self'", cecOrigin, sipWsOrigin],
      frameSrc: [cecOrigin],
      mediaSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // The CEC may look at where the bar request comes from: send our origin, never our paths.
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: 'max-age=31536000',
    permissionsPolicy: { microphone: ['self'], camera: [], geolocation: [] },
  });
}
