import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Caps on a server's open connections, so that idle clients cannot use up the
 * process's file descriptors (issue 14: 20,000 idle connections stopped HTTPS
 * accepting). Over the total, Node drops the connection; over one address's
 * share, it is closed at once. (mock-cec/edges/http/connection-limits.ts does the
 * same for the simulator: the integration stands alone, it imports nothing
 * from the simulator.)
 */
export interface ConnectionCaps {
  /** Open connections in all. */
  maxConnections: number;
  /** Open connections from one address. */
  maxPerSource: number;
}

export const defaultCaps: ConnectionCaps = {
  maxConnections: Math.min(8_000, Math.floor(openFileLimit() / 2)),
  maxPerSource: 1_000,
};

export function capConnections(server: Server, caps: ConnectionCaps): void {
  server.maxConnections = caps.maxConnections;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const source = socket.remoteAddress ?? 'unknown';
    const n = (open.get(source) ?? 0) + 1;
    if (n > caps.maxPerSource) {
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

/** The soft limit on open files (Linux; elsewhere a common default). */
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
