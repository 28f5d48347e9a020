import { describe, expect, it } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import {
  CUSTOMER_HANGS_UP,
  INBOUND_ANSWERED,
  NO_ANSWER,
  OUTBOUND_CONNECTED,
  PHONE_RINGS,
} from '../../testing/vendor-sequences.ts';

async function placeCall(g: GatewayTestApp, body: Record<string, unknown> = {}) {
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, ...body }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { id: string; state: string; agent: number | null },
  };
}

/** Sign in agents with registered softphones, in order, so the first is the longest idle. */
async function ready(g: GatewayTestApp, count: number, body: Record<string, unknown> = {}) {
  const workNos = g.agents.slice(0, count).map((a) => a.workNo);
  for (const w of workNos) {
    g.register(w);
    await g.signIn(w, body);
    g.advance(1);
    g.drain(w);
  }
  return workNos;
}

const state = (g: GatewayTestApp, w: number) => g.center.agents.get(w)!.state;

describe('ACD: inbound calls', () => {
  it('rings the longest-idle ready agent and plays the vendor sequence through a customer hang-up', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 2);
    const placed = await placeCall(g, { from: '13900001111' });
    expect(placed).toMatchObject({ status: 201, body: { state: 'offering', agent: a } });
    const leg = g.calls.lastLeg!;
    expect(leg.request).toMatchObject({
      tenant: g.tenant.id,
      from: '13900001111',
      toSipAccount: g.agents[0]!.sipAccount,
    });
    expect(state(g, a!)).toBe('ringing');
    expect(g.drain(a)).toEqual([]);
    leg.ring();
    expect(leg.answerRequests).toBe(0); // autoanswer false: the agent decides
    const answer = await g.call('PUT', `/voicecall/${a}/answer`, a!);
    expect(answer.body.retcode).toBe('0');
    expect(leg.answerRequests).toBe(1);
    expect(state(g, a!)).toBe('talking');
    leg.end('customer-hangup');
    expect(state(g, a!)).toBe('idle');
    expect(g.drain(a)).toEqual([...PHONE_RINGS, ...INBOUND_ANSWERED, ...CUSTOMER_HANGS_UP]);
  });

  it('describes the call in Ringing and Talking as the vendor does, and the agent hang-up with Customer_Release', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const { body } = await placeCall(g, { from: '555', to: '4000' });
    g.calls.lastLeg!.ring().answer();
    await g.call('DELETE', `/voicecall/${a}/release`, a!);
    const events = g.center.agents.get(a!)!.events;
    const call = {
      caller: '555',
      called: '4000',
      callid: body.id,
      type: 'main',
      feature: '0',
      mediaAbility: '1',
    };
    // cec_07_1366: a voice call not transferred; mediaType "5" a common voice call.
    expect(events.find((e) => e.eventType === 'AgentEvent_Ringing')?.content).toEqual({
      ...call,
      transfer: 'no',
      transfrom: '',
      mediaType: '5',
    });
    expect(events.find((e) => e.eventType === 'AgentOther_PhoneOffhook')?.content).toEqual({ type: 'main' });
    expect(events.find((e) => e.eventType === 'AgentEvent_Talking')?.content).toEqual(call);
    // cec_05_4035: Call_Release, Customer_Release, PhoneRelease, then the landing state, whoever hung up.
    expect(events.slice(-4).map((e) => [e.eventType, e.content])).toEqual([
      ['AgentEvent_Call_Release', body.id],
      ['AgentEvent_Customer_Release', { callid: body.id, number: '555' }],
      ['AgentOther_PhoneRelease', { phoneState: 2 }],
      ['AgentState_Ready', null],
    ]);
    expect(g.calls.lastLeg!.hangups).toBe(1);
    expect(body.id).toMatch(/^\d{10}-1$/);
  });

  it('enters wrap-up after the call when signed in with autoenteridle false', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1, { autoenteridle: false });
    await placeCall(g);
    g.calls.lastLeg!.ring().answer().end('agent-hangup');
    expect(g.drain(a).slice(-4)).toEqual([
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Work',
    ]);
    expect(state(g, a!)).toBe('work');
  });

  it('answers at once and sends Auto_Answer, never Ringing, when signed in with autoanswer', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1, { autoanswer: true });
    const { body } = await placeCall(g, { from: '555', to: '4000' });
    g.calls.lastLeg!.ring();
    expect(g.calls.lastLeg!.answerRequests).toBe(1);
    const events = g.center.agents.get(a!)!.events;
    expect(events.map((e) => e.eventType)).toEqual([
      'AgentOther_PhoneAlerting',
      'AgentEvent_Auto_Answer',
      ...INBOUND_ANSWERED,
    ]);
    // cec_07_0512: Ringing's content, mediaType the number 5.
    expect(events[1]!.content).toEqual({
      caller: '555',
      called: '4000',
      callid: body.id,
      transfer: 'no',
      transfrom: '',
      type: 'main',
      mediaAbility: '1',
      feature: '0',
      mediaType: 5,
    });
    expect(state(g, a!)).toBe('talking');
  });

  it('switches auto-answer with POST autoanswer/{flag}, answering {"result": {}}', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const on = await g.call('POST', `/onlineagent/${a}/autoanswer/true`, a!);
    expect(on.body).toEqual({ message: 'success', retcode: '0', result: {} });
    await placeCall(g);
    g.calls.lastLeg!.ring();
    expect(g.drain(a)).toEqual(['AgentOther_PhoneAlerting', 'AgentEvent_Auto_Answer', ...INBOUND_ANSWERED]);
    expect(g.calls.lastLeg!.answerRequests).toBe(1);
    g.calls.lastLeg!.end('customer-hangup');
    g.drain(a);
    // Anything but "true" is manual (cec_07_1208).
    await g.call('POST', `/onlineagent/${a}/autoanswer/no`, a!);
    await placeCall(g);
    g.calls.lastLeg!.ring();
    expect(g.drain(a)).toEqual(['AgentOther_PhoneAlerting', 'AgentEvent_Ringing']);
    expect(g.calls.lastLeg!.answerRequests).toBe(0);
  });

  it('skips busy, resting, wrap-up, unregistered and unskilled agents', async () => {
    const g = gatewayTestApp();
    const [a, b, c] = await ready(g, 3);
    await g.call('POST', `/onlineagent/${a}/saybusy`, a!);
    await g.call('POST', `/onlineagent/${b}/rest/60/0`, b!);
    g.calls.unregister(g.tenant.id, g.agents[2]!.sipAccount);
    expect((await placeCall(g)).body).toMatchObject({ state: 'queued', agent: null });
    expect(g.calls.legs).toHaveLength(0);
    // Agent c has skill 1 only: a skill-2 call waits for b.
    g.register(c);
    await g.call('POST', `/onlineagent/${c}/work`, c!);
    await g.call('POST', `/onlineagent/${c}/cancelwork`, c!);
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[2]!.sipAccount);
    await placeCall(g, { skillId: 2 });
    expect(g.calls.legs).toHaveLength(1);
    await g.call('POST', `/onlineagent/${b}/cancelrest`, b!);
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[1]!.sipAccount);
  });

  it('re-queues an unanswered call to the next agent after the ring timeout, the first set not-ready (reason 2)', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    const { body } = await placeCall(g);
    const first = g.calls.lastLeg!.ring();
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(first.hangups).toBe(1);
    expect(state(g, a!)).toBe('busy');
    expect(g.center.agents.get(a!)!.reason).toBe(2);
    expect(g.drain(a)).toEqual([...PHONE_RINGS, ...NO_ANSWER]);
    const second = g.calls.lastLeg!;
    expect(second).not.toBe(first);
    expect(second.request.toSipAccount).toBe(g.agents[1]!.sipAccount);
    second.ring().answer();
    expect(state(g, b!)).toBe('talking');
    expect(g.center.acd.get(body.id)).toMatchObject({ state: 'talking', agent: b, offers: 2 });
    // The first leg's late events change nothing.
    first.end('cancelled');
    expect(state(g, b!)).toBe('talking');
  });

  it('gives a declined call to another agent and leaves the decliner ready', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 2);
    await placeCall(g);
    g.calls.lastLeg!.ring().end('rejected', 603);
    expect(state(g, a!)).toBe('idle');
    expect(g.drain(a).slice(-2)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect(g.calls.lastLeg!.request.toSipAccount).toBe(g.agents[1]!.sipAccount);
  });

  it('ends a connected call whose leg fails (the phone lost its connection) as failed, released by the platform', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const { body } = await placeCall(g);
    g.calls.lastLeg!.ring().answer();
    g.drain(a);
    g.calls.lastLeg!.end('failed', 430);
    expect(state(g, a!)).toBe('idle');
    const events = g.center.agents.get(a!)!.events.map((e) => [e.eventType, e.content]);
    expect(events).toEqual([
      ['AgentEvent_Call_Release', body.id],
      ['AgentEvent_Customer_Release', { callid: body.id, number: '13800138000' }],
      ['AgentOther_PhoneRelease', { phoneState: 3 }],
      ['AgentState_Ready', null],
    ]);
    const calls = (await (await g.request(`/__mock/calls?tenant=${g.tenant.id}`)).json()) as {
      calls: { id: string; endReason: string }[];
    };
    expect(calls.calls.find((c) => c.id === body.id)?.endReason).toBe('failed');
  });

  it('lets the customer give up while queued, ringing or talking', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const hangup = (id: string) => g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    const ringing = (await placeCall(g)).body;
    const queued = (await placeCall(g)).body;
    expect(queued.state).toBe('queued');
    expect((await hangup(queued.id)).status).toBe(200);
    g.calls.lastLeg!.ring();
    expect((await hangup(ringing.id)).status).toBe(200);
    expect(g.calls.lastLeg!.hangups).toBe(1);
    expect(g.drain(a).slice(-2)).toEqual(['AgentEvent_Call_Release', 'AgentState_Ready']);
    expect((await hangup(ringing.id)).status).toBe(409);
    expect((await hangup('nope')).status).toBe(404);
    const calls = (await (await g.request(`/__mock/calls?tenant=${g.tenant.id}`)).json()) as {
      calls: { id: string; state: string; endReason: string }[];
    };
    expect(calls.calls.map((c) => [c.id, c.state, c.endReason])).toEqual([
      [ringing.id, 'ended', 'abandoned'],
      [queued.id, 'ended', 'abandoned'],
    ]);
  });

  it('refuses a call when the skill queue is full, and an unknown skill', async () => {
    const g = gatewayTestApp(1, (t) => ({ ...t, acd: { ...t.acd, queueCapacity: 1 } }));
    expect((await placeCall(g)).status).toBe(201);
    const full = await placeCall(g);
    expect(full.status).toBe(409);
    expect((await placeCall(g, { skillId: 2 })).status).toBe(201);
    expect((await placeCall(g, { skillId: 9 })).status).toBe(400);
    expect((await placeCall(g, { tenant: 'nobody' })).status).toBe(404);
    expect((await placeCall(g, { behaviour: { answer: 'maybe' } })).status).toBe(400);
  });

  it('keeps a state asked for during a call until the call ends', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    await placeCall(g);
    g.calls.lastLeg!.ring().answer();
    expect((await g.call('POST', `/onlineagent/${a}/saybusy?reason=220`, a!)).body.retcode).toBe('0');
    expect(state(g, a!)).toBe('talking');
    g.calls.lastLeg!.end('customer-hangup');
    expect(state(g, a!)).toBe('busy');
    expect(g.center.agents.get(a!)!.events.at(-1)).toMatchObject({
      eventType: 'AgentState_SetNotReady_Success',
      content: { reason: '220' },
    });
  });

  it('answers 200-002 for answer or release without a call', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    expect((await g.call('PUT', `/voicecall/${a}/answer`, a!)).body.retcode).toBe('200-002');
    expect((await g.call('DELETE', `/voicecall/${a}/release`, a!)).body.retcode).toBe('200-002');
  });

  it("shows agents' states through the control API", async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    await placeCall(g);
    const res = await g.request(`/__mock/tenants/${g.tenant.id}/agents`);
    const { agents } = (await res.json()) as {
      agents: { workNo: number; state: string; stateCode: number }[];
    };
    expect(agents.find((x) => x.workNo === a)).toMatchObject({
      state: 'ringing',
      stateCode: 7,
      registered: true,
    });
    expect(agents.find((x) => x.workNo === g.agents[2]!.workNo)).toMatchObject({
      state: 'signed-out',
      stateCode: 2,
    });
  });
});

