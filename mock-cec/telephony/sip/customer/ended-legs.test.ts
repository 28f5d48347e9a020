import { beforeEach, describe, expect, it } from 'vitest';
import { composeTenants } from '../../../compose-tenants.ts';
import type { CallLeg, CustomerBehaviour } from '../../../domain/calls/customer-calls.ts';
import { seedTenant } from '../../../infrastructure/config/seed-tenant.ts';
import { ManualClock } from '../../../infrastructure/primitives/clock.ts';
import { ClockTimers } from '../../../infrastructure/primitives/timers.ts';
import { Simulator } from '../../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../../infrastructure/state/tenant-runtime.ts';
import { SipService } from '../sip-service.ts';
import { FakeMediaEngine } from '../testing/fake-media-engine.ts';
import { FakePhone } from '../testing/fake-phone.ts';
import { ENDED_LEGS_KEPT, EndedLegs } from './ended-legs.ts';

const tone: CustomerBehaviour = { answer: 'answer', source: { kind: 'tone' }, mode: 'both' };

describe('EndedLegs', () => {
  it("hands back each tenant's oldest ended legs past its history, oldest first", () => {
    const ended = new EndedLegs(2);
    expect(ended.ended('a', 'a1')).toEqual([]);
    expect(ended.ended('a', 'a2')).toEqual([]);
    expect(ended.ended('b', 'b1')).toEqual([]);
    expect(ended.ended('a', 'a3')).toEqual(['a1']);
    expect(ended.ended('a', 'a4')).toEqual(['a2']);
    ended.forgetTenant('a');
    expect(ended.ended('a', 'a5')).toEqual([]);
    expect(ended.ended('b', 'b2')).toEqual([]);
    expect(ended.ended('b', 'b3')).toEqual(['b1']);
  });
});

describe('the simulated customer forgets what an ended call no longer needs', () => {
  let sim: Simulator;
  let tenant: TenantRuntime;
  let sip: SipService;
  let media: FakeMediaEngine;
  let phone: FakePhone;

  beforeEach(async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    sim = new Simulator({ clock, realTimers: false });
    media = new FakeMediaEngine();
    sip = new SipService(sim, {
      timers: new ClockTimers(clock, { real: false }),
      media,
      secret: Buffer.from('s'),
    });
    composeTenants(sim, { sip });
    tenant = sim.addTenant(seedTenant(21, { agents: 3 }), 21);
    phone = new FakePhone(sip.server, tenant.config.agents[0]!, 'w1');
    await phone.register();
  });

  const ended = (leg: CallLeg) => new Promise<void>((r) => leg.on('ended', () => r()));
  /** A call to agent 1, whose phone is not registered: the proxy answers 480 and the leg ends. */
  const unreachable = async () => {
    const leg = sip.customer.dial({
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: tenant.config.agents[1]!.sipAccount,
      behaviour: tone,
    });
    await ended(leg);
    return leg.sipCallId;
  };
  /** The agent's phone calls the busy customer number: 486, and the leg ends. */
  const busy = async () => {
    const { callId } = await phone.call('5550102');
    const res = await phone.next();
    expect(res.kind === 'response' && res.status).toBe(486);
    return callId;
  };

  it('an ended leg lets go of its media session at once and keeps its last figures', async () => {
    const leg = sip.customer.dial({
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: phone.agent.sipAccount,
      behaviour: tone,
    });
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 200, { sdp: true });
    await phone.nextRequest('ACK');
    const kept = sip.customer.leg(leg.sipCallId)!;
    expect(kept.session).toBeDefined();
    const done = ended(leg);
    await leg.hangup();
    phone.respond(await phone.nextRequest('BYE'), 200);
    await done;

    expect(media.sessions[0]!.closed).toBe(true);
    expect({ session: kept.session, pending: kept.pending }).toEqual({
      session: undefined,
      pending: undefined,
    });
    // What the control API shows of it is still there.
    expect(kept.view()).toMatchObject({
      state: 'ended',
      endReason: 'customer-hangup',
      media: { flavour: 'webrtc', packetsSent: 0 },
    });
    expect(leg.mediaStats()).toMatchObject({ flavour: 'webrtc' });
  });

  it(`keeps the newest ${ENDED_LEGS_KEPT} ended legs of a tenant, whichever way they went, and every live one`, async () => {
    // A live call, placed first: it outlives any number of ended ones.
    const live = sip.customer.dial({
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: phone.agent.sipAccount,
      behaviour: tone,
    });
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    const ids: string[] = [];
    for (let i = 0; i < ENDED_LEGS_KEPT + 60; i++) ids.push(await (i % 2 ? busy() : unreachable()));

    const legs = sip.customer.legs(tenant.id);
    expect(legs).toHaveLength(ENDED_LEGS_KEPT + 1);
    expect(legs.filter((l) => l.state !== 'ended').map((l) => l.sipCallId)).toEqual([live.sipCallId]);
    expect(sip.customer.leg(ids[0]!)).toBeUndefined();
    expect(sip.customer.leg(ids[59]!)).toBeUndefined();
    expect(sip.customer.leg(ids[60]!)?.endReason).toBe('unreachable');
    expect(sip.customer.leg(ids.at(-1)!)?.view()).toMatchObject({ endReason: 'rejected', endStatus: 486 });

    // The live call ends too: it joins the history, and the oldest kept one goes.
    const done = ended(live);
    await live.hangup();
    phone.respond(await phone.nextRequest('CANCEL'), 200);
    phone.respond(invite, 487);
    await done;
    expect(sip.customer.legs(tenant.id)).toHaveLength(ENDED_LEGS_KEPT);
    expect(sip.customer.leg(live.sipCallId)?.endReason).toBe('cancelled');
    expect(sip.customer.leg(ids[60]!)).toBeUndefined();
  });

  it('forgets ended legs by tenant: a reset forgets them all, and the count starts again', async () => {
    for (let i = 0; i < 5; i++) await unreachable();
    expect(sip.customer.legs(tenant.id)).toHaveLength(5);
    tenant.reset();
    expect(sip.customer.legs(tenant.id)).toHaveLength(0);
    await phone.register();
    for (let i = 0; i < ENDED_LEGS_KEPT + 3; i++) await unreachable();
    expect(sip.customer.legs(tenant.id)).toHaveLength(ENDED_LEGS_KEPT);
  });
});
