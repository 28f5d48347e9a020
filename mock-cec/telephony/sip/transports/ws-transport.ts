import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Flow, type FlowSink, hostPort, peerIp, uriHost } from './flow.ts';

/**
 * SIP over WebSocket (RFC 7118) on the simulator's HTTP(S) server: the
 * `upgrade` of path `/sip` (a simulator choice: the vendor's path is not
 * documented) with the `sip` subprotocol, which RFC 7118 §4.1 requires; a
 * handshake without it is refused with 400 rather than accepted
 * subprotocol-less. One WebSocket message carries one SIP message (§5), so no
 * framing is needed.
 */
export const SIP_WS_PATH = '/sip';

export interface WsTransportOptions {
  server: Server;
  /** wss (the HTTPS server) or ws (plain HTTP, tests). */
  secure: boolean;
  /** Our address in Via and Record-Route. */
  host: string;
  port: number;
  sink: FlowSink;
  onError?: (what: string, err: unknown) => void;
  /** Largest SIP message accepted (bytes). */
  maxPayload?: number;
  /** Whether a page of this Origin may connect (ws-origin.ts); default: any. */
  originAllowed?: (origin: string | undefined) => boolean;
}

export interface WsTransport {
  readonly url: string;
  close(): void;
}

export function attachWsTransport(o: WsTransportOptions): WsTransport {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: o.maxPayload ?? 65_536,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  let next = 0;
  const sockets = new Set<WebSocket>();
  const host = uriHost(o.host);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SIP_WS_PATH) {
      // Another listener may own this path; answer only when nobody else will.
      if (o.server.listenerCount('upgrade') === 1)
        refuse(socket, 404, 'Not Found', 'SIP over WebSocket is at /sip');
      return;
    }
    if (o.originAllowed && !o.originAllowed(req.headers.origin)) {
      refuse(
        socket,
        403,
        'Forbidden',
        "this page's origin may not use SIP over WebSocket here (see --sip-ws-origin)",
      );
      return;
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes('sip')) {
      refuse(socket, 400, 'Bad Request', 'the WebSocket subprotocol "sip" is required (RFC 7118)');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const flow: Flow = {
        id: `w${++next}`,
        transport: o.secure ? 'wss' : 'ws',
        reliable: true,
        internal: false,
        local: { host, port: o.port },
        remote: hostPort(req.socket.remoteAddress, req.socket.remotePort),
        source: { ip: peerIp(req.socket.remoteAddress), port: req.socket.remotePort ?? 0 },
        send: (data) => {
          if (ws.readyState !== ws.OPEN) return false;
          ws.send(data.toString('utf8'));
          return true;
        },
        close: () => ws.terminate(),
      };
      o.sink.opened(flow);
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        // A CRLFCRLF keep-alive (SIP.js, JsSIP) is answered with the CRLF pong (RFC 5626 §4.4.1).
        if (!isBinary && /^(\r\n)+$/.test(bytes.toString('latin1'))) {
          if (bytes.length >= 4 && ws.readyState === ws.OPEN) ws.send('\r\n');
          return;
        }
        o.sink.received(flow, bytes);
      });
      ws.on('close', () => {
        sockets.delete(ws);
        o.sink.closed(flow);
      });
      ws.on('error', (err) => {
        o.onError?.(`WebSocket ${flow.id} failed`, err);
        ws.terminate();
      });
    });
  };
  o.server.on('upgrade', onUpgrade);

  return {
    url: `${o.secure ? 'wss' : 'ws'}://${host}:${o.port}${SIP_WS_PATH}`,
    close() {
      o.server.off('upgrade', onUpgrade);
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: number, reason: string, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
