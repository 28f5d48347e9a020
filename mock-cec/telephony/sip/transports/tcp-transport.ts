import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { StreamFramer } from '../core/stream-framer.ts';
import { ConnectionCount, type ConnectionLimits, defaultConnectionLimits } from './connection-limits.ts';
import { type Addresses, type Flow, type FlowSink, hostPort, peerIp, uriHost } from './flow.ts';

/**
 * SIP over TCP and over TLS (RFC 3261 §18, §26.2.1): a flow per connection;
 * the StreamFramer cuts the byte stream into messages by Content-Length. A
 * stream that cannot be framed is closed (it cannot be resynchronised); the
 * framing error reaches the sink as a message it will fail to parse, so it is
 * journaled.
 *
 * Each listener holds to its ConnectionLimits (connection-limits.ts): a
 * connection over a cap is closed at once, one that sends no complete message
 * within the deadline (the TLS handshake included) is closed then; both are
 * told to the sink (`dropped`), which journals them. On the plain TCP port, a
 * TLS ClientHello (a first byte 0x16, which no SIP message starts with) is
 * closed at once with a note naming the TLS port, rather than left to wait
 * for a message that will never come.
 */
export interface TcpTransport {
  readonly port: number;
  close(): Promise<void>;
}

export interface TcpOptions extends Addresses {
  port: number;
  sink: FlowSink;
  /** SIP over TLS with this key and certificate (PEM); plain TCP without. */
  tls?: { key: string; cert: string };
  /** The TLS listener's port, named in the note for a ClientHello on the plain port. */
  tlsPort?: () => number | undefined;
  limits?: Partial<ConnectionLimits>;
}

/** The first byte of a TLS record carrying a handshake (RFC 8446 §5.1: ContentType handshake(22)). */
const TLS_HANDSHAKE = 0x16;
/** At most one journal note a second for connections refused by a cap (an attack would flood the journal). */
const REFUSAL_NOTE_MS = 1000;

export async function listenTcp(o: TcpOptions): Promise<TcpTransport> {
  const limits = { ...defaultConnectionLimits, ...o.limits };
  const count = new ConnectionCount(limits);
  const transport = o.tls ? 'tls' : 'tcp';
  const secureContext = o.tls ? createSecureContext({ key: o.tls.key, cert: o.tls.cert }) : undefined;
  const sockets = new Set<Socket>();
  let next = 0;
  let port = 0;
  const advertise = uriHost(o.advertise);
  let lastRefusalNote = Number.NEGATIVE_INFINITY;
  let refusedSinceNote = 0;

  const flowOf = (raw: Socket, send: (data: Buffer) => boolean, close: () => void): Flow => ({
    id: `${transport === 'tls' ? 's' : 't'}${++next}`,
    transport,
    reliable: true,
    internal: false,
    local: { host: advertise, port },
    remote: hostPort(raw.remoteAddress, raw.remotePort),
    source: { ip: peerIp(raw.remoteAddress), port: raw.remotePort ?? 0 },
    send,
    close,
  });

  const refuse = (raw: Socket, why: string) => {
    raw.destroy();
    refusedSinceNote++;
    const now = performance.now();
    if (now - lastRefusalNote < REFUSAL_NOTE_MS) return;
    const more = refusedSinceNote > 1 ? ` (${refusedSinceNote} refused since the last note)` : '';
    lastRefusalNote = now;
    refusedSinceNote = 0;
    o.sink.dropped?.(
      flowOf(
        raw,
        () => false,
        () => {},
      ),
      `connection refused: ${why}${more}`,
    );
  };

  const server: Server = createServer((raw) => {
    const ip = peerIp(raw.remoteAddress);
    const refused = count.admit(ip);
    if (refused) {
      refuse(raw, refused);
      return;
    }
    sockets.add(raw);
    raw.setNoDelay(true);
    const stream: Socket = secureContext ? new TLSSocket(raw, { isServer: true, secureContext }) : raw;
    const framer = new StreamFramer();
    const flow = flowOf(
      raw,
      (data) => {
        if (stream.destroyed || !stream.writable) return false;
        stream.write(data);
        return true;
      },
      () => {
        stream.destroy();
        raw.destroy();
      },
    );
    o.sink.opened(flow);
    let closedFor: string | undefined;
    const closeFor = (why: string) => {
      if (closedFor !== undefined || stream.destroyed) return;
      closedFor = why;
      o.sink.dropped?.(flow, why);
      stream.destroy();
      raw.destroy();
    };
    // The deadline runs from the connection's opening (so through a TLS handshake) to its first complete
    // message, and again from the start of any later message to its end; not while the stream is idle.
    let deadline: NodeJS.Timeout | undefined;
    const arm = () => {
      deadline ??= setTimeout(
        () => closeFor(`no complete message within ${limits.firstMessageMs} ms`),
        limits.firstMessageMs,
      );
    };
    const disarm = () => {
      clearTimeout(deadline);
      deadline = undefined;
    };
    arm();
    let first = true;
    stream.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        if (!secureContext && chunk[0] === TLS_HANDSHAKE) {
          const tlsPort = o.tlsPort?.();
          closeFor(
            `a TLS handshake on the plain TCP port${tlsPort ? ` (SIP over TLS is on port ${tlsPort})` : ''}`,
          );
          return;
        }
      }
      let complete = false;
      for (const frame of framer.push(chunk)) {
        if (frame.kind === 'message') {
          complete = true;
          o.sink.received(flow, frame.bytes);
        } else if (frame.kind === 'ping') stream.write('\r\n');
        else {
          o.sink.unframeable(flow, frame.error.detail);
          stream.destroy();
          raw.destroy();
        }
      }
      if (framer.pending === 0) disarm();
      else if (complete) {
        // A message was completed and another begun: the new one gets its own deadline.
        disarm();
        arm();
      } else arm();
    });
    raw.on('close', () => {
      disarm();
      sockets.delete(raw);
      count.release(ip);
      o.sink.closed(flow);
    });
    stream.on('error', (err) => {
      o.onError?.(`${transport.toUpperCase()} connection ${flow.id} failed`, err);
      stream.destroy();
      raw.destroy();
    });
    if (stream !== raw) raw.on('error', () => raw.destroy());
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
