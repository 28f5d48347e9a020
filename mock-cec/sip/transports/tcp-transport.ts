import { createServer, type Server, type Socket } from 'node:net';
import { StreamFramer } from '../core/stream-framer.ts';
import { type Addresses, type Flow, type FlowSink, hostPort, peerIp, uriHost } from './flow.ts';

/**
 * SIP over TCP (RFC 3261 §18): a flow per connection; the StreamFramer cuts
 * the byte stream into messages by Content-Length. A stream that cannot be
 * framed is closed (it cannot be resynchronised); the framing error reaches
 * the sink as a message it will fail to parse, so it is journaled.
 */
export interface TcpTransport {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenTcp(o: Addresses & { port: number; sink: FlowSink }): Promise<TcpTransport> {
  const sockets = new Set<Socket>();
  let next = 0;
  let port = 0;
  const advertise = uriHost(o.advertise);
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new StreamFramer();
    const flow: Flow = {
      id: `t${++next}`,
      transport: 'tcp',
      reliable: true,
      internal: false,
      local: { host: advertise, port },
      remote: hostPort(socket.remoteAddress, socket.remotePort),
      source: { ip: peerIp(socket.remoteAddress), port: socket.remotePort ?? 0 },
      send: (data) => {
        if (socket.destroyed || !socket.writable) return false;
        socket.write(data);
        return true;
      },
      close: () => socket.destroy(),
    };
    o.sink.opened(flow);
    socket.on('data', (chunk) => {
      for (const frame of framer.push(chunk)) {
        if (frame.kind === 'message') o.sink.received(flow, frame.bytes);
        else if (frame.kind === 'ping') socket.write('\r\n');
        else {
          o.sink.unframeable(flow, frame.error.detail);
          socket.destroy();
        }
      }
    });
    socket.on('close', () => {
      sockets.delete(socket);
      o.sink.closed(flow);
    });
    socket.on('error', (err) => {
      o.onError?.(`TCP connection ${flow.id} failed`, err);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : o.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
