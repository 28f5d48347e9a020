import { describe, expect, it, vi } from 'vitest';
import type { MixPort } from '../../telephony/media/mixer.ts';
import { OUTSIDE_TONE_HZ } from '../../telephony/media/outside-party.ts';
import { toneFrame } from '../../telephony/media/tone.ts';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { AGENT_HANGS_UP, CUSTOMER_HANGS_UP } from '../../testing/vendor-sequences.ts';
import { OUTSIDE_TALK_MS } from './transfer.ts';

/**
 * Talk (mode 3) and three-way (mode 4) transfers to an outside number
 * (docs/vendor/transfer-and-internal-calls.md): the number answers from the
 * tenant's customers table (5550100 answers, 5550102 is busy, 5550103 never
 * answers) and joins the call's mixer as an outside party with its own tone.
 */
const TRANSFERRED_AWAY = ['AgentEvent_Call_Release', 'AgentOther_PhoneRelease', 'AgentState_Ready'];
const CUSTOMER = '13900001111';

async function talking(g: GatewayTestApp) {
  const a = g.agents[0]!.workNo;
  g.register(a);
  await g.signIn(a);
  g.advance(1);
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, from: CUSTOMER, behaviour: { source: { kind: 'tone' } } }),
  });
  const { id } = (await res.json()) as { id: string };
  const leg = g.calls.lastLeg!.ring().answer();
  g.drain(a);
  return { a, id, leg, call: () => g.center.acd.get(id)! };
}

const transfer = (g: GatewayTestApp, a: number, body: unknown) =>
  g.call('POST', `/voicecall/${a}/transfer`, a, { body });
const parties = (g: GatewayTestApp, id: string) =>
  Object.fromEntries(
    g.center.acd
      .get(id)!
      .model.parties.map((p) => [
        p.id,
        p.state === 'held'
          ? `held by ${p.heldBy}`
          : p.state === 'talking'
            ? `talking in ${p.bridge}`
            : p.state,
      ]),
  );
const flow = (g: GatewayTestApp, id: string, from: string, to: string) =>
  g.center.acd.mixFlows(id).find((f) => f.from === from && f.to === to)?.energy ?? 0;
const outside = (g: GatewayTestApp, id: string) => g.center.acd.outsideStats(id)[0];
const contentOf = (g: GatewayTestApp, w: number, type: string) =>
  g.center.agents.get(w)!.events.find((e) => e.eventType === type)?.content;
/**
 * The agent's phone for `frames` frames: it says its own tone into the mixer,
 * and its leg takes the frame the mixer sends it (what the agent hears).
 */
const agentSpeaks = (leg: { mix?: MixPort }, frames = 10) => {
  for (let i = 0; i < frames; i++) {
    leg.mix?.heard(toneFrame(700, i, 0.3));
    leg.mix?.outgoing(toneFrame(440, i));
  }
};

