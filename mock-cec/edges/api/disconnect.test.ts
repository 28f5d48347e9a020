import { describe, expect, it } from 'vitest';
import { toneFrame } from '../../telephony/media/tone.ts';
import { toneLevel } from '../../telephony/media/tone-level.ts';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { AGENT_HANGS_UP } from '../../testing/vendor-sequences.ts';

/**
 * `POST /voicecall/{agentid}/disconnect/{number}` (cec_07_1248,
 * docs/vendor/consult-and-conference.md): release one number of the call.
 */
function app() {
  const g = gatewayTestApp();
  const [a, b, c] = g.agents.map((x) => x.workNo) as [number, number, number];
  const sip = (workNo: number) => g.tenant.agentByWorkNo(workNo)!.sipAccount;
  const types = (workNo: number) => g.drain(workNo);
  async function talking() {
    for (const w of [a, b, c]) {
      g.register(w);
      await g.signIn(w, { autoanswer: false });
    }
    await g.request('/__mock/calls', {
      method: 'POST',
      body: JSON.stringify({ tenant: g.tenant.id, from: '13900001111' }),
    });
    const leg = g.calls.lastLegTo(sip(a))!;
    leg.ring().answer();
    for (const w of [a, b, c]) g.drain(w);
    const call = g.center.acd.callOf(g.center.agents.get(a)!)!;
    return { call, leg };
  }
  /** a consults b, b answers. */
  async function consulting() {
    const t = await talking();
    await g.call('POST', `/voicecall/${a}/innerhelp`, a, { body: { dstaddress: String(b) } });
    const helperLeg = g.calls.lastLegTo(sip(b))!;
    helperLeg.ring().answer();
    g.drain(a);
    g.drain(b);
    return { ...t, helperLeg };
  }
  const disconnect = (workNo: number, number: string) =>
    g.call('POST', `/voicecall/${workNo}/disconnect/${number}`, workNo);
  const state = (id: string) =>
    Object.fromEntries(g.center.acd.get(id)!.model.parties.map((p) => [p.id, p.state]));
  return { g, a, b, c, sip, types, talking, consulting, disconnect, state };
}

describe('disconnect/{number} during a consult (two-party help)', () => {
  it("the asking agent releases the helper by its workNo: back with the customer, the helper's phone hung up", async () => {
    const { a, b, consulting, disconnect, types, state } = app();
    const { call, helperLeg } = await consulting();
    const res = await disconnect(a, String(b));
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(helperLeg.hangups).toBe(1);
    expect(types(a)).toEqual(['AgentEvent_Call_Release']);
    expect(types(b)).toEqual(['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready']);
    expect(state(call.id)).toMatchObject({
      customer: 'talking',
      [`agent ${a}`]: 'talking',
      [`agent ${b}`]: 'gone',
    });
  });

  it('the helper by its phone number does the same', async () => {
    const { a, b, sip, consulting, disconnect, state } = app();
    const { call } = await consulting();
    expect((await disconnect(a, sip(b))).body.retcode).toBe('0');
    expect(state(call.id)[`agent ${b}`]).toBe('gone');
  });

  it('200-024 for the customer on hold: not in the last call (cec_07_1248)', async () => {
    const { a, consulting, disconnect, state } = app();
    const { call } = await consulting();
    expect((await disconnect(a, '13900001111')).body.retcode).toBe('200-024');
    expect(state(call.id).customer).toBe('held');
  });

  it('the helper may release only itself: 200-024 for the asking agent, 0 for its own number', async () => {
    const { a, b, sip, consulting, disconnect, state, types } = app();
    const { call } = await consulting();
    expect((await disconnect(b, String(a))).body.retcode).toBe('200-024');
    expect((await disconnect(b, sip(b))).body.retcode).toBe('0');
    expect(state(call.id)).toMatchObject({ customer: 'talking', [`agent ${b}`]: 'gone' });
    expect(types(a)).toEqual(['AgentEvent_Call_Release']);
  });

  it("the asking agent's own number: it hangs up, the customer goes to the helper (cec_05_4040)", async () => {
    const { g, a, b, sip, consulting, disconnect, types } = app();
    const { call } = await consulting();
    expect((await disconnect(a, sip(a))).body.retcode).toBe('0');
    expect(types(a)).toEqual([...AGENT_HANGS_UP]);
    expect(g.center.acd.get(call.id)).toMatchObject({ state: 'talking', agent: b });
  });
});

