import { describe, expect, it, vi } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { INBOUND_ANSWERED, NO_ANSWER, PHONE_RINGS } from '../../testing/vendor-sequences.ts';
import { OUTSIDE_TALK_MS } from './transfer.ts';

/** The transferring agent, released (docs/vendor/transfer-and-internal-calls.md). */
const TRANSFERRED_AWAY = ['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready'];

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

/** A customer's call answered by the first ready agent; its events drained. */
async function talking(g: GatewayTestApp, count = 2) {
  const agents = await ready(g, count);
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: g.tenant.id,
      from: '13900001111',
      behaviour: { source: { kind: 'echo' } },
    }),
  });
  const { id } = (await res.json()) as { id: string };
  const leg = g.calls.lastLeg!.ring().answer();
  g.drain(agents[0]);
  return { agents, id, leg, call: () => g.center.acd.get(id)! };
}

const transfer = (g: GatewayTestApp, from: number, body: unknown) =>
  g.call('POST', `/voicecall/${from}/transfer`, from, { body });
const state = (g: GatewayTestApp, w: number) => g.center.agents.get(w)!.state;
const contentOf = (g: GatewayTestApp, w: number, type: string) =>
  g.center.agents.get(w)!.events.find((e) => e.eventType === type)?.content;

describe('transfer to an agent (POST /voicecall/{agentid}/transfer, devicetype 2)', () => {
  it('success: the next agent rings while the agent stays; when it answers the customer follows on a new leg', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      id,
      leg,
      call,
    } = await talking(g);
    const res = await transfer(g, a, { devicetype: 2, address: String(b), mode: 2, callappdata: 'acct=42' });
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    const next = g.calls.lastLeg!;
    expect(next).not.toBe(leg);
    // The customer's new leg: the same caller number and the same voice, to the next agent's phone.
    expect(next.request).toMatchObject({
      from: '13900001111',
      toSipAccount: g.agents[1]!.sipAccount,
      behaviour: { source: { kind: 'echo' }, answer: 'answer' },
    });
    expect(state(g, a)).toBe('talking');
    expect(state(g, b)).toBe('ringing');
    next.ring();
    expect(contentOf(g, b, 'AgentEvent_Ringing')).toMatchObject({
      callid: id,
      transfer: 'yes',
      transfrom: String(a),
    });
    expect(leg.hangups).toBe(0);
    next.answer();
    expect(g.drain(b)).toEqual([...PHONE_RINGS, ...INBOUND_ANSWERED]);
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult', ...TRANSFERRED_AWAY]);
    expect(contentOf(g, a, 'AgentEvent_SuccTransResult')).toBeUndefined(); // drained
    expect(leg.hangups).toBe(1);
    expect(state(g, a)).toBe('idle');
    expect(state(g, b)).toBe('talking');
    // callappdata is the call's one call data: the next agent reads it with the calldata group's appdata.
    expect(call()).toMatchObject({ state: 'talking', agent: b, transferredFrom: a, callData: 'acct=42' });
    expect((await g.call('GET', `/calldata/${b}/appdata`, b)).body).toMatchObject({
      retcode: '0',
      result: 'acct=42',
    });
    // The call is the next agent's now: the customer hangs up on its leg.
    next.end('customer-hangup');
    expect(state(g, b)).toBe('idle');
    expect(call()).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
  });

  it('success: the result event says 0 and names the call', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      id,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 });
    g.calls.lastLeg!.ring().answer();
    expect(contentOf(g, a, 'AgentEvent_SuccTransResult')).toEqual({ result: 0, callId: id });
    expect(contentOf(g, a, 'AgentOther_PhoneRelease')).toEqual({ phoneState: 2 });
    expect(g.center.agents.get(a)!.events.some((e) => e.eventType === 'AgentEvent_Customer_Release')).toBe(
      false,
    );
  });

  it('success not answered in time: result 1, the agent goes on talking, the next agent misses the call', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      leg,
      call,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 });
    const next = g.calls.lastLeg!.ring();
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(next.hangups).toBe(1);
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult']);
    expect(contentOf(g, a, 'AgentEvent_SuccTransResult')).toBeUndefined();
    expect(state(g, a)).toBe('talking');
    expect(state(g, b)).toBe('busy');
    expect(g.drain(b)).toEqual([...PHONE_RINGS, ...NO_ANSWER]);
    expect(leg.hangups).toBe(0);
    expect(call()).toMatchObject({ state: 'talking', agent: a });
  });

  it('success declined by the next agent (Hang Up while it rings): result 1, the call stays with the agent', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      leg,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 });
    g.calls.lastLeg!.ring();
    g.drain(b);
    const res = await g.call('DELETE', `/voicecall/${b}/release`, b);
    expect(res.body.retcode).toBe('0');
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult']);
    expect(g.drain(b)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(state(g, a)).toBe('talking');
    expect(leg.hangups).toBe(0);
  });

  it('success: the customer hangs up while the next agent rings; its offer is withdrawn', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      leg,
      call,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 });
    const next = g.calls.lastLeg!.ring();
    g.drain(b);
    leg.end('customer-hangup');
    expect(next.hangups).toBe(1);
    expect(state(g, a)).toBe('idle');
    expect(state(g, b)).toBe('idle');
    expect(g.drain(b)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
  });

  it('release: the agent is released at once, then the next agent rings and answers', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      leg,
      call,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 0 });
    expect(leg.hangups).toBe(1);
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(call()).toMatchObject({ state: 'offering', agent: b, transferredFrom: a });
    g.calls.lastLeg!.ring().answer();
    expect(g.drain(b)).toEqual([...PHONE_RINGS, ...INBOUND_ANSWERED]);
    expect(call()).toMatchObject({ state: 'talking', agent: b });
    await g.call('DELETE', `/voicecall/${b}/release`, b);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'agent-hangup' });
  });

  it('release not answered: the call waits in its queue again and goes to the next agent free', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b, c],
      call,
    } = await talking(g, 3);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 0 });
    g.calls.lastLeg!.ring().end('rejected');
    // Neither the transferring agent nor the one who declined is offered it: the third agent is.
    expect(call()).toMatchObject({ state: 'offering', agent: c });
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[2]!.sipAccount);
  });
});

