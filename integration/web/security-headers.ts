import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

/**
 * Security headers, with a Content Security Policy built for the vendor's way
 * of loading the bar (vendor-api.md §4): the page fetches ccbarclient.js from
 * the CEC and injects it as an *inline* script. Allowing that with
 * 'unsafe-inline' would switch off the CSP's protection against injected
 * markup; instead each page carries a fresh nonce, our own scripts bear it, and
 * the injector copies it onto the bar's script element. 'strict-dynamic' lets
 * the bar load further scripts of its own; markup injected by an attacker
 * carries no nonce and does not run.
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
