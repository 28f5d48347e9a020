import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { createCecHandlers } from './index.ts';

/** A client written only from docs/vendor/: a token, then the agent list. */
async function fetchAgents(baseUrl: string, appKey: string, appSecret: string) {
  const tokenRes = await fetch(`${baseUrl}/apigovernance/api/oauth/tokenByAkSk`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Token-Expire': '600' },
    body: JSON.stringify({ app_key: appKey, app_secret: appSecret }),
  });
  if (tokenRes.status !== 200) return { status: tokenRes.status, body: await tokenRes.json() };
  const token = (await tokenRes.json()) as Record<string, string>;
  const res = await fetch(`${baseUrl}/apiaccess/CC-Management/v1/queryAgentInfo`, {
    headers: { Authorization: `${token.ApplyType} ${token.AccessToken}`, 'X-APP-Key': appKey },
  });
  return { status: res.status, contentType: res.headers.get('content-type'), token, body: await res.json() };
}

/** The same assertions run against both implementations. */
async function expectSameBehaviour(baseUrl: string, appKey: string, appSecret: string, workNos: number[]) {
  const ok = await fetchAgents(baseUrl, appKey, appSecret);
  expect(ok.status).toBe(200);
  expect(ok.contentType).toBe('application/json;charset=UTF-8');
  expect(ok.token?.Expires).toBe('600');
  const body = ok.body as { sipServicePort: unknown; agents: { workNo: number }[] };
  expect(typeof body.sipServicePort).toBe('string');
  expect(body.agents.map((a) => a.workNo)).toEqual(workNos);
  const bad = await fetchAgents(baseUrl, appKey, 'wrong');
  expect(bad).toEqual({
    status: 401,
    body: { error_code: 'CEC.0401', error_msg: 'app_key or app_secret is incorrect' },
  });
}

describe('msw handlers and the server agree', () => {
  const mocked = createCecHandlers({ baseUrl: 'https://cec.example.com', seed: 11 });
  const msw = setupServer(...mocked.handlers);
  let real: MockCec;

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    real = await startMockCec({ tls: false, seed: 11 });
  });

  afterAll(async () => {
    msw.close();
    await real.close();
  });

  it('with msw', async () => {
    const { appKey, appSecret } = mocked.tenant.config.app;
    await expectSameBehaviour(
      'https://cec.example.com',
      appKey,
      appSecret,
      mocked.tenant.config.agents.map((a) => a.workNo),
    );
  });

  it('with the real server', async () => {
    const t = real.sim.tenants()[0]!;
    await expectSameBehaviour(
      real.url,
      t.config.app.appKey,
      t.config.app.appSecret,
      t.config.agents.map((a) => a.workNo),
    );
  });

  it('applies fault rules and journals through msw too', async () => {
    const { appKey, appSecret } = mocked.tenant.config.app;
    const rule = mocked.sim.faults.add({
      api: 'QueryAgentInfo',
      times: 1,
      action: { do: 'status', status: 500 },
    });
    const res = await fetchAgents('https://cec.example.com', appKey, appSecret);
    expect(res.status).toBe(500);
    expect(mocked.sim.faults.stats(rule.id).applied).toBe(1);
    expect(mocked.sim.journal.query({ kind: 'http' }).length).toBeGreaterThan(0);
  });

  it('turns a drop into a network error', async () => {
    mocked.sim.faults.add({ api: 'TokenByAkSk', times: 1, action: { do: 'drop' } });
    const { appKey, appSecret } = mocked.tenant.config.app;
    await expect(fetchAgents('https://cec.example.com', appKey, appSecret)).rejects.toThrow();
  });
});