describe('talk transfer to an outside number (devicetype 5, mode 3)', () => {
  it('the agent talks with the number while the customer is held; hanging up leaves the customer with it, heard both ways', async () => {
    const g = gatewayTestApp();
    const { a, id, leg, call } = await talking(g);
    const res = await transfer(g, a, { devicetype: 5, address: '5550100', mode: 3 });
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    // The vendor's events in its order: the customer held, the number alerts, then talks (cec_07_1242).
    expect(g.drain(a)).toEqual(['AgentEvent_Hold', 'AgentEvent_Customer_Alerting', 'AgentEvent_Talking']);
    expect(contentOf(g, a, 'AgentEvent_Customer_Alerting')).toBeUndefined(); // drained
    expect(parties(g, id)).toEqual({
      customer: `held by agent ${a}`,
      [`agent ${a}`]: 'talking in b1',
      'outside 5550100': 'talking in b1',
    });
    // The agent's phone was told of the hold, then of the talk with the number.
    expect(leg.reinvites).toEqual(['inactive', 'sendrecv']);
    expect(leg.mix).toBeDefined();
    expect(leg.route).toEqual({ send: true, hear: 'peer' });
    // The number hears the agent, not the held customer; the agent hears the number.
    agentSpeaks(leg);
    await vi.waitFor(() => expect(flow(g, id, `agent ${a}`, 'outside 5550100')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    await vi.waitFor(
      () => {
        agentSpeaks(leg, 1);
        expect(flow(g, id, 'outside 5550100', `agent ${a}`)).toBeGreaterThan(1);
      },
      {
        timeout: 10_000,
      },
    );
    expect(flow(g, id, 'customer', 'outside 5550100')).toBe(0);
    expect(flow(g, id, 'outside 5550100', 'customer')).toBe(0);
    expect(outside(g, id)).toMatchObject({ party: 'outside 5550100', frequencyHz: OUTSIDE_TONE_HZ });
    expect(outside(g, id)!.energyHeard).toBeGreaterThan(1);

    // The agent hangs up: the transfer completes.
    expect((await g.call('DELETE', `/voicecall/${a}/release`, a)).body.retcode).toBe('0');
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(leg.hangups).toBe(1);
    expect(call()).toMatchObject({ state: 'talking', agent: undefined, transferredFrom: a });
    expect(parties(g, id)).toEqual({
      customer: 'talking in b1',
      [`agent ${a}`]: 'gone',
      'outside 5550100': 'talking in b1',
    });
    // The customer's audio follows the call to the number, and the customer hears it.
    await vi.waitFor(() => expect(flow(g, id, 'customer', 'outside 5550100')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(flow(g, id, 'outside 5550100', 'customer')).toBeGreaterThan(1), {
      timeout: 10_000,
    });
    // The control API's call view shows both.
    const view = (await (await g.request(`/__mock/calls?tenant=${g.tenant.id}`)).json()) as {
      calls: { id: string; outside: { energyHeard: number }[]; mix: { from: string; to: string }[] }[];
    };
    const seen = view.calls.find((c) => c.id === id)!;
    expect(seen.outside[0]!.energyHeard).toBeGreaterThan(1);
    expect(seen.mix.some((f) => f.from === 'customer' && f.to === 'outside 5550100')).toBe(true);
    // The customer hangs up: the call ends, transferred out; the number stops.
    await g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    expect(call()).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });

  it("re-INVITEs of one leg go one at a time: the talk's sendrecv waits for the hold's answer (a phone says 491 to a second one meanwhile)", async () => {
    const g = gatewayTestApp();
    const { a, leg } = await talking(g);
    let answerHold: (() => void) | undefined;
    const sent: string[] = [];
    leg.reinvite = (direction) => {
      sent.push(direction);
      return direction === 'inactive'
        ? new Promise((resolve) => {
            answerHold = () => resolve({ ok: true });
          })
        : Promise.resolve({ ok: true });
    };
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 3 });
    // The number answered at once, but the hold's re-INVITE is not answered yet: nothing more is sent.
    expect(sent).toEqual(['inactive']);
    answerHold!();
    await vi.waitFor(() => expect(sent).toEqual(['inactive', 'sendrecv']));
  });

  it('a busy number: Connect_Fail and the agent has the customer back', async () => {
    const g = gatewayTestApp();
    const { a, id, leg, call } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550102', mode: 3 });
    expect(g.drain(a)).toEqual([
      'AgentEvent_Hold',
      'AgentEvent_Customer_Alerting',
      'AgentEvent_Connect_Fail',
    ]);
    expect(parties(g, id)).toMatchObject({ customer: 'talking in b1', [`agent ${a}`]: 'talking in b1' });
    expect(leg.reinvites).toEqual(['inactive', 'sendrecv']);
    expect(call()).toMatchObject({ state: 'talking', agent: a, transferring: undefined });
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });

  it('a number that never answers: Connect_Fail at the ring timeout (content: the callid)', async () => {
    const g = gatewayTestApp();
    const { a, id } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550103', mode: 3 });
    expect(g.drain(a)).toEqual(['AgentEvent_Hold', 'AgentEvent_Customer_Alerting']);
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(g.center.agents.get(a)!.events.map((e) => e.eventType)).toEqual(['AgentEvent_Connect_Fail']);
    expect(contentOf(g, a, 'AgentEvent_Connect_Fail')).toBe(id);
  });

  it('the agent hangs up while the number rings: the call is released as usual', async () => {
    const g = gatewayTestApp();
    const { a, id, call } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550103', mode: 3 });
    g.drain(a);
    await g.call('DELETE', `/voicecall/${a}/release`, a);
    expect(g.drain(a)).toEqual(AGENT_HANGS_UP);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'agent-hangup' });
    expect(parties(g, id)['outside 5550103']).toBe('gone');
  });

  it('the customer hangs up during the talk: the agent is released, the number stops', async () => {
    const g = gatewayTestApp();
    const { a, id, call } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 3 });
    g.drain(a);
    await g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    expect(g.drain(a)).toEqual(CUSTOMER_HANGS_UP);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });

  it('000-007 for a second transfer while the first is under way', async () => {
    const g = gatewayTestApp();
    const { a } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 3 });
    expect((await transfer(g, a, { devicetype: 5, address: '5550100', mode: 3 })).body.retcode).toBe(
      '000-007',
    );
  });
});

