import { describe, expect, it } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { PHONE_RINGS } from '../../testing/vendor-sequences.ts';

async function ready(g: GatewayTestApp, count: number) {
  const workNos = g.agents.slice(0, count).map((a) => a.workNo);
  for (const w of workNos) {
    g.register(w);
    await g.signIn(w);
    g.advance(1);
    g.drain(w);
  }
  return workNos as [number, number, number];
}

const callInner = (g: GatewayTestApp, from: number, body: unknown) =>
  g.call('PUT', `/voicecall/${from}/callinner`, from, { body });
const state = (g: GatewayTestApp, w: number) => g.center.agents.get(w)!.state;
const contentOf = (g: GatewayTestApp, w: number, type: string) =>
  g.center.agents.get(w)!.events.find((e) => e.eventType === type)?.content;

describe('internal call (PUT /voicecall/{agentid}/callinner)', () => {
  it("rings the caller's phone first, then the called agent's; the two legs talk through the call's mixer", async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    const res = await callInner(g, a, { called: String(b) });
    expect(res.body.retcode).toBe('0');
    const callid = res.body.result as string;
    expect(callid).toMatch(/^\d+-\d+$/);
    const mine = g.calls.lastLeg!;
    expect(mine.request).toMatchObject({
      from: `a${b}`,
      toSipAccount: g.agents[0]!.sipAccount,
    });
    mine.ring();
    const call = { caller: `a${a}`, called: `a${b}`, callid, feature: '6', type: 'main', mediaAbility: '1' };
    expect(contentOf(g, a, 'AgentEvent_Ringing')).toEqual({
      ...call,
      transfer: 'no',
      transfrom: '',
      mediaType: '5',
    });
    mine.answer();
    expect(state(g, a)).toBe('dialing');
    expect(contentOf(g, a, 'AgentEvent_Customer_Alerting')).toEqual({
      callid,
      otherPhoneWorkno: String(b),
      otherPhone: String(b),
      type: 'main',
    });
    const theirs = g.calls.lastLeg!;
    expect(theirs).not.toBe(mine);
    expect(theirs.request).toMatchObject({
      from: `a${a}`,
      toSipAccount: g.agents[1]!.sipAccount,
    });
    expect(mine.mix).toBeUndefined();
    theirs.ring().answer();
    // Both phones are up: the call's mixer sends each leg what the other phone sent, and only that.
    const voice = new Int16Array(160).fill(1000);
    const silence = new Int16Array(160);
    mine.mix!.heard(voice);
    expect(theirs.mix!.outgoing(silence)).toEqual(voice);
    expect(mine.mix!.outgoing(silence)).toEqual(silence);
    theirs.mix!.heard(voice);
    expect(mine.mix!.outgoing(silence)).toEqual(voice);
    expect(state(g, a)).toBe('talking');
    expect(state(g, b)).toBe('talking');
    expect(g.drain(a)).toEqual([
      ...PHONE_RINGS,
      'AgentOther_PhoneOffhook',
      'AgentEvent_Customer_Alerting',
      'AgentState_Busy',
      'AgentEvent_Talking',
    ]);
    expect(g.drain(b)).toEqual([
      ...PHONE_RINGS,
      'AgentOther_PhoneOffhook',
      'AgentState_Busy',
      'AgentEvent_Talking',
    ]);
    expect(contentOf(g, b, 'AgentEvent_Talking')).toBeUndefined(); // drained
    expect(g.center.acd.get(callid)).toMatchObject({ direction: 'internal', state: 'talking' });

    // The called agent hangs up: both are released, each hearing of the other agent as the other party.
    await g.call('DELETE', `/voicecall/${b}/release`, b);
    expect(mine.hangups).toBe(1);
    const ev = (w: number) => g.center.agents.get(w)!.events.map((e) => [e.eventType, e.content]);
    expect(ev(b)).toEqual([
      ['AgentEvent_Call_Release', callid],
      ['AgentEvent_Customer_Release', { callid, number: `a${a}` }],
      ['AgentOther_PhoneRelease', { phoneState: 2 }],
      ['AgentState_Ready', null],
    ]);
    expect(ev(a)).toEqual([
      ['AgentEvent_Call_Release', callid],
      ['AgentEvent_Customer_Release', { callid, number: `a${b}` }],
      ['AgentOther_PhoneRelease', { phoneState: 3 }],
      ['AgentState_Ready', null],
    ]);
    expect(g.center.acd.get(callid)).toMatchObject({ state: 'ended', endReason: 'agent-hangup' });
  });

  it('a called agent who cannot take it: the callid, then AgentEvent_Inside_Call_Fail, and the caller is back', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    await g.call('POST', `/onlineagent/${b}/saybusy?reason=200`, b);
    const legs = g.calls.legs.length;
    const res = await callInner(g, a, { called: String(b) });
    expect(res.body.retcode).toBe('0');
    expect(g.calls.legs.length).toBe(legs);
    expect(g.drain(a)).toEqual(['AgentEvent_Inside_Call_Fail', 'AgentState_Ready']);
    expect(state(g, a)).toBe('idle');
    // An unknown agent and the caller itself fail the same way.
    for (const called of ['99999', String(a)]) {
      expect((await callInner(g, a, { called })).body.retcode).toBe('0');
      expect(g.drain(a)).toEqual(['AgentEvent_Inside_Call_Fail', 'AgentState_Ready']);
    }
  });

  it('the called agent does not answer in time: Inside_Call_Fail with the phone released, the called agent freed', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    const { body } = await callInner(g, a, { called: String(b) });
    const mine = g.calls.lastLeg!.ring().answer();
    const theirs = g.calls.lastLeg!.ring();
    g.drain(a);
    g.drain(b);
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(theirs.hangups).toBe(1);
    expect(mine.hangups).toBe(1);
    expect(g.center.agents.get(a)!.events.map((e) => [e.eventType, e.content])).toEqual([
      ['AgentEvent_Inside_Call_Fail', body.result],
      ['AgentOther_PhoneRelease', { phoneState: 3 }],
      ['AgentState_Ready', null],
    ]);
    expect(g.drain(b)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(state(g, b)).toBe('idle');
  });

  it('the called agent declines: Inside_Call_Fail to the caller', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    await callInner(g, a, { called: String(b) });
    g.calls.lastLeg!.ring().answer();
    g.calls.lastLeg!.ring().end('rejected');
    expect(g.drain(a).slice(-3)).toEqual([
      'AgentEvent_Inside_Call_Fail',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    expect(state(g, b)).toBe('idle');
  });

  it('refuses like Call Out while in a call (200-002 talking), and bad bodies with 000-002', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    expect((await callInner(g, a, { called: 'a1002' })).body.retcode).toBe('000-002');
    expect((await callInner(g, a, {})).body.retcode).toBe('000-002');
    await callInner(g, a, { called: String(b) });
    expect((await callInner(g, a, { called: String(b) })).body.retcode).toBe('000-007');
    g.calls.lastLeg!.ring().answer();
    g.calls.lastLeg!.ring().answer();
    expect((await callInner(g, a, { called: String(b) })).body.retcode).toBe('200-002');
    // An internal call cannot be transferred (cec_07_4245).
    const t = await g.call('POST', `/voicecall/${a}/transfer`, a, {
      body: { devicetype: 1, address: '1', mode: 0 },
    });
    expect(t.body.retcode).toBe('200-012');
  });
});