describe('transfer to a skill queue (devicetype 1)', () => {
  it('release: the agent is released, the ACD offers the call to another agent of the skill, as transferred', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      id,
      call,
    } = await talking(g);
    const res = await transfer(g, a, { devicetype: 1, address: '1', mode: 0 });
    expect(res.body.retcode).toBe('0');
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(call()).toMatchObject({ state: 'offering', agent: b, offers: 2, transferredFrom: a });
    g.calls.lastLeg!.ring();
    expect(contentOf(g, b, 'AgentEvent_Ringing')).toMatchObject({
      callid: id,
      transfer: 'yes',
      transfrom: String(a),
    });
  });

  it('success: an idle agent of the skill rings; with nobody ready the transfer fails at once (result 1)', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
    } = await talking(g);
    await transfer(g, a, { devicetype: 1, address: '1', mode: 2 });
    expect(state(g, b)).toBe('ringing');
    g.calls.lastLeg!.ring().answer();
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult', ...TRANSFERRED_AWAY]);

    const alone = gatewayTestApp();
    const {
      agents: [x],
      call,
    } = await talking(alone, 1);
    expect((await transfer(alone, x, { devicetype: 1, address: '1', mode: 2 })).body.retcode).toBe('0');
    expect(alone.drain(x)).toEqual(['AgentEvent_SuccTransResult']);
    expect(contentOf(alone, x, 'AgentEvent_SuccTransResult')).toBeUndefined();
    expect(call()).toMatchObject({ state: 'talking', agent: x });
  });
});

describe('transfer to an outside number (devicetype 5)', () => {
  it('success to a number that answers: result 0, the agent is released, the call leaves the contact center', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a],
      leg,
      call,
    } = await talking(g, 1);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 2 });
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult', ...TRANSFERRED_AWAY]);
    expect(leg.hangups).toBe(1);
    // The customer talks with the number (a party of the call's mixer) until one hangs up.
    expect(call()).toMatchObject({ state: 'talking', agent: undefined, transferredFrom: a });
    await vi.waitFor(
      () => {
        const flows = g.center.acd.mixFlows(call().id);
        const flow = (from: string, to: string) => flows.find((f) => f.from === from && f.to === to);
        // This customer echoes: it has nothing of its own to say to the number, but the route carries it.
        expect(flow('customer', 'outside 5550100')?.frames ?? 0).toBeGreaterThan(0);
        expect(flow('outside 5550100', 'customer')?.energy ?? 0).toBeGreaterThan(0);
      },
      { timeout: 10_000 },
    );
    g.advance(OUTSIDE_TALK_MS);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
    expect(g.center.acd.outsideStats(call().id)).toEqual([]);
  });

  it('release to a number that answers: the customer talks with it; the customer hanging up ends the call, transferred out', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a],
      id,
      call,
    } = await talking(g, 1);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 1 });
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(call()).toMatchObject({ state: 'talking', agent: undefined });
    expect(g.center.acd.outsideStats(id)).toHaveLength(1);
    await g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    expect(call()).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
    expect(g.drain(a)).toEqual([]);
  });

  it('success to a busy number: result 1 and the agent goes on talking', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a],
      call,
    } = await talking(g, 1);
    await transfer(g, a, { devicetype: 5, address: '5550102', mode: 2 });
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult']);
    expect(call()).toMatchObject({ state: 'talking', agent: a });
  });

  it('release to a number nobody answers: the agent is released at once; the call ends at the ring timeout', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a],
      call,
    } = await talking(g, 1);
    await transfer(g, a, { devicetype: 5, address: '5550103', mode: 1 });
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(call().state).not.toBe('ended');
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'no-answer' });
  });
});

