import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockCec, type MockCecOptions, startMockCec } from '../../start-mock-cec.ts';
import { exposureWarning, hostName, isLoopback, ownHostNames } from './control-guard.ts';

let cec: MockCec | undefined;
afterEach(async () => {
  await cec?.close();
  cec = undefined;
});

async function start(o: MockCecOptions = {}): Promise<MockCec> {
  cec = await startMockCec({ tls: false, sip: false, port: 0, ...o });
  return cec;
}

/** A request through node:http, which lets a test send any Host, Origin and body. */
function send(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const fault = JSON.stringify({ api: 'TokenByAkSk', action: { do: 'status', status: 503 } });
const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('the control API’s guard (issue 14, item 4)', () => {
  it('refuses cross-site writes, even a no-cors text/plain one, and takes same-origin JSON', async () => {
    const c = await start();
    const own = `http://127.0.0.1:${c.port}`;
    const evil: Record<string, string>[] = [
      { origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8' },
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'same-site', origin: own, 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
    ];
    for (const headers of evil) {
      const res = await send(c.port, '/__mock/faults', { method: 'POST', headers, body: fault });
      expect(res.status).toBe(403);
      expect(code(res.body)).toBe('cross-site');
    }
    const cleared = await send(c.port, '/__mock/faults', {
      method: 'DELETE',
      headers: { origin: 'https://evil.example' },
    });
    expect(cleared.status).toBe(403);
    expect(c.sim.faults.list()).toEqual([]);

    // What the console sends: same-origin JSON.
    const ok = await send(c.port, '/__mock/faults', {
      method: 'POST',
      headers: { origin: own, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: fault,
    });
    expect(ok.status).toBe(201);
    expect(c.sim.faults.list()).toHaveLength(1);
  });

  it('refuses a write whose body is not JSON with 415; an empty write passes', async () => {
    const c = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await send(c.port, '/__mock/journal', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: '{"action":"x.y"}',
      });
      expect(res.status).toBe(415);
      expect(code(res.body)).toBe('not-json');
    }
    const tenant = c.sim.tenants()[0]!.id;
    expect((await send(c.port, `/__mock/tenants/${tenant}/reset`, { method: 'POST' })).status).toBe(200);
  });

  it('answers only to its own names (DNS rebinding)', async () => {
    const c = await start();
    const rebound = await send(c.port, '/__mock/tenants', {
      headers: { host: `attacker.example:${c.port}` },
    });
    expect(rebound.status).toBe(421);
    expect(code(rebound.body)).toBe('wrong-host');
    for (const host of [`127.0.0.1:${c.port}`, `localhost:${c.port}`, `[::1]:${c.port}`]) {
      expect((await send(c.port, '/__mock/tenants', { headers: { host } })).status).toBe(200);
    }
    // The vendor's APIs are not the control API's business.
    const vendor = await send(c.port, '/no-such-vendor-api', { headers: { host: 'attacker.example' } });
    expect(vendor.status).toBe(404);
  });

  it('refuses a body over 64 KiB with 413 at once, without reading it, and closes the connection', {
    timeout: 20_000,
  }, async () => {
    const c = await start();
    // 300 MiB announced, not a byte of it sent: the answer cannot wait for the body.
    const socket = connect(c.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.write(
      `POST /__mock/journal HTTP/1.1\r\nHost: 127.0.0.1:${c.port}\r\nContent-Type: application/json\r\nContent-Length: ${300 * 1024 * 1024}\r\n\r\n`,
    );
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('too-large');

    // A chunked body that passes the limit is cut off there.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: c.port,
          path: '/__mock/journal',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(`{"action":"x.y","detail":"${'x'.repeat(70 * 1024)}`);
      req.end('"}');
    });
    expect(chunked).toBe(413);
  });

  it('with a control token, wants it on every request; the console gets it once through its link', async () => {
    const c = await start({ controlToken: 'correct-horse-battery' });
    const none = await send(c.port, '/__mock/tenants');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const wrong = await send(c.port, '/__mock/tenants', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const bearer = await send(c.port, '/__mock/tenants', {
      headers: { authorization: 'Bearer correct-horse-battery' },
    });
    expect(bearer.status).toBe(200);

    expect((await send(c.port, '/__mock/console')).status).toBe(401);
    const link = await send(c.port, '/__mock/console?token=correct-horse-battery');
    expect(link.status).toBe(303);
    expect(link.headers.location).toBe('/__mock/console');
    const cookie = String(link.headers['set-cookie']).split(';')[0]!;
    expect(String(link.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(link.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
    expect((await send(c.port, '/__mock/console', { headers: { cookie } })).status).toBe(200);
    expect((await send(c.port, '/__mock/tenants', { headers: { cookie } })).status).toBe(200);
  });

  it('knows its names and what loopback is', () => {
    expect(hostName('Example.COM:8043')).toBe('example.com');
    expect(hostName('[::1]:8043')).toBe('::1');
    expect(ownHostNames({ bindHost: '192.0.2.5', allowedHosts: ['cec.lab'] })).toEqual(
      new Set(['localhost', '127.0.0.1', '::1', 'cec.lab', '192.0.2.5']),
    );
    expect(ownHostNames({ bindHost: '0.0.0.0' }).has('127.0.0.1')).toBe(true);
    expect(['127.0.0.1', '::1', 'localhost', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.0.2.5', 'cec.lab'].some(isLoopback)).toBe(false);
  });
});

describe('the warning when listening beyond loopback', () => {
  it('is silent on loopback, loud elsewhere, and says whether a token guards the control API', () => {
    expect(exposureWarning('127.0.0.1', false)).toBeUndefined();
    expect(exposureWarning('::1', false)).toBeUndefined();
    expect(exposureWarning('0.0.0.0', false)).toMatch(
      /WARNING: listening on 0\.0\.0\.0[\s\S]*--control-token/,
    );
    expect(exposureWarning('192.0.2.5', true)).toMatch(/wants its token/);
  });
});