describe('internal call to a skill queue (PUT /voicecall/{agentid}/callinnerskill)', () => {
  it('rings an idle agent of the skill; an unknown skill is 000-002', async () => {
    const g = gatewayTestApp();
    const [a, b, c] = await ready(g, 3);
    const res = await g.call('PUT', `/voicecall/${a}/callinnerskill`, a, { body: { skillId: 1 } });
    expect(res.body.retcode).toBe('0');
    g.calls.lastLeg!.ring().answer();
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[1]!.sipAccount);
    expect(state(g, b)).toBe('ringing');
    const bad = await g.call('PUT', `/voicecall/${c}/callinnerskill`, c, { body: { skillId: 42 } });
    expect(bad.body.retcode).toBe('000-002');
    expect((await g.call('PUT', `/voicecall/${a}/callinnerskill`, a, { body: {} })).body.retcode).toBe(
      '000-002',
    );
  });

  it('with no idle agent of the skill: Inside_Call_Fail', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    expect(
      (await g.call('PUT', `/voicecall/${a}/callinnerskill`, a, { body: { skillId: 1 } })).body.retcode,
    ).toBe('0');
    expect(g.drain(a)).toEqual(['AgentEvent_Inside_Call_Fail', 'AgentState_Ready']);
  });
});

describe('an agent signed out by force during an internal call', () => {
  it('ends the call for the other agent too', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    await callInner(g, a, { called: String(b) });
    g.calls.lastLeg!.ring().answer();
    const theirs = g.calls.lastLeg!.ring().answer();
    g.drain(a);
    g.drain(b);
    const res = await g.call('DELETE', `/onlineagent/${a}/forcelogout`, a);
    expect(res.body.retcode).toBe('0');
    expect(theirs.hangups).toBe(1);
    expect(state(g, a)).toBe('signed-out');
    expect(state(g, b)).toBe('idle');
    expect(g.drain(b)).toEqual([
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
  });
});
