import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import {
  type ConnectionLimits,
  capConnections,
  deadlineOptions,
  defaultConnectionLimits,
} from './connection-limits.ts';
import { SlicedResponse } from './sliced-response.ts';

export interface ListenOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls?: { key: string; cert: string };
  /** Handlers tried before Hono; return true when they took the request. */
  before?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Deadlines and connection caps (defaultConnectionLimits for any left out). */
  limits?: Partial<ConnectionLimits>;
}

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serve a Hono app over HTTP or HTTPS and resolve once it listens. */
// biome-ignore lint/suspicious/noExplicitAny: any Hono env fits
export async function listen(app: Hono<any>, options: ListenOptions): Promise<Listening> {
  const honoListener = getRequestListener(app.fetch);
  const before = options.before;
  const listener = before
    ? (req: IncomingMessage, res: ServerResponse) => before(req, res) || void honoListener(req, res)
    : honoListener;
  const limits = { ...defaultConnectionLimits, ...options.limits };
  const deadlines = deadlineOptions(limits);
  const server: Server = options.tls
    ? createHttpsServer(
        // Big answers reach TLS in slices, so a keep-alive connection does not keep one's size (sliced-response.ts).
        { key: options.tls.key, cert: options.tls.cert, ServerResponse: SlicedResponse, ...deadlines },
        listener,
      )
    : createHttpServer(deadlines, listener);
  capConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    port,
    url: `${scheme}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
