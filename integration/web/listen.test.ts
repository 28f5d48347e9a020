import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ensureDevCert } from '../../mock-cec/edges/http/dev-cert.ts'; // a test-only use of the simulator's CA
import type { AppEnv } from './app-env.ts';
import { listen } from './listen.ts';

describe('listen', () => {
  it('answers 408 and closes a connection whose headers never finish (slowloris)', async () => {
    const app = new Hono<AppEnv>().get('/', (c) => c.text('ok'));
    const server = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      deadlines: { headersMs: 200, requestMs: 300, keepAliveMs: 100, checkEveryMs: 50 },
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '); // and never another byte
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await server.close();
  });
});

describe('listen: idle connections and connection caps (issue 14, item 2)', () => {
  const app = new Hono<AppEnv>().get('/', (c) => c.text('ok'));
  const opened = (port: number, localAddress = '127.0.0.1') =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(s));
      s.once('error', reject);
    });
  const closedBy = (s: Socket) =>
    new Promise<string>((resolve) => {
      let got = '';
      s.on('data', (d) => {
        got += d.toString();
      });
      s.on('error', () => {});
      s.once('close', () => resolve(got));
    });

  it('closes a connection that never starts its TLS handshake', { timeout: 20_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'integration-listen-'));
    try {
      const cert = await ensureDevCert(dir);
      const server = await listen(app, {
        host: '127.0.0.1',
        port: 0,
        tls: { key: cert.key, cert: cert.cert },
        deadlines: { handshakeMs: 300 },
      });
      expect(await closedBy(await opened(server.port))).toBe('');
      await server.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses connections past its caps per source and in total', { timeout: 20_000 }, async () => {
    const server = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      caps: { maxPerSource: 1, maxConnections: 2 },
    });
    const count = () =>
      new Promise<number>((r, j) => server.server.getConnections((e, n) => (e ? j(e) : r(n))));
    const first = await opened(server.port);
    while ((await count()) < 1) await new Promise((r) => setImmediate(r));
    expect(await closedBy(await opened(server.port))).toBe(''); // same source, over its cap
    const second = await opened(server.port, '127.0.0.2');
    while ((await count()) < 2) await new Promise((r) => setImmediate(r));
    expect(await closedBy(await opened(server.port, '127.0.0.3'))).toBe(''); // over the total
    expect(first.destroyed || second.destroyed).toBe(false);
    first.destroy();
    second.destroy();
    await server.close();
  });
});
