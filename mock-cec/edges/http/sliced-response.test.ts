import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Hono } from 'hono';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCert, ensureDevCert } from './dev-cert.ts';
import { listen } from './listen.ts';
import { SLICE } from './sliced-response.ts';

const BIG = 200_000;
const text = 'abcdefghij'.repeat(BIG / 10);
const bytes = Uint8Array.from({ length: BIG }, (_, i) => i % 251);

/** Chunks of a streamed answer: big, small, big (each must come out whole and in order). */
const parts = ['a'.repeat(40_000), 'small', 'b'.repeat(90_000)];

const app = new Hono()
  // A header set after the handler makes Hono's node server write the body with write() and then end().
  .use('/guarded/*', async (c, next) => {
    await next();
    c.res.headers.set('x-guarded', 'yes');
  })
  .get('/guarded/text', (c) => c.text(text))
  .get(
    '/stream',
    () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
            controller.close();
          },
        }),
      ),
  )
  .get('/text', (c) => c.text(text))
  .get('/bytes', (c) => c.body(bytes))
  .get('/small', (c) => c.text('ok'))
  .get('/huge', (c) => c.text('z'.repeat(8_000_000)));

/**
 * The largest single write each TLS connection of `server` is handed: what
 * Node's TLS keeps a buffer of for the connection's life. (Under a cork the
 * HTTP layer hands several chunks as one writev, which TLS encrypts as one.)
 */
function largestWrites(server: Server): number[] {
  const largest: number[] = [];
  server.on('secureConnection', (socket: TLSSocket) => {
    const i = largest.push(0) - 1;
    const s = socket as TLSSocket & {
      _writeGeneric(writev: boolean, data: unknown, encoding: string, cb: unknown): unknown;
    };
    const write = s._writeGeneric;
    s._writeGeneric = function (writev, data, encoding, cb) {
      const size = writev
        ? (data as { chunk: Buffer | string }[]).reduce((n, d) => n + Buffer.byteLength(d.chunk), 0)
        : Buffer.byteLength(data as Buffer | string);
      largest[i] = Math.max(largest[i]!, size);
      return write.call(this, writev, data, encoding, cb);
    };
  });
  return largest;
}

describe('big answers reach TLS in slices (issue 14: memory flat under the soak)', () => {
  let dir: string;
  let cert: DevCert;
  let agent: Agent;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-sliced-'));
    cert = await ensureDevCert(dir);
    agent = new Agent({ connect: { ca: cert.ca }, connections: 1 });
  });
  afterAll(async () => {
    await agent.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a plain Node server hands TLS a big answer in one write (what the slices avoid)', async () => {
    const server = createHttpsServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.end(text));
    const largest = largestWrites(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await request(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        dispatcher: agent,
      });
      expect((await res.body.text()).length).toBe(BIG);
      expect(Math.max(...largest)).toBeGreaterThanOrEqual(BIG);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('answers whole, with their Content-Length, in writes of a slice each; small answers as before', async () => {
    const l = await listen(app, { host: '127.0.0.1', port: 0, tls: cert });
    const largest = largestWrites(l.server);
    try {
      const t = await request(`${l.url}/text`, { dispatcher: agent });
      expect(t.headers['content-length']).toBe(String(BIG));
      expect(await t.body.text()).toBe(text);
      const b = await request(`${l.url}/bytes`, { dispatcher: agent });
      expect(b.headers['content-length']).toBe(String(BIG));
      expect(new Uint8Array(await b.body.arrayBuffer())).toEqual(bytes);
      const s = await request(`${l.url}/small`, { dispatcher: agent });
      expect(await s.body.text()).toBe('ok');
      const h = await request(`${l.url}/text`, { dispatcher: agent, method: 'HEAD' });
      expect(h.statusCode).toBe(200);
      expect(await h.body.text()).toBe('');
      // One connection carried them all: no write bigger than a slice and the head before it.
      expect(largest.length).toBe(1);
      expect(largest[0]).toBeGreaterThan(SLICE / 2);
      expect(largest[0]).toBeLessThan(SLICE + 1024);
    } finally {
      await l.close();
    }
  });

  it('slices what is written before the end too, in order: a changed response, a stream', async () => {
    const l = await listen(app, { host: '127.0.0.1', port: 0, tls: cert });
    const largest = largestWrites(l.server);
    try {
      const g = await request(`${l.url}/guarded/text`, { dispatcher: agent });
      expect(g.headers['x-guarded']).toBe('yes');
      expect(g.headers['content-length']).toBe(String(BIG));
      expect(await g.body.text()).toBe(text);
      const st = await request(`${l.url}/stream`, { dispatcher: agent });
      expect(await st.body.text()).toBe(parts.join(''));
      expect(largest.length).toBe(1);
      expect(largest[0]).toBeLessThan(SLICE + 1024);
    } finally {
      await l.close();
    }
  });

  it('stops writing when the client goes away mid-answer, and serves the next one', async () => {
    const l = await listen(app, { host: '127.0.0.1', port: 0, tls: cert });
    const quitter = new Agent({ connect: { ca: cert.ca } });
    try {
      const res = await request(`${l.url}/huge`, { dispatcher: quitter });
      for await (const _ of res.body) break; // the first bytes, then gone
      await quitter.destroy();
      const s = await request(`${l.url}/small`, { dispatcher: agent });
      expect(await s.body.text()).toBe('ok');
    } finally {
      await l.close();
    }
  });
});
