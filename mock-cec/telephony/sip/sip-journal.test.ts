import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import type { SipEntry } from '../../infrastructure/journal/journal.ts';
import { ManualClock } from '../../infrastructure/primitives/clock.ts';
import { Simulator } from '../../infrastructure/state/simulator.ts';
import { createResponse } from './core/build-message.ts';
import type { SipMessage, SipRequest } from './core/message.ts';
import { parseMessage } from './core/parse-message.ts';
import { serialize } from './core/serialize.ts';
import { journalSip, partyOf, SipJournal, sipUserIn, USER } from './sip-journal.ts';
import { fakeUdpFlow } from './testing/fake-flow.ts';

/** The journal's fast path for SIP: entries kept as bytes read exactly as entries written whole. */
const clock = new ManualClock(Date.UTC(2026, 0, 1));
const flow = fakeUdpFlow();

function setup() {
  const sim = new Simulator({ clock, realTimers: false });
  const tenant = seedTenant(3);
  sim.addTenant(tenant, 3);
  return { sim, agent: tenant.agents[0]! };
}

const request = (user: string, callId = 'Call-ID: a1@127.0.0.1\r\n') =>
  parseMessage(
    `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1\r\n` +
      `From: <sip:${user}@127.0.0.1>;tag=1\r\nTo: <sip:${user}@127.0.0.1>\r\n${callId}` +
      'CSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n',
  );

/** The same message journaled both ways, in two simulators that have lived alike. */
function both(msg: SipMessage, direction: 'in' | 'out', note?: string) {
  const whole = setup();
  journalSip(whole.sim, flow, direction, msg, undefined, { note, party: partyOf(whole.sim, msg) });
  const wire = setup();
  const party = partyOf(wire.sim, msg);
  const at = party.tenant?.now() ?? wire.sim.clock.now();
  new SipJournal(wire.sim).write(flow, direction, msg, serialize(msg), party, at, note);
  const last = (s: Simulator) => s.journal.query({ kind: 'sip' }).at(-1) as SipEntry;
  return { whole: last(whole.sim), wire: last(wire.sim) };
}

describe('SipJournal', () => {
  it('reads a received request as the whole entry does, start line as it came', () => {
    const { agent } = setup();
    const parsed = request(agent.sipAccount);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const { whole, wire } = both(parsed.message, 'in', 'a note');
    expect(wire).toEqual(whole);
    expect(wire).toMatchObject({
      firstLine: 'REGISTER sip:127.0.0.1 SIP/2.0',
      callId: 'a1@127.0.0.1',
      corr: 'sip:a1@127.0.0.1',
      agent: agent.workNo,
      note: 'a note',
    });
  });

  it('reads a response made here as the whole entry does, with an empty reason kept', () => {
    const { agent } = setup();
    const parsed = request(agent.sipAccount);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const res = createResponse(parsed.message as SipRequest, 401, { reason: '', toTag: 't' });
    const { whole, wire } = both(res, 'out');
    expect(wire).toEqual(whole);
    expect(wire.firstLine).toBe('SIP/2.0 401 ');
  });

  it('takes a correlation id from the counter when written, for a message without Call-ID', () => {
    const parsed = request('nobody', '');
    if (!parsed.ok && !parsed.error.partial) throw new Error('unreadable');
    const msg = parsed.ok ? parsed.message : parsed.error.partial!;
    const { whole, wire } = both(msg, 'in');
    expect(wire).toEqual(whole);
    expect(wire.corr).toMatch(/^c\d+$/);
  });

  it('makes the entries whose bytes it is about to write over, and only those', () => {
    const { sim, agent } = setup();
    const parsed = request(agent.sipAccount);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const bytes = serialize(parsed.message);
    // An arena of one megabyte: about 5,000 of these messages, then it writes over the first ones.
    const store = new SipJournal(sim, 1);
    const party = partyOf(sim, parsed.message);
    for (let i = 0; i < 6_000; i++)
      store.write(flow, 'in', parsed.message, bytes, party, clock.now(), `n${i}`);
    const entries = sim.journal.query({ kind: 'sip' }) as SipEntry[];
    expect(entries).toHaveLength(6_000);
    expect(entries.every((e) => e.firstLine === 'REGISTER sip:127.0.0.1 SIP/2.0')).toBe(true);
    expect(entries.at(0)!.note).toBe('n0');
  });

  it('keeps every entry readable while messages of any sizes, among other entries, go round the arena', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9_000 }), fc.boolean()), {
          minLength: 1,
          maxLength: 400,
        }),
        (writes) => {
          const { sim, agent } = setup();
          const parsed = request(agent.sipAccount);
          if (!parsed.ok) throw new Error(parsed.error.detail);
          // An arena of one megabyte (its least), small beside these messages: it goes round several times.
          const store = new SipJournal(sim, 1);
          const party = partyOf(sim, parsed.message);
          for (const [i, [size, other]] of writes.entries()) {
            const msg = { ...parsed.message, body: Buffer.alloc(size, 0x61) };
            const bytes = serialize({ ...msg, headers: [...msg.headers.slice(0, -1)] });
            store.write(flow, 'in', msg, bytes, party, clock.now(), `n${i}`);
            // Entries of other kinds between the messages.
            if (other) sim.journal.append({ kind: 'control', at: clock.now(), corr: 'x', action: 'm' });
          }
          const entries = sim.journal.query({ kind: 'sip' }) as SipEntry[];
          expect(entries.map((e) => e.note)).toEqual(writes.map((_, i) => `n${i}`));
          expect(entries.every((e) => e.firstLine === 'REGISTER sip:127.0.0.1 SIP/2.0')).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('sipUserIn', () => {
  it('finds the user the expression finds, in any text', () => {
    const piece = fc.constantFrom(
      ...'sSiIpP:@;>?<. \t\r\nax9-_%'.split(''),
      'sip:',
      'SIPS:',
      'sips',
      'sip:88000101@',
      '\u00a0',
      '\u2028',
      'é',
      'ſ',
    );
    const text = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(sipUserIn(t)).toBe(USER.exec(t)?.[1]);
      }),
      { numRuns: 5000 },
    );
  });
});
