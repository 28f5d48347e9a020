import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from './start-mock-cec.ts';

describe('startMockCec over real HTTPS', () => {
  let cec: MockCec;
  let dir: string;
  let dispatcher: Agent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-'));
    cec = await startMockCec({ port: 0, certDir: dir, seed: 3 });
    dispatcher = new Agent({ connect: { ca: cec.cert!.ca } });
  });

  afterAll(async () => {
    await cec.close();
    await dispatcher.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a certificate its CA vouches for', async () => {
    expect(cec.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${cec.url}/__mock/health`, { dispatcher });
    expect(res.status).toBe(200);
  });

  it('gets a token and the agent list like a vendor client would', async () => {
    const tenant = cec.sim.tenants()[0]!;
    const tokenRes = await fetch(`${cec.url}/apigovernance/api/oauth/tokenByAkSk`, {
      dispatcher,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Token-Expire': '600' },
      body: JSON.stringify({ app_key: tenant.config.app.appKey, app_secret: tenant.config.app.appSecret }),
    });
    const { AccessToken } = (await tokenRes.json()) as { AccessToken: string };
    const agents = await fetch(`${cec.url}/apiaccess/CC-Management/v1/queryAgentInfo`, {
      dispatcher,
      headers: { Authorization: `Bearer ${AccessToken}`, 'X-APP-Key': tenant.config.app.appKey },
    });
    expect(agents.status).toBe(200);
    expect(((await agents.json()) as { agents: unknown[] }).agents).toHaveLength(5);
  });

  it('cannot loop when the token callback points back at its own ccbarclient.js: the callback has no Origin', async () => {
    const tenant = cec.sim.tenants()[0]!;
    const caFile = join(dir, 'loop-ca.pem');
    await writeFile(caFile, cec.cert!.ca);
    const path = '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js';
    const saved = tenant.config.callback;
    tenant.config.callback = { ...saved, url: `${cec.url}${path}`, caFile };
    try {
      const res = await fetch(`${cec.url}${path}`, {
        dispatcher,
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=UTF-8', origin: 'https://127.0.0.1:18443' },
        body: JSON.stringify({
          access_token: 'tok',
          tenantSpaceId: tenant.id,
          userAccount: tenant.config.agents[0]!.accountCode,
        }),
      });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('thridParty validate failed and the errorMessage is null');
      // Two loads in all: the page's, and the callback that came back, refused at once for its missing Origin.
      const loads = cec.sim.journal
        .query({ tenant: tenant.id, kind: 'http' })
        .filter((e) => e.kind === 'http' && e.api === 'ccbarclient');
      expect(loads.map((e) => (e.kind === 'http' ? e.note : ''))).toEqual([
        'no Origin header',
        expect.stringMatching(/^token callback: /),
      ]);
    } finally {
      tenant.config.callback = saved;
    }
  });

  it('drops the connection on a drop fault and keeps serving', async () => {
    const rule = cec.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'drop' } });
    await expect(
      fetch(`${cec.url}/apigovernance/api/oauth/tokenByAkSk`, {
        dispatcher,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ).rejects.toThrow();
    cec.sim.faults.remove(rule.id);
    expect((await fetch(`${cec.url}/__mock/health`, { dispatcher })).status).toBe(200);
  });

  it('reuses the certificate on the next start', async () => {
    const again = await startMockCec({ port: 0, certDir: dir, seed: 4 });
    try {
      expect(again.cert!.cert).toBe(cec.cert!.cert);
    } finally {
      await again.close();
    }
  });
});
