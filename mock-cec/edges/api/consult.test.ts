import { describe, expect, it } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

/**
 * Consult and three-party through the agent gateway (docs/vendor/consult-and-conference.md),
 * on the fake SIP side: the test plays the agents' phones.
 */
function consultApp() {
  const g = gatewayTestApp();
  const [a, b, c] = g.agents.map((x) => x.workNo) as [number, number, number];
  const sip = (workNo: number) => g.tenant.agentByWorkNo(workNo)!.sipAccount;
  const events = (workNo: number) => {
    const agent = g.center.agents.get(workNo)!;
    const out: { eventType: string; content: unknown }[] = [];
    for (let ev = g.center.agents.take(agent); ev; ev = g.center.agents.take(agent))
      out.push({ eventType: ev.eventType, content: ev.content });
    return out;
  };
  const types = (workNo: number) => events(workNo).map((x) => x.eventType);
  /** Agent a talks with a customer; b is ready (c too, unless told). */
  async function talking() {
    for (const w of [a, b, c]) {
      g.register(w);
      await g.signIn(w, { autoanswer: false });
    }
    await g.request('/__mock/calls', { method: 'POST', body: JSON.stringify({ tenant: g.tenant.id }) });
    const leg = g.calls.lastLegTo(sip(a))!;
    leg.ring();
    leg.answer();
    for (const w of [a, b, c]) events(w);
    const call = g.center.acd.callOf(g.center.agents.get(a)!)!;
    return { call, leg };
  }
  const innerhelp = (workNo: number, body: unknown) =>
    g.call('POST', `/voicecall/${workNo}/innerhelp`, workNo, { body });
  return { g, a, b, c, sip, events, types, talking, innerhelp };
}

