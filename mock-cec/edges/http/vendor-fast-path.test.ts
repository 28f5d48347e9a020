import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../infrastructure/state/simulator.ts';
import type { RouteDef } from '../api/route.ts';
import { jsonResponse } from '../api/route.ts';
import { httpError } from '../api/vendor-errors.ts';
import { createApp } from './create-app.ts';
import { type Listening, listen } from './listen.ts';
import { MAX_BODY_BYTES, vendorFastPath } from './vendor-fast-path.ts';

const group = { name: 'test', error: httpError };
let aborted = 0;
let waiting = 0;
const routes: RouteDef[] = [
  {
    api: 'Echo',
    group,
    method: 'POST',
    paths: ['/echo/:id'],
    summary: 'echo',
    handle: (req) =>
      jsonResponse(200, {
        id: req.params.id,
        q: req.query.get('q'),
        body: ((r) => (r.ok ? r.value : undefined))(req.jsonObject()),
        h: req.header('X-Test'),
      }),
  },
  {
    api: 'Cookies',
    group,
    method: 'GET',
    paths: ['/cookies'],
    summary: 'cookies',
    handle: () => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'ok',
      cookies: ['a=1; Secure', 'b=2; HttpOnly'],
    }),
  },
  {
    api: 'Preflight',
    group,
    method: 'OPTIONS',
    paths: ['/cookies'],
    summary: 'cors',
    handle: () => ({ status: 204, headers: { 'access-control-allow-origin': '*' }, body: '' }),
  },
  {
    api: 'Wait',
    group,
    method: 'GET',
    paths: ['/wait'],
    summary: 'waits until the client goes away',
    handle: (req) =>
      new Promise((resolve) => {
        waiting++;
        req.signal?.addEventListener('abort', () => {
          aborted++;
          resolve(jsonResponse(200, {}));
        });
      }),
  },
  {
    api: 'Bug',
    group,
    method: 'GET',
    paths: ['/bug'],
    summary: 'throws',
    handle: () => {
      throw new Error('secret detail');
    },
  },
];

describe('vendorFastPath on a real socket', () => {
  const sim = new Simulator({ realTimers: false });
  let server: Listening;
  beforeAll(async () => {
    server = await listen(createApp(sim), {
      host: '127.0.0.1',
      port: 0,
      before: vendorFastPath(routes, sim),
    });
  });
  afterAll(() => server.close());

  it('passes params, query, headers and the JSON body, and journals', async () => {
    const res = await fetch(`${server.url}/echo/7?q=x`, {
      method: 'POST',
      headers: { 'X-Test': 'yes' },
      body: '{"a":1}',
    });
    expect(await res.json()).toEqual({ id: '7', q: 'x', body: { a: 1 }, h: 'yes' });
    expect(sim.journal.query({ kind: 'http' }).at(-1)).toMatchObject({
      api: 'Echo',
      status: 200,
      path: '/echo/7',
    });
  });

  it('sets every cookie and answers a 204 without a body', async () => {
    const res = await fetch(`${server.url}/cookies`);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Secure', 'b=2; HttpOnly']);
    const pre = await fetch(`${server.url}/cookies`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('content-length')).toBeNull();
  });

  it('refuses a body over the limit, also when chunked', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 10);
    expect((await fetch(`${server.url}/echo/1`, { method: 'POST', body: big })).status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = await fetch(`${server.url}/echo/1`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('aborts the request signal when the client goes away', async () => {
    const controller = new AbortController();
    const pending = fetch(`${server.url}/wait`, { signal: controller.signal }).catch(() => undefined);
    await expect.poll(() => waiting).toBe(1);
    controller.abort();
    await pending;
    await expect.poll(() => aborted).toBe(1);
  });

  it('answers a handler bug with the group 500, no detail, and keeps serving', async () => {
    const res = await fetch(`${server.url}/bug`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret detail');
    expect((await fetch(`${server.url}/cookies`)).status).toBe(200);
  });

  it('leaves other paths to Hono', async () => {
    expect((await fetch(`${server.url}/__mock/health`)).status).toBe(200);
  });
});
