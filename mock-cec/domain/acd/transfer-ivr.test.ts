import { describe, expect, it, vi } from 'vitest';
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { PHONE_RINGS } from '../../testing/vendor-sequences.ts';

/**
 * Transfers to an IVR flow (devicetype 3: release 0, suspend 1) and to a
 * system access code (devicetype 4: release 0, success 2), on the tenant's
 * `ivr` section (docs/vendor/transfer-and-internal-calls.md).
 */
const TRANSFERRED_AWAY = ['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready'];
const PROMPT_MS = 4000;
const withIvr = (t: Tenant): Tenant => ({
  ...t,
  ivr: {
    flows: [{ accessCode: '9001', promptMs: PROMPT_MS, frequencyHz: 800 }],
    accessCodes: [{ code: '4000', skillId: 1 }],
  },
});

async function talking(g: GatewayTestApp, count = 1) {
  const workNos = g.agents.slice(0, count).map((a) => a.workNo);
  for (const w of workNos) {
    g.register(w);
    await g.signIn(w);
    g.advance(1);
    g.drain(w);
  }
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: g.tenant.id,
      from: '13900001111',
      behaviour: { source: { kind: 'tone' } },
    }),
  });
  const { id } = (await res.json()) as { id: string };
  const leg = g.calls.lastLeg!.ring().answer();
  g.drain(workNos[0]!);
  return { a: workNos[0]!, b: workNos[1], id, leg, call: () => g.center.acd.get(id)! };
}

const transfer = (g: GatewayTestApp, a: number, body: unknown) =>
  g.call('POST', `/voicecall/${a}/transfer`, a, { body });
const flow = (g: GatewayTestApp, id: string, from: string, to: string) =>
  g.center.acd.mixFlows(id).find((f) => f.from === from && f.to === to)?.energy ?? 0;
const states = (g: GatewayTestApp, id: string) =>
  Object.fromEntries(g.center.acd.get(id)!.model.parties.map((p) => [p.id, p.state]));

describe('transfer to an IVR flow (devicetype 3)', () => {
  it('suspend (mode 1): the customer hears the flow, then comes back to the agent with AgentEvent_ReturnFromIvr', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, id, leg, call } = await talking(g);
    const res = await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 });
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(g.drain(a)).toEqual([]);
    expect(states(g, id)).toEqual({ customer: 'talking', [`agent ${a}`]: 'talking', 'ivr 9001': 'talking' });
    expect(call()).toMatchObject({ state: 'talking', agent: a });
    expect(g.center.agents.get(a)!.state).toBe('talking');
    // The customer and the flow hear each other; the agent hears neither meanwhile.
    await vi.waitFor(() => expect(flow(g, id, 'ivr 9001', 'customer')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(flow(g, id, 'customer', 'ivr 9001')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    leg.mix!.outgoing(new Int16Array(160).fill(1000));
    expect(flow(g, id, 'customer', `agent ${a}`)).toBe(0);
    expect(g.center.acd.outsideStats(id)).toMatchObject([{ party: 'ivr 9001', frequencyHz: 800 }]);
    // A second transfer waits for the flow to hand the call back.
    expect((await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 })).body.retcode).toBe('000-007');
    g.advance(PROMPT_MS);
    expect(g.drain(a)).toEqual(['AgentEvent_ReturnFromIvr']);
    expect(g.center.agents.get(a)!.events).toEqual([]);
    expect(states(g, id)).toMatchObject({ customer: 'talking', 'ivr 9001': 'gone' });
    expect(call().model.parties.find((p) => p.id === 'customer')!.bridge).toBe(
      call().model.parties.find((p) => p.id === `agent ${a}`)!.bridge,
    );
    // Back with the agent: the mixer carries the customer to the agent's leg again.
    leg.mix!.outgoing(new Int16Array(160).fill(1000));
    expect(flow(g, id, 'customer', `agent ${a}`)).toBeGreaterThan(0);
    expect(g.center.acd.outsideStats(id)).toEqual([]);
    expect(leg.reinvites).toEqual([]);
  });

  it('ReturnFromIvr names the call', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, id } = await talking(g);
    await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 });
    g.advance(PROMPT_MS);
    expect(
      g.center.agents.get(a)!.events.find((e) => e.eventType === 'AgentEvent_ReturnFromIvr')?.content,
    ).toBe(id);
  });

  it('suspend, then the customer hangs up in the flow: the agent is released, the flow stops', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, id, call } = await talking(g);
    await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 });
    await g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    expect(call()).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
    expect(g.drain(a)).toEqual([
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentOther_PhoneRelease',
      'AgentState_Ready',
    ]);
    g.advance(PROMPT_MS);
    expect(g.drain(a)).toEqual([]);
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });

  it('release (mode 0): the agent is released at once; the call ends in the flow after its prompt', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, id, leg, call } = await talking(g);
    await transfer(g, a, { devicetype: 3, address: '9001', mode: 0 });
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(leg.hangups).toBe(1);
    expect(call()).toMatchObject({ state: 'talking', agent: undefined, transferredFrom: a });
    await vi.waitFor(() => expect(flow(g, id, 'ivr 9001', 'customer')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    g.advance(PROMPT_MS);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });

  it.each([
    ['an unknown access code', { devicetype: 3, address: '9999', mode: 0 }, '000-002'],
    ['success (mode 2) to an IVR', { devicetype: 3, address: '9001', mode: 2 }, '000-002'],
    ['an unknown system access code', { devicetype: 4, address: '4999', mode: 0 }, '000-002'],
    ['suspend (mode 1) to a system access code', { devicetype: 4, address: '4000', mode: 1 }, '000-002'],
  ])('%s: %s', async (_, body, retcode) => {
    const g = gatewayTestApp(1, withIvr);
    const { a, call } = await talking(g);
    expect((await transfer(g, a, body)).body.retcode).toBe(retcode);
    expect(call()).toMatchObject({ state: 'talking', agent: a });
  });

  it('200-002 for a suspend transfer of a held customer (the flow would hand back a call the agent does not talk on)', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, call } = await talking(g);
    await g.call('POST', `/voicecall/${a}/hold`, a);
    expect((await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 })).body.retcode).toBe('200-002');
    expect(call().model.parties.find((p) => p.id === 'customer')!.state).toBe('held');
  });

  it('a tenant without IVR flows refuses them as unknown', async () => {
    const g = gatewayTestApp();
    const { a } = await talking(g);
    expect((await transfer(g, a, { devicetype: 3, address: '9001', mode: 1 })).body.retcode).toBe('000-002');
  });
});

describe('transfer to a system access code (devicetype 4)', () => {
  it("release (mode 0): the call enters the code's skill queue again and the ACD offers it", async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, b, id, call } = await talking(g, 2);
    await transfer(g, a, { devicetype: 4, address: '4000', mode: 0 });
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(call()).toMatchObject({ state: 'offering', agent: b, skillId: 1 });
    g.calls.lastLeg!.ring();
    expect(g.drain(b!)).toEqual(PHONE_RINGS);
    void id;
  });

  it('success (mode 2): an idle agent of the skill rings; the agent lets go when it answers', async () => {
    const g = gatewayTestApp(1, withIvr);
    const { a, b, call } = await talking(g, 2);
    await transfer(g, a, { devicetype: 4, address: '4000', mode: 2 });
    expect(g.drain(a)).toEqual([]);
    g.calls.lastLeg!.ring().answer();
    expect(g.drain(a)).toEqual(['AgentEvent_SuccTransResult', ...TRANSFERRED_AWAY]);
    expect(call()).toMatchObject({ state: 'talking', agent: b });
  });
});