describe('voicecall: innerhelp (consult)', () => {
  it('holds the customer, rings the helper with the assistant call, and connects the two agents', async () => {
    const { g, a, b, sip, events, talking, innerhelp } = consultApp();
    const { call, leg } = await talking();
    const res = await innerhelp(a, { dstaddress: String(b) });
    expect(res.body).toMatchObject({ retcode: '0', message: 'success' });
    const help = res.body.result as string;
    expect(help).toMatch(/^\d+-\d+$/);
    expect(help).not.toBe(call.id);
    expect(events(a)).toEqual([{ eventType: 'AgentEvent_Hold', content: call.id }]);
    const helperLeg = g.calls.lastLegTo(sip(b))!;
    expect(helperLeg.request.headers).toEqual({ 'X-Call-Id': help });
    expect(helperLeg.request.behaviour.hangupAfterMs).toBeUndefined();

    helperLeg.ring();
    expect(events(a)).toEqual([
      {
        eventType: 'AgentEvent_Customer_Alerting',
        content: { callid: help, otherPhoneWorkno: String(b), otherPhone: String(b), type: 'assistant' },
      },
    ]);
    expect(events(b)).toEqual([
      { eventType: 'AgentOther_PhoneAlerting', content: null },
      {
        eventType: 'AgentEvent_Ringing',
        content: expect.objectContaining({
          callid: help,
          caller: `a${a}`,
          called: String(b),
          type: 'assistant',
        }),
      },
    ]);
    // The helper answers from its bar.
    expect((await g.call('PUT', `/voicecall/${b}/answer`, b)).body.retcode).toBe('0');
    expect(events(b).map((x) => x.eventType)).toEqual([
      'AgentOther_PhoneOffhook',
      'AgentState_Busy',
      'AgentEvent_Talking',
    ]);
    expect(events(a)).toEqual([
      {
        eventType: 'AgentEvent_Talking',
        content: {
          caller: String(a),
          called: String(b),
          callid: help,
          feature: '20',
          type: 'assistant',
          mediaAbility: '1',
        },
      },
    ]);
    const parties = Object.fromEntries(call.model.parties.map((p) => [p.id, p]));
    expect(parties.customer).toMatchObject({ state: 'held', heldBy: `agent ${a}` });
    expect(parties[`agent ${b}`]).toMatchObject({ state: 'talking', bridge: parties[`agent ${a}`]!.bridge });
    // Both legs are in the customer's mixer now, placed with their call (decision record 008).
    expect(leg.mix).toBeDefined();
    expect(helperLeg.mix).toBeDefined();
    expect([leg.request.mediaGroup, helperLeg.request.mediaGroup]).toEqual([call.id, call.id]);
    expect(g.calls.mixers).toEqual([call.id]);
  });

  it('completes as a three-party call with confjoin: both agents get AgentEvent_Conference', async () => {
    const { g, a, b, sip, events, talking, innerhelp } = consultApp();
    const { call } = await talking();
    await innerhelp(a, { dstaddress: String(b) });
    const early = await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: call.id } });
    expect(early.body.retcode).toBe('200-010'); // the helper has not answered
    g.calls.lastLegTo(sip(b))!.answer();
    events(a);
    events(b);
    expect(
      (await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: '1-1' } })).body.retcode,
    ).toBe('200-011');
    expect((await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: {} })).body.retcode).toBe('000-002');
    const joined = await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: call.id } });
    expect(joined.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(events(a)).toEqual([
      { eventType: 'AgentEvent_Conference', content: { callid: call.id, partner: `${b},${call.customer}` } },
    ]);
    expect(events(b)).toEqual([
      { eventType: 'AgentEvent_Conference', content: { callid: call.id, partner: `${a},${call.customer}` } },
    ]);
    expect(call.model.parties.filter((p) => p.state === 'talking')).toHaveLength(3);
    expect(
      (await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: call.id } })).body.retcode,
    ).toBe('200-010');
    // The asking agent leaves: the customer and the helper go on, the helper has the call.
    expect((await g.call('DELETE', `/voicecall/${a}/release`, a)).body.retcode).toBe('0');
    expect(g.center.agents.get(a)!.state).toBe('idle');
    expect(call.agent).toBe(b);
    expect(call.state).toBe('talking');
  });

  it('completes as a transfer when the asking agent hangs up; the helper hanging up later ends the call', async () => {
    const { g, a, b, sip, types, talking, innerhelp } = consultApp();
    const { call } = await talking();
    await innerhelp(a, { dstaddress: String(b) });
    g.calls.lastLegTo(sip(b))!.answer();
    types(a);
    types(b);
    expect((await g.call('DELETE', `/voicecall/${a}/release`, a)).body.retcode).toBe('0');
    expect(types(a)).toEqual([
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    expect(call.agent).toBe(b);
    const customer = call.model.parties.find((p) => p.id === 'customer')!;
    expect(customer.state).toBe('talking');
    expect(g.center.agents.get(b)!.state).toBe('talking');
    g.calls.lastLegTo(sip(b))!.end('agent-hangup');
    expect(call.state).toBe('ended');
    expect(types(b)).toEqual([
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
  });

  it('is cancelled with dropcall on the help call: back to the customer, the helper released', async () => {
    const { g, a, b, sip, events, types, talking, innerhelp } = consultApp();
    const { call } = await talking();
    const help = (await innerhelp(a, { dstaddress: String(b) })).body.result as string;
    const helperLeg = g.calls.lastLegTo(sip(b))!;
    helperLeg.answer();
    types(a);
    types(b);
    expect((await g.call('POST', `/voicecall/${a}/dropcall/9-9`, a)).body.retcode).toBe('200-002');
    expect((await g.call('POST', `/voicecall/${a}/dropcall/${help}`, a)).body.retcode).toBe('0');
    expect(helperLeg.state).toBe('ended');
    expect(events(a)).toEqual([{ eventType: 'AgentEvent_Call_Release', content: help }]);
    expect(events(b)).toEqual([
      { eventType: 'AgentEvent_Call_Release', content: help },
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 3 } },
      { eventType: 'AgentState_Ready', content: null },
    ]);
    const customer = call.model.parties.find((p) => p.id === 'customer')!;
    expect(customer).toMatchObject({ state: 'talking' });
    expect(g.center.agents.get(a)!.state).toBe('talking');
    // A second consult may follow.
    expect((await innerhelp(a, { dstaddress: String(b) })).body.retcode).toBe('0');
  });

  it('says AgentEvent_Consult_Fail when nobody answers in the ring time, and the customer is back', async () => {
    const { g, a, b, sip, events, types, talking, innerhelp } = consultApp();
    const { call } = await talking();
    const help = (await innerhelp(a, { dstaddress: String(b) })).body.result as string;
    g.calls.lastLegTo(sip(b))!.ring();
    types(a);
    types(b);
    g.advance(g.tenant.config.acd.ringTimeoutMs + 1);
    expect(events(a)).toEqual([{ eventType: 'AgentEvent_Consult_Fail', content: help }]);
    expect(types(b)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(g.calls.lastLegTo(sip(b))!.state).toBe('ended');
    expect(call.model.parties.find((p) => p.id === 'customer')!.state).toBe('talking');
    expect(g.center.agents.get(b)!.state).toBe('idle');
  });

  it('fails at once when the helper is not ready, or its phone refuses', async () => {
    const { g, a, b, c, sip, events, talking, innerhelp } = consultApp();
    await talking();
    await g.call('POST', `/onlineagent/${b}/saybusy`, b);
    const busy = await innerhelp(a, { dstaddress: String(b) });
    expect(busy.body.retcode).toBe('0');
    expect(events(a)).toEqual([
      { eventType: 'AgentEvent_Hold', content: expect.any(String) },
      { eventType: 'AgentEvent_Consult_Fail', content: busy.body.result },
    ]);
    const again = await innerhelp(a, { dstaddress: String(c) });
    g.calls.lastLegTo(sip(c))!.end('rejected', 486);
    expect(events(a).at(-1)).toEqual({ eventType: 'AgentEvent_Consult_Fail', content: again.body.result });
  });

  it('consults a skill: the longest-idle ready agent of the skill rings', async () => {
    const { g, a, sip, talking, innerhelp } = consultApp();
    await talking();
    const skill = g.tenant.config.skills[0]!.id;
    const res = await innerhelp(a, { dstaddress: String(skill), devicetype: 1 });
    expect(res.body.retcode).toBe('0');
    const rung = g.calls.legs.at(-1)!;
    expect(rung.request.toSipAccount).not.toBe(sip(a));
  });

  it('three-party help (mode 2) joins all three as soon as the helper answers', async () => {
    const { g, a, b, sip, types, talking, innerhelp } = consultApp();
    const { call } = await talking();
    await innerhelp(a, { dstaddress: String(b), mode: 2 });
    g.calls.lastLegTo(sip(b))!.answer();
    expect(types(a)).toContain('AgentEvent_Conference');
    expect(call.model.parties.filter((p) => p.state === 'talking')).toHaveLength(3);
  });

  it('refuses with the vendor envelope: bad body, no call, itself, twice, not signed in', async () => {
    const { g, a, b, talking, innerhelp } = consultApp();
    for (const w of [a, b]) {
      g.register(w);
      await g.signIn(w);
    }
    expect((await innerhelp(a, { dstaddress: String(b) })).body).toEqual({
      message: 'There is no call with a customer to consult on',
      retcode: '200-002',
    });
    expect(
      (await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: '1-1' } })).body.retcode,
    ).toBe('200-010');
    expect((await innerhelp(a, { devicetype: 2 })).body.retcode).toBe('000-002');
    expect((await innerhelp(a, { dstaddress: String(b), mode: 3 })).body.retcode).toBe('000-002');
    const g2 = consultApp();
    await g2.talking();
    expect((await g2.innerhelp(g2.a, { dstaddress: String(g2.a) })).body.retcode).toBe('000-002');
    expect((await g2.innerhelp(g2.a, { dstaddress: String(g2.b) })).body.retcode).toBe('0');
    expect((await g2.innerhelp(g2.a, { dstaddress: String(g2.c) })).body).toMatchObject({
      retcode: '200-002',
    });
    const out = await g.request(`/agentgateway/resource/voicecall/55555/innerhelp`, {
      method: 'POST',
      body: '{}',
    });
    expect(((await out.json()) as { retcode: string }).retcode).toBe('100-006');
    void talking;
  });
});
