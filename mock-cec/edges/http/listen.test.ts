import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCert, ensureDevCert } from './dev-cert.ts';
import { type Listening, listen } from './listen.ts';

/** A raw TCP connection from `localAddress` (127.0.0.x are all loopback on Linux), once connected. */
function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(s));
    s.once('error', reject);
  });
}

const closed = (s: Socket) =>
  new Promise<string>((resolve) => {
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
    });
    s.on('error', () => {});
    s.once('close', () => resolve(got));
  });

/** Wait until the server has accepted `n` connections (the client's connect can precede it). */
async function accepted(l: Listening, n: number): Promise<void> {
  for (;;) {
    const count = await new Promise<number>((r, j) => l.server.getConnections((e, c) => (e ? j(e) : r(c))));
    if (count >= n) return;
    await new Promise((r) => setImmediate(r));
  }
}

const app = new Hono()
  .get('/', (c) => c.text('ok'))
  .post('/', async (c) => c.text(await c.req.text()))
  .onError((_, c) => c.text('aborted', 500)); // a body cut short by the deadline

describe('the simulator’s HTTP(S) listener (issue 14, items 2 and 8)', () => {
  let dir: string;
  let cert: DevCert;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-listen-'));
    cert = await ensureDevCert(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('closes a connection that never starts its TLS handshake', { timeout: 20_000 }, async () => {
    const l = await listen(app, { host: '127.0.0.1', port: 0, tls: cert, limits: { handshakeMs: 300 } });
    try {
      const s = await open(l.port);
      expect(await closed(s)).toBe(''); // closed by the server, nothing said
    } finally {
      await l.close();
    }
  });

  it('answers 408 to slow headers and to a slow body, on its own deadlines', {
    timeout: 20_000,
  }, async () => {
    const limits = { headersMs: 300, requestMs: 600, checkEveryMs: 50 };
    const l = await listen(app, { host: '127.0.0.1', port: 0, limits });
    try {
      const headers = await open(l.port);
      const slowHeaders = closed(headers);
      headers.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '); // and never another byte
      expect(await slowHeaders).toMatch(/^HTTP\/1\.1 408 /);

      const body = await open(l.port);
      const slowBody = closed(body);
      body.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'); // 97 bytes never come
      expect(await slowBody).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await l.close();
    }
  });

  it('caps connections per source and in total; the others stay open', { timeout: 20_000 }, async () => {
    const l = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      limits: { maxPerSource: 2, maxConnections: 3 },
    });
    try {
      const a = [await open(l.port), await open(l.port)];
      await accepted(l, 2);
      const third = await open(l.port); // the same source, over its cap
      expect(await closed(third)).toBe('');
      const other = await open(l.port, '127.0.0.2'); // another source: room in the total
      await accepted(l, 3);
      const fourth = await open(l.port, '127.0.0.3'); // over the total
      expect(await closed(fourth)).toBe('');
      for (const s of [...a, other]) expect(s.destroyed).toBe(false);
      // Once one closes, its source may connect again.
      const gone = closed(a[0]!);
      a[0]!.destroy();
      await gone;
      const again = await open(l.port);
      again.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(await closed(again)).toMatch(/^HTTP\/1\.1 200 /);
      for (const s of [a[1]!, other]) s.destroy();
    } finally {
      await l.close();
    }
  });
});
