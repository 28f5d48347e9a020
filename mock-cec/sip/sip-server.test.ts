import { afterEach, describe, expect, it } from 'vitest';
import { composeTenants } from '../compose-tenants.ts';
import { seedTenant } from '../config/seed-tenant.ts';
import { ManualClock } from '../core/clock.ts';
import type { SipEntry } from '../journal/journal.ts';
import { Simulator } from '../state/simulator.ts';
import { defaultOverload } from './proxy/overload.ts';
import { SipService } from './sip-service.ts';
import { fakeUdpFlow } from './testing/fake-flow.ts';

/** The SIP edge on a fake UDP flow: load measured by the transport turns into shedding, and back. */
const clock = new ManualClock(Date.UTC(2026, 0, 1));
let sip: SipService | undefined;
afterEach(async () => {
  await sip?.close();
});

function setup() {
  const sim = new Simulator({ clock, realTimers: false });
  const tenant = seedTenant(5);
  sip = new SipService(sim);
  composeTenants(sim, { sip });
  sim.addTenant(tenant, 5);
  const sent: string[] = [];
  const flow = fakeUdpFlow((bytes) => sent.push(bytes.toString('latin1').split('\r\n')[0]!));
  sip.server.opened(flow);
  let n = 0;
  const register = () =>
    sip!.server.received(
      flow,
      Buffer.from(
        `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK${++n}\r\n` +
          `From: <sip:${tenant.agents[0]!.sipAccount}@127.0.0.1>;tag=a\r\nTo: <sip:${tenant.agents[0]!.sipAccount}@127.0.0.1>\r\n` +
          `Call-ID: c${n}\r\nCSeq: 1 REGISTER\r\nContact: <sip:a@127.0.0.1:5062>\r\nContent-Length: 0\r\n\r\n`,
      ),
    );
  return { sim, sent, register };
}

describe('SipServer under load', () => {
  it('sheds while datagrams wait too long, journals the refusals, and recovers once waits are short again', () => {
    const { sim, sent, register } = setup();
    sip!.server.queueWait(5);
    register();
    // Long waits raise the refused share step by step, up to all new work.
    for (let i = 0; i < defaultOverload.persist + 1 / (5 * defaultOverload.raise); i++)
      sip!.server.queueWait(1000);
    register();
    register();
    // Short waits lower the refused share step by step, down to none.
    for (let i = 0; i <= 1 / defaultOverload.lower; i++) sip!.server.queueWait(3);
    register();
    expect(sent).toEqual([
      'SIP/2.0 401 Unauthorized',
      'SIP/2.0 503 Service Unavailable',
      'SIP/2.0 503 Service Unavailable',
      'SIP/2.0 401 Unauthorized',
    ]);
    const notes = (sim.journal.query({ kind: 'sip' }) as SipEntry[]).map(
      (e) => `${e.direction} ${e.note ?? ''}`,
    );
    expect(notes.slice(2, 4)).toEqual(['in shed: overloaded', 'out overloaded']);
  });
});

describe('SipServer faults', () => {
  it("delays a SIP request on its tenant's clock: the answer goes out when that clock moves", () => {
    const { sim, sent, register } = setup();
    const tenant = sim.tenants()[0]!;
    sim.faults.add({ on: 'sip', sipMethod: 'REGISTER', action: { do: 'delay', ms: 5000 } });
    register();
    expect(sent).toEqual([]);
    tenant.advance(4999);
    expect(sent).toEqual([]);
    tenant.advance(1);
    expect(sent).toEqual(['SIP/2.0 401 Unauthorized']);
    const notes = (sim.journal.query({ kind: 'sip' }) as SipEntry[]).map(
      (e) => `${e.direction} ${e.note ?? ''}`,
    );
    expect(notes).toEqual(['in delayed 5000 ms by fault', 'out no-credentials']);
  });
});
