import { afterEach, describe, expect, it } from 'vitest';
import { composeTenants } from '../../compose-tenants.ts';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import type { JournalEntry, SipEntry } from '../../infrastructure/journal/journal.ts';
import { ManualClock } from '../../infrastructure/primitives/clock.ts';
import { Simulator } from '../../infrastructure/state/simulator.ts';
import { header } from './core/message.ts';
import { parseMessage } from './core/parse-message.ts';
import { defaultOverload } from './proxy/overload.ts';
import { SipService } from './sip-service.ts';
import { answerChallenge, readChallenge } from './testing/digest-client.ts';
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

describe('SipServer journal order', () => {
  it('journals causes first: a REGISTER before its answer and the binding it made, in the journal and to listeners', () => {
    const sim = new Simulator({ clock, realTimers: false });
    const tenant = seedTenant(6);
    sip = new SipService(sim);
    composeTenants(sim, { sip });
    sim.addTenant(tenant, 6);
    const agent = tenant.agents[0]!;
    let answer: Buffer = Buffer.alloc(0);
    const flow = fakeUdpFlow((bytes) => {
      answer = bytes;
    });
    sip.server.opened(flow);
    const heard: JournalEntry[] = [];
    sim.journal.subscribe((e) => heard.push(e));
    const register = (cseq: number, auth = '') =>
      sip!.server.received(
        flow,
        Buffer.from(
          `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-o${cseq}\r\n` +
            `From: <sip:${agent.sipAccount}@127.0.0.1>;tag=a\r\nTo: <sip:${agent.sipAccount}@127.0.0.1>\r\n` +
            `Call-ID: order-1\r\nCSeq: ${cseq} REGISTER\r\nContact: <sip:a@127.0.0.1:5062>\r\n${auth}Content-Length: 0\r\n\r\n`,
        ),
      );
    register(1);
    const challenge = parseMessage(answer);
    if (!challenge.ok) throw new Error('unreadable challenge');
    const credentials = answerChallenge(readChallenge(header(challenge.message, 'www-authenticate')!), {
      username: agent.sipAccount,
      password: agent.sipPwd,
      method: 'REGISTER',
      uri: 'sip:127.0.0.1',
    });
    register(2, `Authorization: ${credentials}\r\n`);
    const read = (e: JournalEntry) =>
      e.kind === 'sip'
        ? `${e.direction} ${e.firstLine}${e.note ? ` (${e.note})` : ''}`
        : e.kind === 'state'
          ? `${e.entity} ${e.id} ${e.to}`
          : e.kind;
    const expected = [
      'in REGISTER sip:127.0.0.1 SIP/2.0',
      'out SIP/2.0 401 Unauthorized (no-credentials)',
      'in REGISTER sip:127.0.0.1 SIP/2.0',
      expect.stringMatching(/^(out SIP\/2\.0 200 OK|registration \d+ registered)$/),
      expect.stringMatching(/^(out SIP\/2\.0 200 OK|registration \d+ registered)$/),
    ];
    const journaled = sim.journal.query({ sinceSeq: heard[0]!.seq - 1 }).map(read);
    expect(journaled).toEqual(expected);
    expect(new Set(journaled.slice(3)).size).toBe(2);
    expect(heard.map(read)).toEqual(journaled);
    expect(heard.map((e) => e.seq)).toEqual(heard.map((_e, k) => heard[0]!.seq + k));
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
