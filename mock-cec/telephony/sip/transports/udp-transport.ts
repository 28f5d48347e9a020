import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { type Addresses, type Flow, type FlowSink, peerIp, uriHost } from './flow.ts';
import { UdpPeers } from './udp-peers.ts';

/**
 * SIP over UDP (RFC 3261 §18): one socket; a flow per peer address, so that
 * requests for a binding go back to where its REGISTER came from (symmetric
 * response routing, RFC 3581). Peers are forgotten oldest first past
 * `maxPeers`; UDP flows never close.
 *
 * The socket's receive queue is where an overloaded UDP server's requests
 * wait, unseen: every 25 ms a probe (a datagram to ourselves carrying the
 * time it left) joins the back of the queue, and its wait when it comes out
 * is told to the sink (`queueWait`), which decides whether to shed load.
 */
export interface UdpTransport {
  readonly port: number;
  /** The flow to an address (a registered Contact), made if no datagram came from there yet. */
  peer(ip: string, port: number): Flow;
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
  let next = 0;
  let port = 0;
  const advertise = uriHost(o.advertise);

  // Probes go to the address we are bound to (loopback for a wildcard bind).
  const self = o.bind === '0.0.0.0' ? '127.0.0.1' : o.bind === '::' ? '::1' : o.bind;
  const probe = queueProbe(
    socket,
    self,
    () => port,
    (ms) => o.sink.queueWait?.(ms),
  );
  const peers = new UdpPeers(o.maxPeers ?? 50_000, (address, peerPort, remote): Flow => {
    // A dual-stack socket (bound to ::) reaches an IPv4 Contact at its IPv4-mapped address.
    const to = family === 6 && isIPv4(address) ? `::ffff:${address}` : address;
    const flow: Flow = {
      id: `u${++next}`,
      transport: 'udp',
      reliable: false,
      internal: false,
      local: { host: advertise, port },
      remote,
      source: { ip: peerIp(address), port: peerPort },
      send: (bytes) => {
        socket.send(bytes, peerPort, to);
        return true;
      },
      close: () => {},
    };
    o.sink.opened(flow);
    return flow;
  });
  socket.on('message', (data, rinfo) => {
    if (probe.isProbe(data, rinfo.address, rinfo.port)) return;
    o.sink.received(peers.get(rinfo.address, rinfo.port), data);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.port, o.bind, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A datagram we could not send (ICMP port unreachable…) is worth a log line, not a crash.
  // (Armed once bound: a failed bind is the caller's error, not a second line in the log.)
  socket.on('error', (err) => o.onError?.('UDP socket error', err));
  port = socket.address().port;
  probe.start();
  // Large receive buffer: a burst of REGISTERs from sipp must not overflow it. (The queue it allows is
  // longer than a client's retransmission timer: the overload control keeps it short, see overload.ts.)
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // Some systems cap it; the default still works.
  }
  return {
    port,
    peer: (ip, peerPort) => peers.get(ip, peerPort),
    close: () => {
      probe.stop();
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

const PROBE_MS = 25;
/** A probe: 8 bytes no SIP message starts with (a NUL first), then the time it was sent. */
const PROBE_MARK = 0x006d632d71776169n;

/** One probe every PROBE_MS, whatever came of the last (a long queue holds several; one the kernel dropped is not missed). */
function queueProbe(socket: Socket, self: string, port: () => number, report: (waitMs: number) => void) {
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64BE(PROBE_MARK, 0);
    bytes.writeDoubleBE(performance.now(), 8);
    socket.send(bytes, port(), self);
  };
  return {
    start() {
      timer = setInterval(tick, PROBE_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
    /** A probe of ours (from our own address), which it consumes; anything else is SIP. */
    isProbe(data: Buffer, from: string, fromPort: number): boolean {
      if (data.length !== 16 || data[0] !== 0 || fromPort !== port() || from !== self) return false;
      if (data.readBigUInt64BE(0) !== PROBE_MARK) return false;
      report(performance.now() - data.readDoubleBE(8));
      return true;
    },
  };
}
