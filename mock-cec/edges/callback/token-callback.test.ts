import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../testing/test-app.ts';
import { type DevCert, ensureDevCert } from '../http/dev-cert.ts';
import { verifyToken } from './token-callback.ts';

/** The third party's verification API, answering as each path says. */
function thirdParty(cert: DevCert) {
  const seen: { path: string; body: unknown; headers: string[] }[] = [];
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        body: JSON.parse(text),
        headers: Object.keys(req.headers).sort(),
      });
      const answers: Record<string, [number, string] | undefined> = {
        '/ok': [200, '{"retCode":0,"message":"validate success"}'],
        '/refuse': [200, '{"retCode":1,"message":"token expired"}'],
        '/string': [200, '{"retCode":"0"}'],
        '/html': [200, '<html>login</html>'],
        '/error': [503, 'busy'],
      };
      const answer = answers[req.url ?? ''];
      if (!answer) return; // /hang: never answers
      res.writeHead(answer[0], { 'content-type': 'application/json' }).end(answer[1]);
    });
  });
  return { server, seen };
}

describe('the token callback over real HTTPS', () => {
  let dir: string;
  let cert: DevCert;
  let api: ReturnType<typeof thirdParty>;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-callback-'));
    cert = await ensureDevCert(dir);
    api = thirdParty(cert);
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    api.server.closeAllConnections();
    await new Promise((r) => api.server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  function verify(path: string, callback: { caFile?: string; timeoutMs?: number; url?: string } = {}) {
    const t = testApp(1, (c) => ({
      ...c,
      callback: { ...c.callback, url: `${base}${path}`, caFile: cert.caFile, timeoutMs: 2000, ...callback },
    }));
    const body = { access_token: 'tok', tenantSpaceId: t.tenant.id, userAccount: 'alice' };
    return verifyToken(t.sim, t.tenant, body, 'c1').then((verdict) => ({
      verdict,
      journal: t.sim.journal.query({ kind: 'callback' }),
    }));
  }

  it('posts the vendor body with no simulator headers and accepts retCode 0', async () => {
    const { verdict, journal } = await verify('/ok');
    expect(verdict.ok).toBe(true);
    expect(api.seen.at(-1)).toMatchObject({
      path: '/ok',
      body: { access_token: 'tok', userAccount: 'alice' },
    });
    // Only what a plain HTTP client sends: no simulator marker, no browser fetch headers (sec-fetch-mode…).
    expect(api.seen.at(-1)!.headers).toEqual(['connection', 'content-length', 'content-type', 'host']);
    expect(journal).toEqual([
      expect.objectContaining({
        outcome: 'accepted',
        retCode: 0,
        reason: 'alice: retCode 0: validate success',
      }),
    ]);
  });

  it('journals a refusal, a string retCode, non-JSON and an error status with their reasons', async () => {
    const cases: [string, string, string][] = [
      ['/refuse', 'refused', 'retCode 1: token expired'],
      ['/string', 'failed', 'retCode is the string "0"; it must be the integer 0'],
      ['/html', 'failed', 'the answer is not JSON'],
      ['/error', 'failed', 'HTTP 503 from the verification API'],
    ];
    for (const [path, outcome, reason] of cases) {
      const { verdict, journal } = await verify(path);
      expect(verdict.ok, path).toBe(false);
      expect(journal[0], path).toMatchObject({ outcome, reason: `alice: ${reason}` });
    }
  });

  it('gives up after callback.timeoutMs', async () => {
    const { verdict } = await verify('/hang', { timeoutMs: 300 });
    expect(verdict).toMatchObject({ ok: false, outcome: 'failed', reason: 'no answer within 300 ms' });
  });

  it('counts a delay fault against callback.timeoutMs, as a slow third party', async () => {
    const slow = (ms: number, timeoutMs: number) => {
      const t = testApp(1, (c) => ({
        ...c,
        callback: { ...c.callback, url: `${base}/ok`, caFile: cert.caFile, timeoutMs },
      }));
      t.sim.faults.add({ api: 'ThirdPartyValidate', action: { do: 'delay', ms } });
      const verdict = verifyToken(
        t.sim,
        t.tenant,
        { access_token: 'a', tenantSpaceId: 'b', userAccount: 'c' },
        'c1',
      );
      // The third party's slowness is on the tenant's clock: moving it is what lets the callback go on.
      t.tenant.advance(Math.min(ms, timeoutMs));
      return verdict;
    };
    const before = api.seen.length;
    expect(await slow(600, 300)).toMatchObject({ ok: false, reason: 'no answer within 300 ms' });
    expect(api.seen.length).toBe(before);
    expect(await slow(50, 2000)).toMatchObject({ ok: true });
    expect(api.seen.length).toBe(before + 1);
  });

  it('fails TLS when the certificate is not trusted', async () => {
    const { verdict } = await verify('/ok', { caFile: undefined });
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^TLS failure .*callback\.caFile/),
    });
  });

  it('fails on a refused connection and an unreadable caFile', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await verify('/ok', { url: `https://127.0.0.1:${port}/x` })).verdict).toMatchObject({
      reason: 'connection refused',
    });
    expect((await verify('/ok', { caFile: join(dir, 'missing.pem') })).verdict).toMatchObject({
      reason: expect.stringMatching(/^cannot read callback\.caFile/),
    });
  });

  it('lets a fault rule answer for the third party', async () => {
    const t = testApp(1, (c) => ({
      ...c,
      callback: { ...c.callback, url: `${base}/ok`, caFile: cert.caFile },
    }));
    t.sim.faults.add({ api: 'ThirdPartyValidate', action: { do: 'body', body: '{"retCode":7}' } });
    const before = api.seen.length;
    const verdict = await verifyToken(
      t.sim,
      t.tenant,
      { access_token: 'a', tenantSpaceId: 'b', userAccount: 'c' },
      'c1',
    );
    expect(verdict).toMatchObject({ ok: false, outcome: 'refused', retCode: 7 });
    expect(api.seen.length).toBe(before);
    expect(t.sim.journal.query({ kind: 'fault' })).toHaveLength(1);
  });
});
