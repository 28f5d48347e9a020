import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow, FlowSink } from './flow.ts';
import { listenTcp, type TcpTransport } from './tcp-transport.ts';

/**
 * The TCP listener's protections (issue 14): a deadline for a connection that
 * sends no complete message, caps per source and in all, and a TLS
 * ClientHello on the plain port closed at once. Each is told to the sink.
 */
let tcp: TcpTransport | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await tcp?.close();
  tcp = undefined;
});

function spySink() {
  const dropped: string[] = [];
  const received: string[] = [];
  const closed: string[] = [];
  let onDropped: (() => void) | undefined;
  const sink: FlowSink = {
    opened: () => {},
    closed: (flow: Flow) => closed.push(flow.id),
    unframeable: () => {},
    received: (_f: Flow, data: Buffer) => received.push(data.toString('latin1').split('\r\n')[0]!),
    dropped: (flow: Flow, detail: string) => {
      dropped.push(`${flow.transport} ${detail}`);
      onDropped?.();
    },
  };
  const nextDrop = () => new Promise<void>((resolve) => (onDropped = resolve));
  return { sink, dropped, received, closed, nextDrop };
}

async function open(port: number): Promise<Socket & { gone: Promise<void> }> {
  const s = connect(port, '127.0.0.1');
  sockets.push(s);
  const gone = new Promise<void>((resolve) => s.on('close', () => resolve()));
  s.on('error', () => {});
  await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
  return Object.assign(s, { gone });
}

const OPTIONS =
  'OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKx\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n' +
  'From: <sip:a@b>;tag=1\r\nTo: <sip:127.0.0.1>\r\nContent-Length: 0\r\n\r\n';

const listen = (sink: FlowSink, limits: Parameters<typeof listenTcp>[0]['limits']) =>
  listenTcp({ bind: '127.0.0.1', advertise: '127.0.0.1', port: 0, sink, limits, tlsPort: () => 5061 });

describe('TCP listener deadlines', () => {
  it('closes a connection that sends nothing once the deadline passes, and says so', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, { firstMessageMs: 300 });
    const dropped = spy.nextDrop();
    const idle = await open(tcp.port);
    await Promise.all([dropped, idle.gone]);
    expect(spy.dropped).toEqual(['tcp no complete message within 300 ms']);
  });

  it('closes a connection whose message stops half way (slow headers)', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, { firstMessageMs: 300 });
    const slow = await open(tcp.port);
    slow.write(OPTIONS.slice(0, 40));
    await slow.gone;
    expect(spy.dropped).toEqual(['tcp no complete message within 300 ms']);
  });

  it('leaves a connection idle between complete messages open (a registered phone), and times the next message', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, { firstMessageMs: 300 });
    const phone = await open(tcp.port);
    phone.write(OPTIONS);
    // Idle for twice the deadline after a complete message: what is tested is that nothing closes it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(phone.destroyed).toBe(false);
    expect(spy.received).toEqual(['OPTIONS sip:127.0.0.1 SIP/2.0']);
    phone.write(OPTIONS.slice(0, 40));
    await phone.gone;
    expect(spy.dropped).toEqual(['tcp no complete message within 300 ms']);
  });

  it('closes a TLS ClientHello on the plain port at once, naming the TLS port', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, {});
    const client = tlsConnect({ port: tcp.port, host: '127.0.0.1', rejectUnauthorized: false });
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.on('close', () => resolve()));
    expect(spy.dropped).toEqual(['tcp a TLS handshake on the plain TCP port (SIP over TLS is on port 5061)']);
  });
});

describe('TCP listener caps', () => {
  it('refuses connections past the cap from one source, and says so', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, { maxPerSource: 2 });
    const kept = [await open(tcp.port), await open(tcp.port)];
    const dropped = spy.nextDrop();
    const third = await open(tcp.port);
    await Promise.all([dropped, third.gone]);
    expect(spy.dropped).toEqual([
      'tcp connection refused: 2 connections open from 127.0.0.1, the most allowed from one address (maxPerSource)',
    ]);
    // The two within the cap still work; once one closes, a new one is let in.
    kept[0]!.end(OPTIONS);
    await kept[0]!.gone;
    await expect.poll(() => spy.closed.length).toBe(1);
    const again = await open(tcp.port);
    again.write(OPTIONS);
    await expect.poll(() => spy.received.length).toBe(2);
    expect(again.destroyed).toBe(false);
  });

  it('refuses connections past the cap in all', async () => {
    const spy = spySink();
    tcp = await listen(spy.sink, { maxConnections: 1 });
    await open(tcp.port);
    const second = await open(tcp.port);
    await second.gone;
    expect(spy.dropped).toEqual([
      'tcp connection refused: 1 connections open, the most allowed (maxConnections)',
    ]);
  });
});
