import { describe, expect, it } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';

async function placeCall(g: GatewayTestApp, skillId: number) {
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, skillId }),
  });
  return (await res.json()) as { id: string; state: string; agent: number | null };
}

/** Agents 0 (skill 1) and 1 (skills 1 and 2) signed in with registered phones; 0 is the longest idle. */
async function twoReady(g: GatewayTestApp) {
  const [a, b] = [g.agents[0]!.workNo, g.agents[1]!.workNo];
  for (const w of [a, b]) {
    g.register(w);
    await g.signIn(w);
    g.advance(1);
    g.drain(w);
  }
  return [a, b] as const;
}

describe('onlineagent: skills', () => {
  it('lists the configured skill queues as [{name, id, mediatype}]', async () => {
    const g = gatewayTestApp();
    const [, b] = await twoReady(g);
    const res = await g.call('GET', `/onlineagent/${b}/agentskills`, b);
    expect(res.body).toEqual({
      message: 'success',
      retcode: '0',
      result: [
        { name: 'General', id: 1, mediatype: 5 },
        { name: 'Billing', id: 2, mediatype: 5 },
      ],
    });
  });

  it('signs in to the skills of skillid (intersected with the configured ones): only their calls ring', async () => {
    const g = gatewayTestApp();
    const [a, b] = await twoReady(g);
    // b keeps Billing only (3 is not configured for b: ignored).
    const reset = await g.call('POST', `/onlineagent/${b}/resetskill/false?skillid=2;3`, b);
    expect(reset.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(g.center.agents.get(b)!.login!.skills).toEqual([2]);
    // a is busy: a General call waits rather than ring b, who left General.
    await g.call('POST', `/onlineagent/${a}/saybusy`, a);
    expect(await placeCall(g, 1)).toMatchObject({ state: 'queued', agent: null });
    // A Billing call rings b.
    expect(await placeCall(g, 2)).toMatchObject({ state: 'offering', agent: b });
    g.calls.lastLeg!.ring().answer().end('customer-hangup');
    // Back in General with autoflag true: b takes the waiting General call at once.
    await g.call('POST', `/onlineagent/${b}/resetskill/true`, b);
    expect(g.center.agents.get(b)!.login!.skills).toEqual([1, 2]);
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[1]!.sipAccount);
    expect(g.center.agents.get(b)!.state).toBe('ringing');
  });

  it('signs in to no skill with autoflag false and no skillid, and journals each reset', async () => {
    const g = gatewayTestApp();
    const [a] = await twoReady(g);
    await g.call('POST', `/onlineagent/${a}/resetskill/false`, a);
    expect(g.center.agents.get(a)!.login!.skills).toEqual([]);
    // Values other than "true" are processed as false (cec_07_1209).
    await g.call('POST', `/onlineagent/${a}/resetskill/TRUE?skillid=1`, a);
    expect(g.center.agents.get(a)!.login!.skills).toEqual([1]);
    const reasons = g.sim.journal
      .query({ kind: 'state' })
      .flatMap((e) =>
        e.kind === 'state' && e.entity === 'agent' && e.reason?.startsWith('skills') ? [e.reason] : [],
      );
    expect(reasons).toEqual(['skills none', 'skills 1']);
  });

  it('refuses a malformed skillid with 000-002, and answers 100-006 / 000-003 like every agent route', async () => {
    const g = gatewayTestApp();
    const [a] = await twoReady(g);
    for (const bad of ['a;b', '1,2', `${'1;'.repeat(2001)}1`]) {
      const res = await g.call('POST', `/onlineagent/${a}/resetskill/false?skillid=${bad}`, a);
      expect(res.body.retcode, bad.slice(0, 10)).toBe('000-002');
    }
    const c = g.agents[2]!.workNo;
    expect((await g.call('POST', `/onlineagent/${c}/resetskill/true`, c)).body.retcode).toBe('100-006');
    expect((await g.call('GET', `/onlineagent/${c}/agentskills`, c)).body.retcode).toBe('100-006');
    g.guids.delete(a);
    expect((await g.call('GET', `/onlineagent/${a}/agentskills`, a)).body.retcode).toBe('000-003');
  });

  it('signs a new session in to every configured skill again', async () => {
    const g = gatewayTestApp();
    const [, b] = await twoReady(g);
    await g.call('POST', `/onlineagent/${b}/resetskill/false?skillid=2`, b);
    await g.call('DELETE', `/onlineagent/${b}/logout`, b);
    await g.signIn(b);
    expect(g.center.agents.get(b)!.login!.skills).toEqual([1, 2]);
  });
});
