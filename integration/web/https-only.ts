import type { TLSSocket } from 'node:tls';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * HTTPS only (the vendor requires it of the verification API, and WebRTC of
 * the page). A request that did not arrive over TLS is redirected when it is a
 * page view (GET/HEAD), and refused otherwise: its body — a password, a token —
 * has already crossed in clear, and must not be processed.
 *
 * "Over TLS" is the socket's word when there is a socket: an absolute
 * `https://` request target on a plain connection does not count.
 */
export function httpsOnly(httpsPort: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const socket = c.env?.incoming?.socket as TLSSocket | undefined;
    const url = new URL(c.req.url);
    const secure = socket ? socket.encrypted === true : url.protocol === 'https:';
    if (secure) return next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      url.protocol = 'https:';
      url.port = httpsPort === 443 ? '' : String(httpsPort);
      return c.redirect(url.toString(), 308);
    }
    return c.text('HTTPS only: this request was sent in clear and was not processed.\n', 403);
  };
}
