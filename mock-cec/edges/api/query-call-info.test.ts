import { describe, expect, it } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { tokenText } from '../../testing/test-app.ts';

const PATH = '/apiaccess/rest/workbench/v1/queryCallInfoByCallId';

describe('QueryCallInfoByCallId (the workbench group)', () => {
  async function setUp() {
    const g = gatewayTestApp();
    const placed = await g.request('/__mock/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: g.tenant.id, from: '13900001111', to: '10086', callData: 'acct=4711' }),
    });
    const call = (await placed.json()) as { id: string };
    const token = await tokenText(g);
    const ask = (body: unknown, headers: Record<string, string> = {}) =>
      g.request(PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          Authorization: `Bearer ${token}`,
          'X-APP-Key': g.tenant.config.app.appKey,
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const good = {
      callId: call.id,
      userId: 'crm',
      tenantId: g.tenant.config.tenantSpaceId,
      agentId: String(g.agents[0]!.workNo),
    };
    return { g, call, ask, good };
  }

  it("answers the call's numbers (as JSON numbers), skill and call data", async () => {
    const { call, ask, good } = await setUp();
    const res = await ask(good);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      caller: 13_900_001_111,
      called: 10_086,
      mediaAbility: 1,
      calldata: 'acct=4711',
      callId: call.id,
      callSkillId: 1,
      callSkill: 'General',
      callType: 0,
    });
  });

  it('refuses a missing field, another tenant space or agent (400), an unknown call (404), a bad token (401)', async () => {
    const { ask, good } = await setUp();
    expect((await ask({ ...good, userId: undefined })).status).toBe(400);
    expect((await ask([good])).status).toBe(400);
    expect((await ask({ ...good, tenantId: '1' })).status).toBe(400);
    expect((await ask({ ...good, agentId: '99999' })).status).toBe(400);
    expect((await ask({ ...good, callId: '1-999' })).status).toBe(404);
    const res = await ask(good, { Authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error_code: 'CEC.0401' });
  });
});