describe('transfer refusals (the vendor envelope and retcodes)', () => {
  it.each([
    ['a body that is not JSON', '{', '000-002'],
    ['devicetype 9', { devicetype: 9, address: '1', mode: 0 }, '000-002'],
    ['mode 3 to an agent', { devicetype: 2, address: '1002', mode: 3 }, '000-002'],
    ['an IVR access code the tenant has not', { devicetype: 3, address: '100', mode: 0 }, '000-002'],
    ['a system access code the tenant has not', { devicetype: 4, address: '100', mode: 0 }, '000-002'],
    ['an unknown skill', { devicetype: 1, address: '77', mode: 0 }, '200-002'],
    ['mode 0 to an outside number', { devicetype: 5, address: '5550100', mode: 0 }, '000-002'],
  ])('%s: %s', async (_, body, retcode) => {
    const g = gatewayTestApp();
    const {
      agents: [a],
      call,
    } = await talking(g);
    const res = await g.call('POST', `/voicecall/${a}/transfer`, a, {
      body: typeof body === 'string' ? undefined : body,
    });
    if (typeof body === 'string') {
      // A raw body the JSON helper cannot send.
      const raw = await g.request(`/agentgateway/resource/voicecall/${a}/transfer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Guid: g.guids.get(a)! },
        body,
      });
      expect(((await raw.json()) as { retcode: string }).retcode).toBe(retcode);
    } else expect(res.body.retcode).toBe(retcode);
    expect(call()).toMatchObject({ state: 'talking', agent: a });
  });

  it('200-002 with why for an agent that cannot take the call: itself, busy, unknown', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
    } = await talking(g);
    await g.call('POST', `/onlineagent/${b}/saybusy?reason=200`, b);
    for (const [address, why] of [
      [a, /itself/],
      [b, /not idle/],
      [99999, /no such agent/],
    ] as const) {
      const res = await transfer(g, a, { devicetype: 2, address: String(address), mode: 0 });
      expect(res.body.retcode).toBe('200-002');
      expect(res.body.message).toMatch(why);
    }
  });

  it('200-012 without a call, and for a call still ringing', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    expect((await transfer(g, a, { devicetype: 2, address: String(b), mode: 0 })).body.retcode).toBe(
      '200-012',
    );
    await g.request('/__mock/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: g.tenant.id }),
    });
    expect(state(g, a)).toBe('ringing');
    expect((await transfer(g, a, { devicetype: 2, address: String(b), mode: 0 })).body.retcode).toBe(
      '200-012',
    );
  });

  it('000-007 while a success transfer of the call is under way', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b, c],
    } = await talking(g, 3);
    expect((await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 })).body.retcode).toBe('0');
    expect((await transfer(g, a, { devicetype: 2, address: String(c), mode: 2 })).body.retcode).toBe(
      '000-007',
    );
  });

  it('100-006 when not signed in, 000-003 with a wrong guid', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a],
    } = await talking(g, 1);
    const other = g.agents[2]!.workNo;
    expect((await transfer(g, other, { devicetype: 1, address: '1', mode: 0 })).body.retcode).toBe('100-006');
    g.guids.set(a, 'wrong');
    expect((await transfer(g, a, { devicetype: 1, address: '1', mode: 0 })).body.retcode).toBe('000-003');
  });
});

describe('an agent signed out by force during a transfer', () => {
  it('the next agent of a success transfer: the transfer fails, the call stays with the agent', async () => {
    const g = gatewayTestApp();
    const {
      agents: [a, b],
      leg,
      call,
    } = await talking(g);
    await transfer(g, a, { devicetype: 2, address: String(b), mode: 2 });
    const next = g.calls.lastLeg!.ring();
    await g.call('DELETE', `/onlineagent/${b}/forcelogout`, b);
    expect(next.hangups).toBe(1);
    expect(state(g, b)).toBe('signed-out');
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult']);
    expect(leg.hangups).toBe(0);
    expect(call()).toMatchObject({ state: 'talking', agent: a });
  });
});

describe('a transferred Call Out', () => {
  it('rings the next agent as an offered call: a customer who hangs up meanwhile withdraws it (no Call_Out_Fail)', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    const out = await g.call('PUT', `/voicecall/${a}/callout`, a, { body: { called: '5550100' } });
    const id = out.body.result as string;
    g.calls.lastLeg!.ring().answer();
    expect(state(g, a)).toBe('talking');
    g.drain(a);
    expect((await transfer(g, a, { devicetype: 2, address: String(b), mode: 0 })).body.retcode).toBe('0');
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    const next = g.calls.lastLeg!.ring();
    expect(next.request.from).toBe('5550100');
    g.drain(b);
    await g.request(`/__mock/calls/${id}?tenant=${g.tenant.id}`, { method: 'DELETE' });
    expect(next.hangups).toBe(1);
    expect(g.drain(b)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(g.center.acd.get(id)).toMatchObject({ state: 'ended', endReason: 'abandoned' });
  });
});
