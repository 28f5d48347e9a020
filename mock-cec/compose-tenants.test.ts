import { describe, expect, it } from 'vitest';
import { composeTenants } from './compose-tenants.ts';
import type { CustomerBehaviour } from './domain/calls/customer-calls.ts';
import { seedTenant } from './infrastructure/config/seed-tenant.ts';
import type { StateEntry } from './infrastructure/journal/journal.ts';
import { ManualClock } from './infrastructure/primitives/clock.ts';
import { ClockTimers } from './infrastructure/primitives/timers.ts';
import { Simulator } from './infrastructure/state/simulator.ts';
import { SipService } from './telephony/sip/sip-service.ts';
import { FakeMediaEngine } from './telephony/sip/testing/fake-media-engine.ts';
import { FakePhone } from './telephony/sip/testing/fake-phone.ts';

const tone: CustomerBehaviour = { answer: 'answer', source: { kind: 'tone' }, mode: 'both' };

function simulator() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const sim = new Simulator({ clock, realTimers: false });
  const sip = new SipService(sim, {
    timers: new ClockTimers(clock, { real: false }),
    media: new FakeMediaEngine(),
    secret: Buffer.from('s'),
  });
  composeTenants(sim, { sip, center: { calls: sip.customer } });
  return { sim, sip };
}

describe('one composition per tenant', () => {
  it('builds every tenant whole when it is added, the SIP side and the contact center on its runtime', () => {
    const { sim } = simulator();
    const a = sim.addTenant(seedTenant(41, { agents: 2 }), 41);
    const b = sim.addTenant(seedTenant(42, { agents: 2 }), 42);
    for (const t of [a, b]) {
      expect(t.sip?.id).toBe(t.id);
      expect(t.sip?.account(t.config.agents[0]!.sipAccount)?.workNo).toBe(t.config.agents[0]!.workNo);
      expect(t.center?.agents.all().map((r) => r.workNo)).toEqual(t.config.agents.map((x) => x.workNo));
    }
    expect(a.center).not.toBe(b.center);
  });

  it('takes its composer once, before the first tenant: no tenant is ever built in parts', () => {
    const sim = new Simulator({ realTimers: false });
    sim.addTenant(seedTenant(43), 43);
    expect(() => composeTenants(sim, {})).toThrow(/before the first tenant/);
    const fresh = new Simulator({ realTimers: false });
    composeTenants(fresh, {});
    expect(() => composeTenants(fresh, {})).toThrow(/once/);
  });

  it('resets every part with the tenant: registrations, the customer calls, the contact center', async () => {
    const { sim, sip } = simulator();
    const tenant = sim.addTenant(seedTenant(44, { agents: 2 }), 44);
    const agent = tenant.config.agents[0]!;
    const phone = new FakePhone(sip.server, agent, 'w1');
    await phone.register();
    sip.customer.dial({
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: agent.sipAccount,
      behaviour: tone,
    });
    await phone.nextRequest('INVITE');
    const queued = tenant.center!.acd.enqueue(
      { skillId: tenant.config.skills[0]!.id, from: '5557654', to: '4000', behaviour: tone },
      sim.nextCorr(),
    );
    expect(queued.ok).toBe(true);
    const from = sim.journal.nextSeq;

    tenant.reset();

    const after = sim.journal.query({ kind: 'state' }).filter((e) => e.seq >= from) as StateEntry[];
    expect(after.map((e) => `${e.entity} ${e.to}`)).toEqual(['registration reset']);
    expect(tenant.sip?.registrar.all(tenant.now())).toEqual([]);
    expect(sip.customer.legs(tenant.id)).toEqual([]);
    expect(tenant.center?.acd.list()).toEqual([]);
    await sip.close();
  });
});
