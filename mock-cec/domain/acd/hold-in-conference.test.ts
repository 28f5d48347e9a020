import { describe, expect, it } from 'vitest';
import type { MixPort } from '../../telephony/media/mixer.ts';
import { toneFrame } from '../../telephony/media/tone.ts';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

/**
 * Hold and mute during a consult and a three-party call (decision record
 * 007): the call model decides, and the media follows through one path
 * (acd.sync: the mixer's routes, then each leg's direction). Who hears whom is
 * measured in the customer's mixer: each agent's phone says its own tone, each
 * leg takes the frame the mixer sends it, and the books count what was carried.
 */
async function threeAgents() {
  const g = gatewayTestApp();
  const [a, b] = g.agents.map((x) => x.workNo) as [number, number];
  const sip = (w: number) => g.tenant.agentByWorkNo(w)!.sipAccount;
  for (const w of [a, b]) {
    g.register(w);
    await g.signIn(w, { autoanswer: false });
  }
  await g.request('/__mock/calls', { method: 'POST', body: JSON.stringify({ tenant: g.tenant.id }) });
  const legA = g.calls.lastLegTo(sip(a))!.ring().answer();
  await g.call('POST', `/voicecall/${a}/innerhelp`, a, { body: { dstaddress: String(b) } });
  const legB = g.calls.lastLegTo(sip(b))!.ring().answer();
  const call = g.center.acd.callOf(g.center.agents.get(a)!)!;
  const A = `agent ${a}`;
  const B = `agent ${b}`;
  const ports = (): [string, MixPort][] => [
    [A, legA.mix!],
    [B, legB.mix!],
  ];
  /**
   * Frames of the call: each phone speaks, each leg takes its mix, the customer's ears take theirs
   * (as a recording of the customer does); what each pair carried meanwhile (`hold-tone>x`: x heard the hold tone).
   */
  const carried = (frames = 20) => {
    const before = new Map(g.center.acd.mixFlows(call.id).map((f) => [`${f.from}>${f.to}`, f.energy]));
    for (let i = 0; i < frames; i++) {
      for (const [, port] of ports()) port.heard(toneFrame(700, i, 0.3));
      for (const [, port] of ports()) port.outgoing(toneFrame(440, i));
      legA.mix!.customerHears(160);
    }
    const out: Record<string, number> = {};
    for (const f of g.center.acd.mixFlows(call.id)) {
      const d = f.energy - (before.get(`${f.from}>${f.to}`) ?? 0);
      if (d > 0) out[`${f.from}>${f.to}`] = Math.round(d);
    }
    return Object.keys(out).sort();
  };
  const post = (w: number, path: string, body?: unknown) =>
    g.call('POST', `/voicecall/${w}/${path}`, w, { body });
  return { g, a, b, A, B, call, legA, legB, carried, post };
}

describe('mute during a consult and a three-party call', () => {
  it('three-party: the muted agent is heard by nobody and still hears both; unmuted, everyone again', async () => {
    const { a, A, B, call, carried, post } = await threeAgents();
    await post(a, 'confjoin', { callid: call.id });
    expect(carried()).toEqual(
      [`${A}>${B}`, `${A}>customer`, `${B}>${A}`, `${B}>customer`, `customer>${A}`, `customer>${B}`].sort(),
    );
    expect((await post(a, 'beginmute')).body.retcode).toBe('0');
    expect(carried()).toEqual([`${B}>${A}`, `${B}>customer`, `customer>${A}`, `customer>${B}`].sort());
    expect((await post(a, 'endmute')).body.retcode).toBe('0');
    expect(carried()).toHaveLength(6);
  });

  it('consult: the muted asking agent is not heard by the helper; the held customer hears the hold tone only', async () => {
    const { a, A, B, carried, post } = await threeAgents();
    expect(carried()).toEqual([`${A}>${B}`, `${B}>${A}`, 'hold-tone>customer']);
    await post(a, 'beginmute');
    expect(carried()).toEqual([`${B}>${A}`, 'hold-tone>customer']);
  });
});

describe('hold during a consult and a three-party call', () => {
  it('three-party: the agent holds the other two (they hear the hold tone, not each other), take back joins all three again', async () => {
    const { g, a, B, call, carried, post, legA, legB } = await threeAgents();
    await post(a, 'confjoin', { callid: call.id });
    expect(carried()).toHaveLength(6);
    expect((await post(a, 'hold')).body.retcode).toBe('0');
    expect(carried()).toEqual([`hold-tone>${B}`, 'hold-tone>customer']);
    // The tone at its level: 20 frames of 425 Hz at a quarter of full scale (energy 0.03125 a sample).
    const tone = (to: string) =>
      g.center.acd.mixFlows(call.id).find((f) => f.from === 'hold-tone' && f.to === to)!;
    expect(tone(B)).toMatchObject({ frames: 20, energy: expect.closeTo(20 * 160 * 0.03125, 0) });
    expect(tone('customer')).toMatchObject({ frames: 20, energy: expect.closeTo(20 * 160 * 0.03125, 0) });
    expect(call.model.parties.filter((p) => p.state === 'held').map((p) => p.id)).toEqual(['customer', B]);
    // Each phone is told: the asking agent talks to nobody, the helper is held.
    await expect.poll(() => [legA.reinvites.at(-1), legB.reinvites.at(-1)]).toEqual(['inactive', 'inactive']);
    expect((await post(a, 'gethold')).body.retcode).toBe('0');
    expect(carried()).toHaveLength(6);
    await expect.poll(() => [legA.reinvites.at(-1), legB.reinvites.at(-1)]).toEqual(['sendrecv', 'sendrecv']);
  });

  it('consult: hold holds the helper too; take back returns the helper only, the customer stays held by the consult', async () => {
    const { a, A, B, call, carried, post } = await threeAgents();
    await post(a, 'hold');
    expect(carried()).toEqual([`hold-tone>${B}`, 'hold-tone>customer']);
    await post(a, 'gethold');
    expect(carried()).toEqual([`${A}>${B}`, `${B}>${A}`, 'hold-tone>customer']);
    expect(call.model.parties.find((p) => p.id === 'customer')!.state).toBe('held');
  });
});
