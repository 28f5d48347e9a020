import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { type ConnectionCaps, capConnections, defaultCaps } from './connection-caps.ts';

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Socket-level deadlines against slow clients (slowloris and kin). */
export interface Deadlines {
  /** The TLS handshake must finish within this (Node's default, 120 s, let idle clients hold sockets). */
  handshakeMs: number;
  /** The whole header block must arrive within this. */
  headersMs: number;
  /** The whole request, body included. */
  requestMs: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveMs: number;
  /** How often Node checks the first two (its default, 30 s, would stretch them by as much). */
  checkEveryMs: number;
}

export const defaultDeadlines: Deadlines = {
  handshakeMs: 10_000,
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

/**
 * Serve the app over HTTPS (or, for the redirect-only listener, HTTP), with deadlines on every
 * connection and caps on their number. A connection that never sends a complete request is closed
 * after at most handshakeMs + headersMs (20 s by default).
 */
export async function listen(
  app: Hono<AppEnv>,
  o: {
    host: string;
    port: number;
    tls?: { key: string; cert: string };
    deadlines?: Partial<Deadlines>;
    caps?: Partial<ConnectionCaps>;
  },
): Promise<Listening> {
  const listener = getRequestListener(app.fetch);
  const d = { ...defaultDeadlines, ...o.deadlines };
  const limits = {
    handshakeTimeout: d.handshakeMs,
    headersTimeout: d.headersMs,
    requestTimeout: d.requestMs,
    keepAliveTimeout: d.keepAliveMs,
    connectionsCheckingInterval: d.checkEveryMs,
  };
  const server: Server = o.tls
    ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert, minVersion: 'TLSv1.2', ...limits }, listener)
    : createHttpServer(limits, listener);
  capConnections(server, {
    maxConnections: o.caps?.maxConnections ?? defaultCaps.maxConnections,
    maxPerSource: o.caps?.maxPerSource ?? defaultCaps.maxPerSource,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    server,
    port,
    url: `${o.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