describe('ACD: Call Out', () => {
  it("rings the agent's phone first, then the customer, then talks", async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const res = await g.call('PUT', `/voicecall/${a}/callout`, a!, {
      body: { called: '13712345678', mediaability: 0 },
    });
    expect(res.body.retcode).toBe('0');
    const callid = res.body.result as string;
    const leg = g.calls.lastLeg!;
    expect(leg.request).toMatchObject({ from: '13712345678', toSipAccount: g.agents[0]!.sipAccount });
    leg.ring();
    expect((await g.call('PUT', `/voicecall/${a}/callout`, a!, { body: { called: '1' } })).body.retcode).toBe(
      '000-007',
    );
    leg.answer();
    expect(state(g, a!)).toBe('talking');
    const events = g.center.agents.get(a!)!.events;
    expect(events.map((e) => e.eventType)).toEqual([...PHONE_RINGS, ...OUTBOUND_CONNECTED]);
    expect(events[1]!.content).toMatchObject({ callid, called: '13712345678', feature: '7' });
    // cec_07_1356: the customer's phone, not an agent's.
    expect(events.find((e) => e.eventType === 'AgentEvent_Customer_Alerting')!.content).toEqual({
      callid,
      otherPhoneWorkno: '',
      otherPhone: '13712345678',
      type: 'main',
    });
    expect((await g.call('PUT', `/voicecall/${a}/callout`, a!, { body: { called: '1' } })).body.retcode).toBe(
      '200-002',
    );
  });

  it('refuses a video Call Out as a voice-only tenant does', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    const res = await g.call('PUT', `/voicecall/${a}/callout`, a!, {
      body: { called: '13712345678', mediaability: 1 },
    });
    expect(res.body).toMatchObject({ retcode: '200-002', message: expect.stringMatching(/video/) });
    expect(g.calls.legs).toHaveLength(0);
    expect(state(g, a!)).toBe('idle');
  });

  it('fails the Call Out when the customer is busy, and the agent returns to its state', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    await g.call('POST', `/onlineagent/${a}/saybusy?reason=230`, a!);
    g.drain(a);
    const res = await g.call('PUT', `/voicecall/${a}/callout`, a!, { body: { called: '5550102' } });
    g.calls.lastLeg!.ring().answer();
    expect(g.calls.lastLeg!.hangups).toBe(1);
    expect(state(g, a!)).toBe('busy');
    const events = g.center.agents.get(a!)!.events;
    // The customer answered 486: it never alerted, so no Customer_Alerting (cec_05_4029).
    expect(events.map((e) => e.eventType)).not.toContain('AgentEvent_Customer_Alerting');
    expect(events.slice(-4).map((e) => [e.eventType, e.content])).toEqual([
      ['AgentOther_PhoneOffhook', { type: 'main' }],
      ['AgentEvent_Call_Out_Fail', res.body.result],
      ['AgentOther_PhoneRelease', { phoneState: 3 }],
      ['AgentState_SetNotReady_Success', { reason: '230' }],
    ]);
  });

  it('fails when nobody answers within the ring timeout, or the phone is not registered', async () => {
    const g = gatewayTestApp();
    const [a, b] = await ready(g, 2);
    await g.call('PUT', `/voicecall/${a}/callout`, a!, { body: { called: '5550103' } });
    g.calls.lastLeg!.ring().answer();
    expect(state(g, a!)).toBe('dialing');
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(state(g, a!)).toBe('idle');
    expect(g.drain(a).slice(-3)).toEqual([
      'AgentEvent_Call_Out_Fail',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    g.calls.unregister(g.tenant.id, g.agents[1]!.sipAccount);
    const legs = g.calls.legs.length;
    expect(
      (await g.call('PUT', `/voicecall/${b}/callout`, b!, { body: { called: '123' } })).body.retcode,
    ).toBe('0');
    expect(g.calls.legs).toHaveLength(legs);
    expect(g.drain(b)).toEqual(['AgentEvent_Call_Out_Fail', 'AgentState_Ready']);
  });

  it('refuses a missing or undialable number with 000-002', async () => {
    const g = gatewayTestApp();
    const [a] = await ready(g, 1);
    for (const body of [
      {},
      { called: '' },
      { called: '12a' },
      { called: 12 },
      { called: '1', mediaability: 7 },
    ]) {
      expect(
        (await g.call('PUT', `/voicecall/${a}/callout`, a!, { body })).body.retcode,
        JSON.stringify(body),
      ).toBe('000-002');
    }
  });

  it('lets a customer answer after a while and hang up later, as its behaviour says', async () => {
    const directory = {
      behaviourOf: () => ({
        answer: 'answer' as const,
        answerAfterMs: 1000,
        hangupAfterMs: 5000,
        source: { kind: 'echo' as const },
        mode: 'both' as const,
      }),
    };
    const g = gatewayTestApp(1, (t) => t, { directory });
    const [a] = await ready(g, 1);
    await g.call('PUT', `/voicecall/${a}/callout`, a!, { body: { called: '5550100' } });
    const leg = g.calls.lastLeg!;
    expect(leg.request.behaviour).toEqual({
      answer: 'answer',
      answerAfterMs: 1000,
      source: { kind: 'echo' },
      mode: 'both',
    });
    leg.ring().answer();
    expect(state(g, a!)).toBe('dialing');
    g.advance(999);
    expect(state(g, a!)).toBe('dialing');
    g.advance(1);
    expect(state(g, a!)).toBe('talking');
    g.advance(5000);
    expect(leg.hangups).toBe(1);
    expect(state(g, a!)).toBe('idle');
    expect(g.drain(a)).toEqual([...PHONE_RINGS, ...OUTBOUND_CONNECTED, ...CUSTOMER_HANGS_UP]);
  });
});
