import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export type NodeEnv = { Bindings: Partial<HttpBindings> };

/**
 * The peer's address as the socket sees it. X-Forwarded-For is ignored on
 * purpose: anyone can send it. Behind a reverse proxy, take the address the
 * proxy adds, and only from the proxy.
 */
export function clientAddress<E extends NodeEnv>(c: Context<E>): string {
  const raw = c.env?.incoming?.socket?.remoteAddress;
  if (!raw) return 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw; // IPv4 seen through an IPv6 socket
}
