import { describe, expect, it } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';

/** A signed-in agent talking to a customer on a fake leg. */
async function talking(g: GatewayTestApp = gatewayTestApp()) {
  const a = g.agents[0]!.workNo;
  g.register(a);
  await g.signIn(a);
  const placed = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, from: '5551234' }),
  });
  const callId = ((await placed.json()) as { id: string }).id;
  const leg = g.calls.lastLeg!;
  leg.ring().answer();
  g.drain(a);
  return { g, a, leg, callId };
}

const post = (g: GatewayTestApp, a: number, path: string) => g.call('POST', `/voicecall/${a}/${path}`, a);
const customer = (g: GatewayTestApp, callId: string) =>
  g.center.acd.get(callId)!.model.parties.find((p) => p.id === 'customer')!;

describe('hold and take back (cec_07_1239, cec_07_1241, cec_07_1240)', () => {
  it('hold: AgentEvent_Hold with the callid, the customer held, the phone re-INVITEd inactive, the hub plays the hold tone', async () => {
    const { g, a, leg, callId } = await talking();
    const res = await post(g, a, 'hold');
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(g.center.agents.get(a)!.events.map((e) => [e.eventType, e.content])).toEqual([
      ['AgentEvent_Hold', callId],
    ]);
    expect(customer(g, callId)).toMatchObject({ state: 'held', heldBy: `agent ${a}` });
    expect(leg.reinvites).toEqual(['inactive']);
    expect(leg.route).toEqual({ send: false, hear: 'hold-tone' });
    expect(g.center.agents.get(a)!.state).toBe('talking');
  });

  it('gethold (with and without callid) takes the call back: AgentEvent_Talking, re-INVITE sendrecv, audio both ways', async () => {
    for (const query of ['', 'callid=']) {
      const { g, a, leg, callId } = await talking();
      await post(g, a, 'hold');
      g.drain(a);
      const res = await post(g, a, `gethold${query ? `?${query}${callId}` : ''}`);
      expect(res.body.retcode).toBe('0');
      expect(g.drain(a)).toEqual(['AgentEvent_Talking']);
      expect(customer(g, callId)).toMatchObject({ state: 'talking' });
      expect(leg.reinvites).toEqual(['inactive', 'sendrecv']);
      expect(leg.route).toEqual({ send: true, hear: 'peer' });
    }
  });

  it('connecthold/{callid} takes the held call back', async () => {
    const { g, a, leg, callId } = await talking();
    await post(g, a, 'hold');
    const res = await post(g, a, `connecthold/${callId}`);
    expect(res.body.retcode).toBe('0');
    expect(leg.reinvites).toEqual(['inactive', 'sendrecv']);
  });

  it('refuses with the call error 200-002: no call, hold twice, take back with nothing held, another callid', async () => {
    const g = gatewayTestApp();
    const a = g.agents[0]!.workNo;
    g.register(a);
    await g.signIn(a);
    for (const path of ['hold', 'gethold', 'connecthold/1456403661-19']) {
      expect((await post(g, a, path)).body.retcode).toBe('200-002');
    }
    const t = await talking();
    expect((await post(t.g, t.a, 'gethold')).body.retcode).toBe('200-002');
    await post(t.g, t.a, 'hold');
    const again = await post(t.g, t.a, 'hold');
    expect(again.body).toMatchObject({ retcode: '200-002', message: 'The call is already held' });
    expect((await post(t.g, t.a, 'gethold?callid=1456403661-999')).body.retcode).toBe('200-002');
    expect((await post(t.g, t.a, 'connecthold/1456403661-999')).body.retcode).toBe('200-002');
    expect(t.leg.reinvites).toEqual(['inactive']);
  });

  it('refuses a malformed callid with 000-002, and a signed-out agent with 100-006', async () => {
    const { g, a } = await talking();
    await post(g, a, 'hold');
    expect((await post(g, a, 'gethold?callid=x')).body.retcode).toBe('000-002');
    expect((await post(g, a, 'connecthold/nope')).body.retcode).toBe('000-002');
    const other = g.agents[1]!.workNo;
    expect((await post(g, other, 'hold')).body.retcode).toBe('100-006');
  });

  it('a held call still ends normally: the customer hangs up while held', async () => {
    const { g, a, leg, callId } = await talking();
    await post(g, a, 'hold');
    g.drain(a);
    leg.end('customer-hangup');
    expect(g.center.acd.get(callId)).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
    expect(g.drain(a)).toContain('AgentEvent_Customer_Release');
    expect(g.center.agents.get(a)!.state).toBe('idle');
  });

  it('journals each party move: held by the agent, then talking again', async () => {
    const { g, a, callId } = await talking();
    await post(g, a, 'hold');
    await post(g, a, 'gethold');
    const parties = g.sim.journal
      .query({ kind: 'state' })
      .flatMap((e) =>
        e.kind === 'state' && e.entity === 'party' && e.id === `${callId} customer` ? [e.to] : [],
      );
    expect(parties.slice(-2)).toEqual([`held by agent ${a}`, 'talking in b1']);
  });
});

describe('mute (cec_07_1237, cec_07_1238)', () => {
  it('beginmute: the customer stops hearing the agent (the hub drops its audio), no re-INVITE; endmute restores it', async () => {
    const { g, a, leg, callId } = await talking();
    expect((await post(g, a, 'beginmute')).body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect(leg.route).toEqual({ send: true, hear: 'nothing' });
    expect(g.center.acd.get(callId)!.model.parties.find((p) => p.workNo === a)?.muted).toBe(true);
    expect((await post(g, a, 'endmute')).body.retcode).toBe('0');
    expect(leg.route).toEqual({ send: true, hear: 'peer' });
    expect(leg.reinvites).toEqual([]);
    expect(g.drain(a)).toEqual([]);
  });

  it('refuses with 200-002: no call, muted twice, unmuted twice', async () => {
    const g = gatewayTestApp();
    const a = g.agents[0]!.workNo;
    g.register(a);
    await g.signIn(a);
    expect((await post(g, a, 'beginmute')).body.retcode).toBe('200-002');
    expect((await post(g, a, 'endmute')).body.retcode).toBe('200-002');
    const t = await talking();
    expect((await post(t.g, t.a, 'endmute')).body).toMatchObject({
      retcode: '200-002',
      message: 'The agent is not muted',
    });
    await post(t.g, t.a, 'beginmute');
    expect((await post(t.g, t.a, 'beginmute')).body).toMatchObject({
      retcode: '200-002',
      message: 'The agent is already muted',
    });
  });

  it('a mute outlives a hold: taken back, the customer still does not hear the agent', async () => {
    const { g, a, leg } = await talking();
    await post(g, a, 'beginmute');
    await post(g, a, 'hold');
    await post(g, a, 'gethold');
    expect(leg.route).toEqual({ send: true, hear: 'nothing' });
  });
});
