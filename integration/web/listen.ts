import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Serve the app over HTTPS (or, for the redirect-only listener, HTTP), with the
 * socket-level limits that keep slow or idle clients from holding connections:
 * whole headers within 10 s, a whole request within 15 s, idle keep-alive
 * connections closed after 5 s.
 */
export async function listen(
  app: Hono<AppEnv>,
  o: { host: string; port: number; tls?: { key: string; cert: string } },
): Promise<Listening> {
  const listener = getRequestListener(app.fetch);
  const server: Server = o.tls
    ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert, minVersion: 'TLSv1.2' }, listener)
    : createHttpServer(listener);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
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