describe('disconnect/{number} in a three-party call', () => {
  it('the helper leaves; the customer and the asking agent go on', async () => {
    const { g, a, b, consulting, disconnect, state } = app();
    const { call } = await consulting();
    await g.call('POST', `/voicecall/${a}/confjoin`, a, { body: { callid: call.id } });
    g.drain(a);
    expect((await disconnect(a, String(b))).body.retcode).toBe('0');
    expect(state(call.id)).toMatchObject({
      customer: 'talking',
      [`agent ${a}`]: 'talking',
      [`agent ${b}`]: 'gone',
    });
    expect(g.center.acd.get(call.id)!.state).toBe('talking');
  });

  /** a consults b, b answers, a joins the customer: all three talk. */
  async function threeParty(t: ReturnType<typeof app>) {
    const c = await t.consulting();
    await t.g.call('POST', `/voicecall/${t.a}/confjoin`, t.a, { body: { callid: c.call.id } });
    t.g.drain(t.a);
    t.g.drain(t.b);
    return c;
  }

  it("the customer's number: the customer goes, the two agents talk on (cec_05_4041), each told Customer_Release", async () => {
    const t = app();
    const { g, a, b, disconnect, types, state } = t;
    const { call, leg, helperLeg } = await threeParty(t);
    expect((await disconnect(a, '13900001111')).body.retcode).toBe('0');
    expect(g.center.acd.get(call.id)!.state).toBe('talking');
    expect(state(call.id)).toMatchObject({
      customer: 'gone',
      [`agent ${a}`]: 'talking',
      [`agent ${b}`]: 'talking',
    });
    expect(types(a)).toEqual(['AgentEvent_Customer_Release']);
    expect(types(b)).toEqual(['AgentEvent_Customer_Release']);
    expect(g.center.agents.get(a)!.state).toBe('talking');
    expect(g.center.agents.get(b)!.state).toBe('talking');
    // Both phones stay up; the mixer keeps both, and routes the agents to each other only.
    expect([leg.hangups, helperLeg.hangups]).toEqual([0, 0]);
    leg.mix!.heard(toneFrame(700, 0, 0.3));
    helperLeg.mix!.heard(toneFrame(900, 0, 0.3));
    const toA = leg.mix!.outgoing(toneFrame(440, 0));
    const toB = helperLeg.mix!.outgoing(toneFrame(440, 0));
    expect(toneLevel(toA, 900)).toBeGreaterThan(0.2);
    expect(toneLevel(toA, 440)).toBeLessThan(0.05);
    expect(toneLevel(toB, 700)).toBeGreaterThan(0.2);
    expect(toneLevel(toB, 440)).toBeLessThan(0.05);
    const customerRoutes = () =>
      g.center.acd
        .mixFlows(call.id)
        .filter((f) => f.from === 'customer' || f.to === 'customer')
        .reduce((n, f) => n + f.frames, 0);
    const before = customerRoutes();
    leg.mix!.outgoing(toneFrame(440, 1));
    leg.mix!.heard(toneFrame(700, 1, 0.3));
    expect(customerRoutes()).toBe(before);
    // The customer is no longer in the call: its number is refused; its hanging up changes nothing.
    expect((await disconnect(a, '13900001111')).body.retcode).toBe('200-023');
    expect(g.center.acd.customerHangup(call.id, 'test')).toBe(false);
    expect(g.center.acd.get(call.id)!.state).toBe('talking');
  });

  it('the customer hanging up on a three-party call leaves the two agents talking (cec_05_4041)', async () => {
    const t = app();
    const { g, a, b, types, state } = t;
    const { call, leg, helperLeg } = await threeParty(t);
    expect(g.center.acd.customerHangup(call.id, 'test')).toBe(true);
    expect(g.center.acd.get(call.id)!.state).toBe('talking');
    expect(state(call.id)).toMatchObject({
      customer: 'gone',
      [`agent ${a}`]: 'talking',
      [`agent ${b}`]: 'talking',
    });
    expect(types(a)).toEqual(['AgentEvent_Customer_Release']);
    expect(types(b)).toEqual(['AgentEvent_Customer_Release']);
    expect([leg.hangups, helperLeg.hangups]).toEqual([0, 0]);
    // The agents hear each other, and no longer the customer.
    helperLeg.mix!.heard(toneFrame(900, 0, 0.3));
    const toA = leg.mix!.outgoing(toneFrame(440, 0));
    expect(toneLevel(toA, 900)).toBeGreaterThan(0.2);
    expect(toneLevel(toA, 440)).toBeLessThan(0.05);
  });

  it('after the customer has gone, one agent hanging up ends the call for both', async () => {
    const t = app();
    const { g, a, b, disconnect } = t;
    const { call, leg, helperLeg } = await threeParty(t);
    await disconnect(a, '13900001111');
    g.drain(a);
    g.drain(b);
    expect((await g.call('DELETE', `/voicecall/${b}/release`, b)).body.retcode).toBe('0');
    expect(g.center.acd.get(call.id)).toMatchObject({ state: 'ended', endReason: 'agent-hangup' });
    const released = (w: number) => {
      const agent = g.center.agents.get(w)!;
      const out: { eventType: string; content: unknown }[] = [];
      for (let e = g.center.agents.take(agent); e; e = g.center.agents.take(agent)) out.push(e);
      return out;
    };
    const RELEASED = ['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready'];
    const [ofA, ofB] = [released(a), released(b)];
    expect(ofB.map((e) => e.eventType)).toEqual(RELEASED);
    expect(ofA.map((e) => e.eventType)).toEqual(RELEASED);
    // b hung up its own phone (2); the platform hung up a's (3).
    expect(ofB[1]!.content).toEqual({ phoneState: 2 });
    expect(ofA[1]!.content).toEqual({ phoneState: 3 });
    expect(ofA[0]!.content).toBe(call.id);
    // Both phones are hung up by the platform (b asked through the gateway, not on its phone).
    expect([leg.hangups, helperLeg.hangups]).toEqual([1, 1]);
  });

  it('after the customer has gone, the asking agent releasing the helper ends the call; a phone hang-up does too', async () => {
    const t = app();
    const { g, a, b, disconnect, types } = t;
    const { call } = await threeParty(t);
    await disconnect(a, '13900001111');
    g.drain(a);
    g.drain(b);
    expect((await disconnect(a, String(b))).body.retcode).toBe('0');
    expect(g.center.acd.get(call.id)!.state).toBe('ended');
    expect(types(a)).toEqual(['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready']);
    expect(types(b)).toEqual(['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready']);

    const t2 = app();
    const { call: call2, helperLeg: helperLeg2 } = await threeParty(t2);
    await t2.disconnect(t2.a, '13900001111');
    t2.g.drain(t2.a);
    t2.g.drain(t2.b);
    helperLeg2.end('agent-hangup');
    expect(t2.g.center.acd.get(call2.id)!.state).toBe('ended');
    expect(t2.types(t2.a)).toEqual([
      'AgentEvent_Call_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    expect(t2.types(t2.b)).toEqual([
      'AgentEvent_Call_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    // And the asking agent's phone hanging up, in a third call.
    const t3 = app();
    const { call: call3, leg: leg3 } = await threeParty(t3);
    await t3.disconnect(t3.a, '13900001111');
    t3.g.drain(t3.a);
    t3.g.drain(t3.b);
    leg3.end('agent-hangup');
    expect(t3.g.center.acd.get(call3.id)!.state).toBe('ended');
    expect(t3.types(t3.b)).toEqual([
      'AgentEvent_Call_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    expect(t3.g.center.agents.get(t3.a)!.state).toBe('idle');
  });
});

describe('disconnect/{number} of a talk or three-way transfer', () => {
  it('talking with the number: it goes, the agent has the held customer back and hears Customer_Release', async () => {
    const { g, a, talking, disconnect, types, state } = app();
    const { call, leg } = await talking();
    await g.call('POST', `/voicecall/${a}/transfer`, a, {
      body: { devicetype: 5, address: '5550100', mode: 3 },
    });
    g.drain(a);
    expect((await disconnect(a, '5550100')).body.retcode).toBe('0');
    expect(types(a)).toEqual(['AgentEvent_Customer_Release']);
    expect(state(call.id)).toMatchObject({
      customer: 'talking',
      [`agent ${a}`]: 'talking',
      'outside 5550100': 'gone',
    });
    expect(g.center.acd.outsideStats(call.id)).toEqual([]);
    await expect.poll(() => leg.reinvites).toEqual(['inactive', 'sendrecv']);
    // No transfer under way now: another may start.
    expect(g.center.acd.get(call.id)!.transferring).toBeUndefined();
  });

  it('three-way: the number leaves the three, the customer and the agent go on', async () => {
    const { g, a, talking, disconnect, state } = app();
    const { call } = await talking();
    await g.call('POST', `/voicecall/${a}/transfer`, a, {
      body: { devicetype: 5, address: '5550100', mode: 4 },
    });
    expect((await disconnect(a, '5550100')).body.retcode).toBe('0');
    expect(state(call.id)).toMatchObject({
      customer: 'talking',
      [`agent ${a}`]: 'talking',
      'outside 5550100': 'gone',
    });
  });
});

describe('disconnect/{number} of a two-party call, and refusals', () => {
  it("the customer's number releases the call, as the agent's hanging up", async () => {
    const { g, a, talking, disconnect, types } = app();
    const { call } = await talking();
    expect((await disconnect(a, '13900001111')).body).toEqual({
      message: 'success',
      retcode: '0',
      result: {},
    });
    expect(types(a)).toEqual(AGENT_HANGS_UP);
    expect(g.center.acd.get(call.id)).toMatchObject({ state: 'ended', endReason: 'agent-hangup' });
  });

  it('200-023 for a number not in the call, and for an agent without a call; 000-002 for a number that is not digits', async () => {
    const { a, b, talking, disconnect } = app();
    await talking();
    expect((await disconnect(a, '5559999')).body.retcode).toBe('200-023');
    expect((await disconnect(b, '13900001111')).body.retcode).toBe('200-023');
    expect((await disconnect(a, 'abc')).body.retcode).toBe('000-002');
  });

  it('100-006 when not signed in, 000-003 with a wrong guid', async () => {
    const { g, a, c, talking, disconnect } = app();
    await talking();
    await g.call('DELETE', `/onlineagent/${c}/logout`, c);
    expect((await disconnect(c, '1234')).body.retcode).toBe('100-006');
    g.guids.set(a, 'wrong');
    expect((await disconnect(a, '13900001111')).body.retcode).toBe('000-003');
  });
});
