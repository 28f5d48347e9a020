import { createSocket, type Socket } from 'node:dgram';
import { OldestFirst } from '../../core/oldest-first.ts';
import { type Addresses, type Flow, type FlowSink, hostPort } from './flow.ts';

/**
 * SIP over UDP (RFC 3261 §18): one socket; a flow per peer address, so that
 * requests for a binding go back to where its REGISTER came from (symmetric
 * response routing, RFC 3581). Peers are forgotten oldest first past
 * `maxPeers`; UDP flows never close.
 */
export interface UdpTransport {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenUdp(
  o: Addresses & { port: number; sink: FlowSink; maxPeers?: number },
): Promise<UdpTransport> {
  const family = o.bind.includes(':') ? 6 : 4;
  const socket: Socket = createSocket({
    type: family === 6 ? 'udp6' : 'udp4',
    // We only ever send to the address a datagram came from, an IP literal: no dns.lookup (and its nextTick) per send.
    lookup: (address, _options, callback) => callback(null, address, family),
  });
  const peers = new Map<string, Flow>();
  const oldestPeer = new OldestFirst(peers);
  const maxPeers = o.maxPeers ?? 50_000;
  let next = 0;
  let port = 0;

  socket.on('message', (data, rinfo) => {
    const remote = hostPort(rinfo.address, rinfo.port);
    let flow = peers.get(remote);
    if (!flow) {
      if (peers.size >= maxPeers) {
        const oldest = oldestPeer.next();
        if (oldest !== undefined) peers.delete(oldest);
      }
      flow = {
        id: `u${++next}`,
        transport: 'udp',
        reliable: false,
        internal: false,
        local: { host: o.advertise, port },
        remote,
        send: (bytes) => socket.send(bytes, rinfo.port, rinfo.address),
        close: () => {},
      };
      peers.set(remote, flow);
      o.sink.opened(flow);
    }
    o.sink.received(flow, data);
  });
  // A datagram we could not send (ICMP port unreachable…) is worth a log line, not a crash.
  socket.on('error', (err) => o.onError?.('UDP socket error', err));

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.port, o.bind, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  port = socket.address().port;
  // Large receive buffer: a burst of REGISTERs from sipp must not overflow it.
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // Some systems cap it; the default still works.
  }
  return {
    port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
