import { describe, expect, it, vi } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

describe('onlineagent: sign-in', () => {
  it('signs in with Set-GUID and the vendor result fields', async () => {
    const g = gatewayTestApp();
    const agent = g.agents[0]!;
    const res = await g.signIn(agent.workNo, { status: '4', releasephone: 'false', agenttype: '4' });
    expect(res.status).toBe(200);
    expect(res.setGuid).toMatch(
      /^JSESSIONID=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.AgentGateway1$/,
    );
    expect(res.body).toEqual({
      message: 'success',
      retcode: '0',
      result: {
        vdnid: g.tenant.config.vdnId,
        workno: String(agent.workNo),
        mediatype: 'TTF',
        loginTime: String(g.tenant.now()),
        isForceChange: 'false',
        serverName: 'AgentGateway',
        timeRemaining: '90',
      },
    });
    expect(g.center.agents.get(agent.workNo)!.state).toBe('idle');
    expect(g.drain()).toEqual(['AgentOther_InService', 'AgentState_Ready']);
  });

  it('answers mediatype "TTF" by default (checkInWebm defaults to true), "TFF" without web chat', async () => {
    const g = gatewayTestApp();
    const [a, b] = g.agents;
    expect((await g.signIn(a!.workNo, {})).body.result).toMatchObject({ mediatype: 'TTF' });
    expect((await g.signIn(b!.workNo, { checkInWebm: false })).body.result).toMatchObject({
      mediatype: 'TFF',
    });
  });

  it('answers 100-021 to a sign-in repeated before the first one answered, 000-007 to a repeated request', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    // A slow gateway: every sign-in and saybusy waits 300 ms of tenant time before it is handled.
    g.sim.faults.add({ api: 'onlineagent.signIn', action: { do: 'delay', ms: 300 } });
    const first = g.signIn(w);
    const second = await g.signIn(w);
    expect(second.body.retcode).toBe('100-021');
    g.advance(300);
    expect((await first).body.retcode).toBe('0');
    g.sim.faults.add({ api: 'onlineagent.saybusy', action: { do: 'delay', ms: 300 } });
    const busy = g.call('POST', `/onlineagent/${w}/saybusy`, w);
    expect((await g.call('POST', `/onlineagent/${w}/saybusy`, w)).body.retcode).toBe('000-007');
    g.advance(300);
    expect((await busy).body.retcode).toBe('0');
    // Answered: the next one goes through (after its own delay).
    const next = g.call('POST', `/onlineagent/${w}/saybusy`, w);
    await vi.waitFor(() => expect(g.sim.journal.query({ kind: 'fault' })).toHaveLength(3));
    g.advance(300);
    expect((await next).body.retcode).toBe('0');
  });

  it('emits the status-specific events for busy (3) and work (5)', async () => {
    const g = gatewayTestApp();
    const [a, b] = g.agents;
    await g.signIn(a!.workNo, { status: 3 });
    await g.signIn(b!.workNo, { status: 5 });
    expect(g.drain(a!.workNo)).toEqual([
      'AgentOther_InService',
      'AgentState_Ready',
      'AgentState_SetNotReady_Success',
    ]);
    expect(g.drain(b!.workNo)).toEqual(['AgentOther_InService', 'AgentState_Ready', 'AgentState_Work']);
    expect(g.center.agents.get(a!.workNo)!.state).toBe('busy');
    expect(g.center.agents.get(b!.workNo)!.state).toBe('work');
  });

  it('answers 100-004 for a wrong password or an unknown agent, and locks after five failures (110-016)', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    expect((await g.signIn(workNo, { password: 'wrong' })).body.retcode).toBe('100-004');
    expect((await g.signIn(99_999)).body.retcode).toBe('100-004');
    for (let i = 0; i < 4; i++) await g.signIn(workNo, { password: 'wrong' });
    expect((await g.signIn(workNo)).body.retcode).toBe('110-016');
    g.advance(30 * 60_000);
    expect((await g.signIn(workNo)).body.retcode).toBe('0');
  });

  it('answers 100-001 for empty or invalid parameters', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    const bad = [
      { password: 42 },
      { phonenum: '' },
      { phonenum: 88 },
      { status: 7 },
      { status: 'idle' },
      { agenttype: 5 },
      { autoanswer: 'yes' },
    ];
    for (const body of bad)
      expect((await g.signIn(workNo, body)).body.retcode, JSON.stringify(body)).toBe('100-001');
    const raw = await g.request(`/agentgateway/resource/onlineagent/${workNo}`, {
      method: 'PUT',
      body: 'nope',
    });
    expect(((await raw.json()) as { retcode: string }).retcode).toBe('100-001');
  });

  it("answers 100-013 for another agent's or a malformed phone, 100-014 for a phone outside the tenant", async () => {
    const g = gatewayTestApp();
    const [a, b] = g.agents;
    expect((await g.signIn(a!.workNo, { phonenum: b!.sipAccount })).body.retcode).toBe('100-013');
    expect((await g.signIn(a!.workNo, { phonenum: '12 34' })).body.retcode).toBe('100-013');
    expect((await g.signIn(a!.workNo, { phonenum: '70000001' })).body.retcode).toBe('100-014');
  });

  it('defaults the phone to the agent softphone and accepts an unregistered one', async () => {
    const g = gatewayTestApp();
    const a = g.agents[0]!;
    const res = await g.call('PUT', `/onlineagent/${a.workNo}`, a.workNo, { body: { password: a.password } });
    expect(res.body.retcode).toBe('0');
    expect(g.center.agents.get(a.workNo)!.login?.phonenum).toBe(a.sipAccount);
  });

  it('refuses a second sign-in with 100-002; forcelogin takes over and the old GUID dies', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    await g.signIn(workNo);
    const oldGuid = g.guids.get(workNo)!;
    expect((await g.signIn(workNo)).body.retcode).toBe('100-002');
    const forced = await g.signIn(workNo, {}, true);
    expect(forced.body.retcode).toBe('0');
    expect(g.guids.get(workNo)).not.toBe(oldGuid);
    const res = await g.request(`/agentgateway/resource/onlineagent/${workNo}/sayfree`, {
      method: 'POST',
      headers: { Guid: oldGuid },
    });
    expect(((await res.json()) as { retcode: string }).retcode).toBe('000-003');
    expect(g.drain()).toEqual(['AgentOther_InService', 'AgentState_Ready']);
  });

  it('refuses push mode clearly and a non-numeric agentid with 000-002', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    const push = await g.signIn(workNo, { serviceToken: 't', callBackUri: 'https://x' });
    expect(push.body).toMatchObject({ retcode: '000-002', message: expect.stringMatching(/push mode/i) });
    const res = await g.request('/agentgateway/resource/onlineagent/abc', { method: 'PUT', body: '{}' });
    expect(((await res.json()) as { retcode: string }).retcode).toBe('000-002');
  });
});

