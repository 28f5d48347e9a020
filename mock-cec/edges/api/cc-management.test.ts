import { describe, expect, it } from 'vitest';
import { type TestApp, testApp, tokenText } from '../../testing/test-app.ts';

const PATH = '/apiaccess/CC-Management/v1/queryAgentInfo';

async function query(t: TestApp, headers: Record<string, string>, path = PATH) {
  return t.request(path, { headers });
}

function auth(t: TestApp, token: string) {
  return { Authorization: `Bearer ${token}`, 'X-APP-Key': t.tenant.config.app.appKey };
}

describe('QueryAgentInfo', () => {
  it('lists every agent with the exact fields and types', async () => {
    const t = testApp();
    t.sim.endpoints = { host: '127.0.0.1', sipUdpPort: 5070 };
    const res = await query(t, auth(t, await tokenText(t)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await res.json()) as {
      sipServiceIp: string;
      sipServicePort: unknown;
      agents: Record<string, unknown>[];
    };
    expect(body.sipServiceIp).toBe('127.0.0.1');
    expect(body.sipServicePort).toBe('5070');
    expect(body.agents).toHaveLength(3);
    for (const [i, a] of body.agents.entries()) {
      const agent = t.tenant.config.agents[i]!;
      expect(a).toEqual({
        workNo: agent.workNo,
        sipAccount: agent.sipAccount,
        sipPwd: agent.sipPwd,
        accountCode: agent.accountCode,
      });
      expect(typeof a.workNo).toBe('number');
    }
  });

  it('sends sipServicePort as a number when the tenant asks for it', async () => {
    const t = testApp(1, (c) => ({ ...c, sip: { ...c.sip, servicePort: 5060, portAsNumber: true } }));
    const body = (await (await query(t, auth(t, await tokenText(t)))).json()) as { sipServicePort: unknown };
    expect(body.sipServicePort).toBe(5060);
  });

  it('answers the misspelled CC-Mangemant path too', async () => {
    const t = testApp();
    const res = await query(t, auth(t, await tokenText(t)), '/apiaccess/CC-Mangemant/v1/queryAgentInfo');
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'no Authorization',
      (t: TestApp, _tok: string) => ({ 'X-APP-Key': t.tenant.config.app.appKey }),
      'The Authorization header is missing',
    ],
    [
      'Bearer without the space',
      (t: TestApp, tok: string) => ({
        Authorization: `Bearer${tok}`,
        'X-APP-Key': t.tenant.config.app.appKey,
      }),
      'The Authorization header must be "Bearer <AccessToken>"',
    ],
    [
      'a lowercase scheme',
      (t: TestApp, tok: string) => ({
        Authorization: `bearer ${tok}`,
        'X-APP-Key': t.tenant.config.app.appKey,
      }),
      'The Authorization header must be "Bearer <AccessToken>"',
    ],
    [
      'an unknown token',
      (t: TestApp) => ({ Authorization: 'Bearer 1234', 'X-APP-Key': t.tenant.config.app.appKey }),
      'The access token is invalid',
    ],
    [
      'no X-APP-Key',
      (_t: TestApp, tok: string) => ({ Authorization: `Bearer ${tok}` }),
      'The X-APP-Key header is missing',
    ],
    [
      'an unknown X-APP-Key',
      (_t: TestApp, tok: string) => ({ Authorization: `Bearer ${tok}`, 'X-APP-Key': 'nobody' }),
      'The access token is invalid',
    ],
  ])('answers 401 for %s', async (_name, headers, message) => {
    const t = testApp();
    const res = await query(t, headers(t, await tokenText(t)));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error_code: 'CEC.0401', error_msg: message });
  });

  it('answers 401 once the token has expired, on the tenant clock', async () => {
    const t = testApp();
    const token = await tokenText(t);
    t.clock.advance(599_000);
    expect((await query(t, auth(t, token))).status).toBe(200);
    t.clock.advance(1_000);
    const res = await query(t, auth(t, token));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_msg: string }).error_msg).toBe('The access token has expired');
  });

  it("refuses another tenant's token", async () => {
    const t = testApp(1);
    const { seedTenant } = await import('../../infrastructure/config/seed-tenant.ts');
    const other = t.sim.addTenant(seedTenant(2, { agents: 1 }), 2);
    const otherRes = await t.request('/apigovernance/api/oauth/tokenByAkSk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_key: other.config.app.appKey, app_secret: other.config.app.appSecret }),
    });
    const otherToken = ((await otherRes.json()) as { AccessToken: string }).AccessToken;
    const res = await query(t, auth(t, otherToken));
    expect(res.status).toBe(401);
  });

  it('answers 404 in the vendor envelope for an unknown path', async () => {
    const t = testApp();
    const res = await query(t, auth(t, await tokenText(t)), '/apiaccess/CC-Management/v1/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('CEC.0404');
  });
});

