import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import WebSocket from 'ws';
import type { SipMessage } from '../core/message.ts';
import { parseMessage } from '../core/parse-message.ts';
import { StreamFramer } from '../core/stream-framer.ts';

/**
 * Minimal SIP clients over real sockets for tests: send text, await the next
 * message. Waiting is on events (a message arriving), never on time, except a
 * generous ceiling that turns a hang into a clear failure.
 */
export interface TestClient {
  /** LF line ends are sent as CRLF. */
  send(text: string | Buffer): void;
  next(): Promise<SipMessage>;
  /** The local port, for Via and Contact. */
  readonly port: number;
  close(): Promise<void>;
}

class Inbox {
  #queue: SipMessage[] = [];
  #waiters: ((m: SipMessage) => void)[] = [];
  push(data: Buffer): void {
    const parsed = parseMessage(data);
    if (!parsed.ok) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter(parsed.message);
    else this.#queue.push(parsed.message);
  }
  next(what: string): Promise<SipMessage> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SIP message on ${what} within 5 s`)), 5000);
      this.#waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }
}

export const crlf = (text: string | Buffer) =>
  typeof text === 'string' ? Buffer.from(text.includes('\r\n') ? text : text.replace(/\n/g, '\r\n')) : text;

export async function udpClient(port: number, host = '127.0.0.1', localPort = 0): Promise<TestClient> {
  const socket = createSocket('udp4');
  const inbox = new Inbox();
  socket.on('message', (d) => inbox.push(d));
  await new Promise<void>((r) => socket.bind(localPort, '127.0.0.1', r));
  // Room for bursts of answers (the malformed-datagram test gets thousands).
  socket.setRecvBufferSize(8 * 1024 * 1024);
  return {
    port: socket.address().port,
    send: (text) => socket.send(crlf(text), port, host),
    next: () => inbox.next('UDP'),
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

export async function tcpClient(
  port: number,
  host = '127.0.0.1',
): Promise<TestClient & { closed: Promise<void> }> {
  const socket = connect(port, host);
  const inbox = new Inbox();
  const framer = new StreamFramer();
  socket.on('data', (chunk) => {
    for (const f of framer.push(chunk)) if (f.kind === 'message') inbox.push(f.bytes);
  });
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  await new Promise<void>((r, j) => socket.once('connect', r).once('error', j));
  return {
    port: socket.localPort ?? 0,
    send: (text) => socket.write(crlf(text)),
    next: () => inbox.next('TCP'),
    closed,
    close: async () => {
      socket.destroy();
      await closed;
    },
  };
}

export async function wsClient(
  url: string,
  ca?: string,
): Promise<TestClient & { socket: WebSocket; closed: Promise<void> }> {
  const socket = new WebSocket(url, 'sip', { ca });
  const inbox = new Inbox();
  socket.on('message', (d) => inbox.push(Buffer.from(d as Buffer)));
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  await new Promise<void>((r, j) => socket.once('open', r).once('error', j));
  return {
    port: 0,
    socket,
    send: (text) => socket.send(crlf(text).toString('utf8')),
    next: () => inbox.next('WebSocket'),
    closed,
    close: async () => {
      socket.close();
      await closed;
    },
  };
}

export function statusOf(m: SipMessage): number | string {
  return m.kind === 'response' ? m.status : m.method;
}