describe('onlineagent: GUID and sign-out', () => {
  it('answers 100-006 when not signed in and 000-003 for a missing or wrong guid', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    expect((await g.call('POST', `/onlineagent/${workNo}/sayfree`, workNo)).body.retcode).toBe('100-006');
    expect((await g.call('POST', '/onlineagent/77777/sayfree', 77_777)).body.retcode).toBe('100-006');
    await g.signIn(workNo);
    g.guids.delete(workNo);
    expect((await g.call('POST', `/onlineagent/${workNo}/sayfree`, workNo)).body.retcode).toBe('000-003');
    g.guids.set(workNo, 'not-the-guid');
    expect((await g.call('POST', `/onlineagent/${workNo}/sayfree`, workNo)).body.retcode).toBe('000-003');
  });

  it('signs out with AgentOther_ShutdownService, then answers 100-008', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    await g.signIn(workNo);
    g.drain();
    expect((await g.call('DELETE', `/onlineagent/${workNo}/logout`, workNo)).body.retcode).toBe('0');
    const loginTime = g.center.agents.get(workNo)!.events[0]!.content;
    expect(loginTime).toEqual({ loginTime: expect.stringMatching(/^\d+$/) });
    expect(g.drain()).toEqual(['AgentOther_ShutdownService']);
    expect((await g.call('DELETE', `/onlineagent/${workNo}/logout`, workNo)).body.retcode).toBe('100-008');
    expect((await g.call('DELETE', `/onlineagent/${workNo}/forcelogout`, workNo)).body.retcode).toBe(
      '100-008',
    );
  });

  it('refuses sign-out during a call (100-010); forcelogout ends the call', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    g.register(workNo);
    await g.signIn(workNo);
    await g.request('/__mock/calls', {
      method: 'POST',
      body: JSON.stringify({ tenant: g.tenant.id }),
      headers: { 'content-type': 'application/json' },
    });
    g.calls.lastLeg!.ring().answer();
    expect((await g.call('DELETE', `/onlineagent/${workNo}/logout`, workNo)).body.retcode).toBe('100-010');
    expect((await g.call('DELETE', `/onlineagent/${workNo}/forcelogout`, workNo)).body.retcode).toBe('0');
    expect(g.calls.lastLeg!.hangups).toBe(1);
    expect(g.center.acd.list()[0]!.state).toBe('ended');
  });

  it('lets forcelogin take over an agent in a call, ending the call', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    g.register(workNo);
    await g.signIn(workNo);
    await g.request('/__mock/calls', { method: 'POST', body: JSON.stringify({ tenant: g.tenant.id }) });
    g.calls.lastLeg!.ring().answer();
    expect((await g.signIn(workNo, {}, true)).body.retcode).toBe('0');
    expect(g.calls.lastLeg!.hangups).toBe(1);
    expect(g.center.acd.list()[0]).toMatchObject({ state: 'ended', endReason: 'signed-out' });
    expect(g.center.agents.get(workNo)!.state).toBe('idle');
  });
});

