import { describe, expect, it } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

const post = { method: 'POST' };

describe('control API: an agent does its part', () => {
  it('answers the call ringing the agent, then hangs it up; the journal says the control API asked', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    g.register(workNo);
    await g.signIn(workNo, { autoanswer: false });
    g.calls.honourRemoteAnswer = true;
    await g.request('/__mock/calls', { method: 'POST', body: JSON.stringify({ tenant: g.tenant.id }) });
    g.calls.lastLeg!.ring();
    const answered = await g.request(`/__mock/tenants/${g.tenant.id}/agents/${workNo}/answer`, post);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ workNo, did: 'answer' });
    expect(g.center.agents.get(workNo)!.state).toBe('talking');

    const hungUp = await g.request(`/__mock/tenants/${g.tenant.id}/agents/${workNo}/hangup`, post);
    expect(hungUp.status).toBe(200);
    expect(g.center.agents.get(workNo)!.state).not.toBe('talking');
    const actions = g.sim.journal
      .query()
      .flatMap((e) => (e.kind === 'control' ? [`${e.action} ${e.detail}`] : []));
    expect(actions).toEqual(expect.arrayContaining([`agent.answer ${workNo}`, `agent.hangup ${workNo}`]));
  });

  it('refuses with 409 when nothing rings or there is no call, 404 for an agent not signed in', async () => {
    const g = gatewayTestApp();
    const [a, b] = g.agents;
    await g.signIn(a!.workNo);
    const base = `/__mock/tenants/${g.tenant.id}/agents`;
    const nothing = await g.request(`${base}/${a!.workNo}/answer`, post);
    expect(nothing.status).toBe(409);
    expect(((await nothing.json()) as { error: { message: string } }).error.message).toMatch(
      /no ringing call/,
    );
    expect((await g.request(`${base}/${a!.workNo}/hangup`, post)).status).toBe(409);
    expect((await g.request(`${base}/${b!.workNo}/answer`, post)).status).toBe(404);
    expect((await g.request(`/__mock/tenants/nope/agents/${a!.workNo}/hangup`, post)).status).toBe(404);
    expect((await g.request(`${base}/12/hangup`, post)).status).toBe(400);
  });
});
