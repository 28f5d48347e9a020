import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Deadlines and caps on the connections of an HTTP(S) server, so that idle or
 * slow clients cannot hold its file descriptors (issue 14: 20,000 idle
 * connections stopped HTTPS accepting; Node's defaults held a silent TLS
 * connection 120 s, slow headers 79 s, a slow body 319 s).
 *
 *   TCP accepted ─▶ over the total or the source's cap? ── yes ─▶ closed at once
 *        │ TLS handshake within handshakeMs, else closed
 *        ▼
 *   headers within headersMs, the whole request within requestMs (else 408 and closed)
 *        │ answered
 *        ▼
 *   idle keep-alive: the next request within keepAliveMs, else closed
 *
 * A connection that never sends a complete request is gone after at most
 * handshakeMs + headersMs. An upgraded connection (SIP over WebSocket at /sip)
 * leaves HTTP's deadlines to its owner but still counts against the caps.
 */
export interface ConnectionLimits {
  /** The TLS handshake must finish within this (Node's default: 120 s). */
  handshakeMs: number;
  /** The whole header block must arrive within this. */
  headersMs: number;
  /** The whole request, body included. */
  requestMs: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveMs: number;
  /** How often Node checks the header and request deadlines (its default, 30 s, would stretch them by as much). */
  checkEveryMs: number;
  /** Open connections in all. */
  maxConnections: number;
  /** Open connections from one address. */
  maxPerSource: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  handshakeMs: 10_000,
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
  maxConnections: Math.min(8_000, Math.floor(openFileLimit() / 2)),
  maxPerSource: 1_000,
};

/** The server options that carry the deadlines (for createServer). */
export function deadlineOptions(l: ConnectionLimits) {
  return {
    handshakeTimeout: l.handshakeMs,
    headersTimeout: l.headersMs,
    requestTimeout: l.requestMs,
    keepAliveTimeout: l.keepAliveMs,
    connectionsCheckingInterval: l.checkEveryMs,
  };
}

/** Apply the caps to a server: over the total Node drops the connection; over a source's, it is closed at once. */
export function capConnections(server: Server, l: ConnectionLimits): void {
  server.maxConnections = l.maxConnections;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const source = socket.remoteAddress ?? 'unknown';
    const n = (open.get(source) ?? 0) + 1;
    if (n > l.maxPerSource) {
      socket.destroy();
      return;
    }
    open.set(source, n);
    socket.once('close', () => {
      const left = (open.get(source) ?? 1) - 1;
      if (left === 0) open.delete(source);
      else open.set(source, left);
    });
  });
}

/** Half the soft limit on open files leaves room for everything else (Linux; elsewhere a common default). */
function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) && soft > 0 ? soft : 16_384;
  } catch {
    return 16_384;
  }
}