describe('onlineagent: state', () => {
  it('goes busy with a reason, ready, rest, wrap-up and back with the vendor events', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    const post = (p: string) => g.call('POST', `/onlineagent/${w}/${p}`, w).then((r) => r.body.retcode);
    expect(await post('saybusy?reason=201')).toBe('0');
    expect(g.center.agents.get(w)!.reason).toBe(201);
    expect(await post('cancelbusy')).toBe('0');
    expect(await post('rest/60/3')).toBe('0');
    expect(await post('cancelrest')).toBe('0');
    expect(await post('work')).toBe('0');
    expect(await post('cancelwork')).toBe('0');
    expect(await post('saybusy')).toBe('0');
    expect(await post('sayfree')).toBe('0');
    // State operations answer an empty result object (cec_07_1213).
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body).toEqual({
      message: 'success',
      retcode: '0',
      result: {},
    });
    expect(g.drain()).toEqual([
      'AgentState_SetNotReady_Success',
      'AgentState_CancelNotReady_Success',
      'AgentState_Ready',
      'AgentState_SetRest_Success',
      'AgentState_CancelRest_Success',
      'AgentState_Ready',
      'AgentState_SetWork_Success',
      'AgentState_Work',
      'AgentState_CancelWork_Success',
      'AgentState_Ready',
      'AgentState_SetNotReady_Success',
      'AgentState_CancelNotReady_Success',
      'AgentState_Ready',
    ]);
  });

  it('reminds a resting agent when its rest runs out, without ending the rest', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    await g.call('POST', `/onlineagent/${w}/rest/30/0`, w);
    g.drain();
    g.advance(29_999);
    expect(g.drain()).toEqual([]);
    g.advance(1);
    expect(g.drain()).toEqual(['AgentState_Rest_Timeout']);
    expect(g.center.agents.get(w)!.state).toBe('rest');
  });

  it('refuses bad reasons and rest parameters with 000-002', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    for (const p of [
      'saybusy?reason=199',
      'saybusy?reason=x',
      'rest/0/1',
      'rest/86400/1',
      'rest/10/256',
      'rest/x/1',
    ]) {
      expect((await g.call('POST', `/onlineagent/${w}/${p}`, w)).body.retcode, p).toBe('000-002');
    }
  });

  it('describes the gateway and the calls control API in OpenAPI', async () => {
    const g = gatewayTestApp();
    const doc = (await (await g.request('/__mock/openapi.json')).json()) as { paths: Record<string, object> };
    expect(doc.paths['/agentgateway/resource/onlineagent/{agentid}']).toHaveProperty('put');
    expect(doc.paths['/agentgateway/resource/agentevent/{agentid}']).toHaveProperty('get');
    expect(doc.paths['/agentgateway/resource/voicecall/{agentid}/callout']).toHaveProperty('put');
    expect(doc.paths['/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js']).toHaveProperty('options');
    expect(doc.paths['/__mock/calls']).toHaveProperty('post');
    expect(doc.paths['/__mock/tenants/{id}/agents']).toHaveProperty('get');
  });

  it('keeps the vendor envelope for unknown agents on every route', async () => {
    const g = gatewayTestApp();
    const res = await g.request('/agentgateway/resource/voicecall/55555/answer', { method: 'PUT' });
    expect(await res.json()).toEqual({ message: 'The agent has not signed in', retcode: '100-006' });
  });
});

describe('voicecall: answer', () => {
  it('answers the call error 200-002 with why when the phone refuses to be answered; the call keeps ringing', async () => {
    const g = gatewayTestApp();
    const workNo = g.agents[0]!.workNo;
    g.register(workNo);
    await g.signIn(workNo, { autoanswer: false });
    g.calls.refuseRemoteAnswer = 'the softphone refused NOTIFY Event: talk with 481';
    await g.request('/__mock/calls', { method: 'POST', body: JSON.stringify({ tenant: g.tenant.id }) });
    g.calls.lastLeg!.ring();
    const refused = await g.call('PUT', `/voicecall/${workNo}/answer`, workNo);
    expect(refused.body).toEqual({
      message: 'The phone did not answer: the softphone refused NOTIFY Event: talk with 481',
      retcode: '200-002',
    });
    expect(g.center.agents.get(workNo)!.state).toBe('ringing');
    g.calls.refuseRemoteAnswer = undefined;
    expect((await g.call('PUT', `/voicecall/${workNo}/answer`, workNo)).body.retcode).toBe('0');
    expect(g.center.agents.get(workNo)!.state).toBe('talking');
  });
});