describe('QuerySysInfo', () => {
  it('answers addresses and agents with platform passwords', async () => {
    const t = testApp();
    t.sim.endpoints = { host: '127.0.0.1', httpPort: 8043, sipUdpPort: 5060 };
    const res = await query(t, auth(t, await tokenText(t)), '/apiaccess/CC-Management/v1/querySysInfo');
    const body = (await res.json()) as Record<string, unknown> & { agents: Record<string, unknown>[] };
    expect(body).toMatchObject({
      serviceIp: '127.0.0.1',
      servicePort: '8043',
      sipServiceIp: '127.0.0.1',
      sipServicePort: '5060',
    });
    // The newer per-agent fields (cec_07_0028), every one present.
    expect(Object.keys(body.agents[0]!).sort()).toEqual([
      'accountCode',
      'accountId',
      'accountName',
      'agentType',
      'ccRoleId',
      'createInCtiFlag',
      'guId',
      'id',
      'password',
      'selfPhone',
      'sipAccount',
      'sipPwd',
      'workNo',
    ]);
    const agent = t.tenant.config.agents[0]!;
    expect(body.agents[0]).toMatchObject({
      workNo: agent.workNo,
      accountCode: agent.accountCode,
      selfPhone: agent.sipAccount,
      password: agent.password.slice(0, 8),
    });
    expect(String(body.agents[0]!.password).length).toBeLessThanOrEqual(8);
  });
});

describe('X-APP-Key, mandatory or not (the vendor contradicts itself)', () => {
  it('is required by default and optional for a tenant with app.requireAppKey false', async () => {
    const strict = testApp();
    const token = await tokenText(strict);
    expect((await query(strict, { Authorization: `Bearer ${token}` })).status).toBe(401);
    const lax = testApp(1, (c) => ({ ...c, app: { ...c.app, requireAppKey: false } }));
    const laxToken = await tokenText(lax);
    const res = await query(lax, { Authorization: `Bearer ${laxToken}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agents: unknown[] }).agents).toHaveLength(3);
    expect((await query(lax, { Authorization: 'Bearer nope' })).status).toBe(401);
  });
});

describe('QueryAgentLoginParams', () => {
  const PATH_LP = '/apiaccess/CC-Management/v1/queryAgentLoginParams';
  const post = async (t: TestApp, body: unknown) =>
    t.request(PATH_LP, {
      method: 'POST',
      headers: { ...auth(t, await tokenText(t)), 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it("answers an agent's parameters, every value a string", async () => {
    const t = testApp();
    t.sim.endpoints = { host: '127.0.0.1', httpPort: 8043, sipUdpPort: 5060 };
    const agent = t.tenant.config.agents[0]!;
    const res = await post(t, { account: agent.accountCode, password: agent.password });
    const body = (await res.json()) as {
      returnCode: string;
      results: Record<string, unknown> & { sipServerInfo: Record<string, string>[] };
    };
    expect(body.returnCode).toBe('0');
    expect(body.results).toMatchObject({
      workNo: String(agent.workNo),
      sipAccount: agent.sipAccount,
      sipPwd: agent.sipPwd,
    });
    expect(body.results.sipServerInfo.map((s) => s.type)).toEqual(['0', '1']);
    expect(body.results.sipServerInfo[0]).toEqual({
      sipServiceIp: '127.0.0.1',
      sipServicePort: '5060',
      node: '1',
      type: '0',
    });
  });

  it('answers returnCode "1" for a wrong password, 400 for a bad body', async () => {
    const t = testApp();
    const agent = t.tenant.config.agents[0]!;
    const wrong = (await (await post(t, { account: agent.accountCode, password: 'x' })).json()) as {
      returnCode: string;
    };
    expect(wrong.returnCode).toBe('1');
    expect((await post(t, '{oops')).status).toBe(400);
    expect((await post(t, { account: 1 })).status).toBe(400);
  });
});