describe('three-way transfer to an outside number (devicetype 5, mode 4)', () => {
  it('holdflag true (the default): the customer waits on hold while it rings, then the three talk; the agent leaves the two', async () => {
    const g = gatewayTestApp();
    const { a, id, leg, call } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 4, holdflag: 'true' });
    expect(g.drain(a)).toEqual([
      'AgentEvent_Hold',
      'AgentEvent_Customer_Alerting',
      'AgentEvent_Talking',
      'AgentEvent_Conference',
    ]);
    expect(contentOf(g, a, 'AgentEvent_Conference')).toBeUndefined();
    expect(parties(g, id)).toEqual({
      customer: 'talking in b1',
      [`agent ${a}`]: 'talking in b1',
      'outside 5550100': 'talking in b1',
    });
    expect(leg.reinvites).toEqual(['inactive', 'sendrecv']);
    // The number hears the customer and the agent; both hear the number.
    agentSpeaks(leg);
    for (const [from, to] of [
      ['customer', 'outside 5550100'],
      [`agent ${a}`, 'outside 5550100'],
      ['outside 5550100', 'customer'],
      ['outside 5550100', `agent ${a}`],
    ] as const) {
      await vi.waitFor(
        () => {
          agentSpeaks(leg, 1);
          expect(flow(g, id, from, to)).toBeGreaterThan(1);
        },
        { timeout: 10_000 },
      );
    }
    await g.call('DELETE', `/voicecall/${a}/release`, a);
    expect(g.drain(a)).toEqual(TRANSFERRED_AWAY);
    expect(parties(g, id)).toMatchObject({ customer: 'talking in b1', 'outside 5550100': 'talking in b1' });
    // Neither says how long they talk: the simulator's OUTSIDE_TALK_MS.
    g.advance(OUTSIDE_TALK_MS);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
  });

  it('the conference names the number and the customer as partners', async () => {
    const g = gatewayTestApp();
    const { a, id } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 4 });
    expect(
      g.center.agents.get(a)!.events.find((e) => e.eventType === 'AgentEvent_Conference')?.content,
    ).toEqual({ callid: id, partner: `5550100,${CUSTOMER}` });
  });

  it('holdflag false: the customer is not held while the number rings (no AgentEvent_Hold, no re-INVITE)', async () => {
    const g = gatewayTestApp();
    const { a, id, leg } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550103', mode: 4, holdflag: false });
    expect(g.drain(a)).toEqual(['AgentEvent_Customer_Alerting']);
    expect(parties(g, id)).toMatchObject({ customer: 'talking in b1', [`agent ${a}`]: 'talking in b1' });
    expect(leg.reinvites).toEqual([]);
    g.advance(g.tenant.config.acd.ringTimeoutMs);
    expect(g.drain(a)).toEqual(['AgentEvent_Connect_Fail']);
    expect(leg.reinvites).toEqual([]);
  });

  it('holdflag false, answered: all three talk at once', async () => {
    const g = gatewayTestApp();
    const { a, id, leg } = await talking(g);
    await transfer(g, a, { devicetype: 5, address: '5550100', mode: 4, holdflag: false });
    expect(g.drain(a)).toEqual([
      'AgentEvent_Customer_Alerting',
      'AgentEvent_Talking',
      'AgentEvent_Conference',
    ]);
    expect(parties(g, id)).toEqual({
      customer: 'talking in b1',
      [`agent ${a}`]: 'talking in b1',
      'outside 5550100': 'talking in b1',
    });
    expect(leg.reinvites).toEqual([]);
    expect(leg.mix).toBeDefined();
  });
});
