import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answer,
  type CallModel,
  cancelConsult,
  changedParties,
  completeAsConference,
  completeAsTransfer,
  consult,
  consulted,
  customerOf,
  describeParty,
  hearing,
  hold,
  leave,
  legDirection,
  type ModelResult,
  moveParty,
  mute,
  openCall,
  openInternalCall,
  party,
  returnFromIvr,
  ring,
  suspendToIvr,
  takeBack,
  transfer,
  unmute,
} from './call-model.ts';

const ok = (r: ModelResult): CallModel => {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problem)}`);
  return r.model;
};

/** A customer talking to agent 101, as an inbound call is once answered. */
function talking(): CallModel {
  const m = ok(ring(openCall('5551234'), { kind: 'agent', workNo: 101 }, { toward: 'customer' }));
  return ok(answer(m, 'agent 101'));
}

const hears = (m: CallModel, id: string) => hearing(m, id);

describe('the call model: two parties', () => {
  it('an inbound call: the customer waits, the agent rings, then both talk in one bridge and hear each other', () => {
    const open = openCall('5551234');
    expect(customerOf(open)!).toMatchObject({ state: 'waiting' });
    expect(hears(open, 'customer')).toEqual({ kind: 'ringback' });
    const rung = ring(open, { kind: 'agent', workNo: 101 }, { toward: 'customer' });
    expect(rung).toMatchObject({ ok: true, id: 'agent 101' });
    const m = ok(answer(ok(rung), 'agent 101'));
    expect(party(m, 'customer')).toMatchObject({ state: 'talking', bridge: 'b1' });
    expect(party(m, 'agent 101')).toMatchObject({ state: 'talking', bridge: 'b1', workNo: 101 });
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101'] });
    expect(hears(m, 'agent 101')).toEqual({ kind: 'parties', ids: ['customer'] });
    expect(legDirection(m, 'agent 101')).toBe('sendrecv');
  });

  it('Call Out: the agent answers first and talks alone (ringback), then the customer is rung toward it and joins', () => {
    let m = ok(ring(openCall('5550000'), { kind: 'agent', workNo: 101 }));
    m = ok(answer(m, 'agent 101'));
    expect(hears(m, 'agent 101')).toEqual({ kind: 'ringback' });
    expect(legDirection(m, 'agent 101')).toBe('sendrecv');
    m = ok(ring(m, { id: 'customer' }, { toward: 'agent 101' }));
    expect(customerOf(m)?.state).toBe('alerting');
    m = ok(answer(m, 'customer'));
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101'] });
  });

  it('hold: the customer hears the hold tone, the agent talks to nobody, and its leg goes inactive; take back restores both ways', () => {
    const m = ok(hold(talking(), 'agent 101'));
    expect(party(m, 'customer')).toMatchObject({ state: 'held', heldBy: 'agent 101' });
    expect(party(m, 'customer')?.bridge).toBeUndefined();
    expect(hears(m, 'customer')).toEqual({ kind: 'hold-tone' });
    expect(hears(m, 'agent 101')).toEqual({ kind: 'silence' });
    expect(legDirection(m, 'agent 101')).toBe('inactive');
    expect(describeParty(party(m, 'customer')!)).toBe('held by agent 101');
    const back = ok(takeBack(m, 'agent 101'));
    expect(back).toEqual(talking());
    expect(legDirection(back, 'agent 101')).toBe('sendrecv');
  });

  it('refuses hold twice, take back without a hold, and both from a party not in the call', () => {
    const held = ok(hold(talking(), 'agent 101'));
    expect(hold(held, 'agent 101')).toEqual({
      ok: false,
      problem: { code: 'nobody-to-hold', party: 'agent 101' },
    });
    expect(takeBack(talking(), 'agent 101')).toEqual({
      ok: false,
      problem: { code: 'holds-nobody', party: 'agent 101' },
    });
    expect(hold(talking(), 'agent 999')).toEqual({
      ok: false,
      problem: { code: 'no-such-party', party: 'agent 999' },
    });
    expect(hold(held, 'customer')).toEqual({
      ok: false,
      problem: { code: 'not-talking', party: 'customer' },
    });
  });

  it('mute: the customer stops hearing the agent, the agent still hears the customer; the mute outlives a hold', () => {
    const m = ok(mute(talking(), 'agent 101'));
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: [] });
    expect(hears(m, 'agent 101')).toEqual({ kind: 'parties', ids: ['customer'] });
    expect(legDirection(m, 'agent 101')).toBe('sendrecv');
    expect(mute(m, 'agent 101')).toMatchObject({ ok: false, problem: { code: 'already-muted' } });
    expect(unmute(talking(), 'agent 101')).toMatchObject({ ok: false, problem: { code: 'not-muted' } });
    const through = ok(takeBack(ok(hold(m, 'agent 101')), 'agent 101'));
    expect(party(through, 'agent 101')?.muted).toBe(true);
    expect(hears(ok(unmute(through, 'agent 101')), 'customer')).toEqual({
      kind: 'parties',
      ids: ['agent 101'],
    });
  });

  it('an internal call: the calling agent talks alone first, then the called agent joins it; nothing to transfer', () => {
    let m = ok(ring(openInternalCall(), { kind: 'agent', workNo: 101 }));
    m = ok(answer(m, 'agent 101'));
    m = ok(ring(m, { kind: 'agent', workNo: 102 }, { toward: 'agent 101' }));
    m = ok(answer(m, 'agent 102'));
    expect(hears(m, 'agent 101')).toEqual({ kind: 'parties', ids: ['agent 102'] });
    expect(customerOf(m)).toBeUndefined();
    expect(transfer(m, 'agent 101', undefined, 'release')).toMatchObject({ ok: false });
    expect(hears(ok(hold(m, 'agent 101')), 'agent 102')).toEqual({ kind: 'hold-tone' });
  });

  it('a held party that leaves (hangs up while held) keeps no holder', () => {
    const m = ok(leave(ok(hold(talking(), 'agent 101')), 'customer'));
    expect(party(m, 'customer')).toEqual({
      id: 'customer',
      kind: 'customer',
      number: '5551234',
      state: 'gone',
      muted: false,
    });
  });

  it('a declined agent leaves and a second ring of the same agent gets a fresh id', () => {
    let m = ok(ring(openCall('1'), { kind: 'agent', workNo: 101 }, { toward: 'customer' }));
    expect(ring(m, { kind: 'agent', workNo: 101 })).toMatchObject({
      ok: false,
      problem: { code: 'already-in-call', party: 'agent 101' },
    });
    m = ok(leave(m, 'agent 101'));
    expect(customerOf(m)?.state).toBe('waiting');
    expect(ring(m, { kind: 'agent', workNo: 101 }, { toward: 'customer' })).toMatchObject({
      id: 'agent 101 #2',
    });
    expect(answer(m, 'agent 101')).toMatchObject({ ok: false, problem: { code: 'illegal-party-move' } });
  });
});

describe('the call model: consult, three-party, transfer', () => {
  function consulting(): CallModel {
    const r = consult(talking(), 'agent 101', { kind: 'agent', workNo: 102 });
    expect(r).toMatchObject({ ok: true, id: 'agent 102' });
    return ok(answer(ok(r), 'agent 102'));
  }

  it('consult: the customer is held while the two agents talk in the consulting bridge', () => {
    const m = consulting();
    expect(party(m, 'customer')).toMatchObject({ state: 'held', heldBy: 'agent 101' });
    expect(hears(m, 'agent 101')).toEqual({ kind: 'parties', ids: ['agent 102'] });
    expect(hears(m, 'agent 102')).toEqual({ kind: 'parties', ids: ['agent 101'] });
    expect(hears(m, 'customer')).toEqual({ kind: 'hold-tone' });
    expect(consulted(m, 'agent 101')?.id).toBe('agent 102');
    expect(legDirection(m, 'agent 101')).toBe('sendrecv');
  });

  it('complete as a three-party call: everyone hears the other two', () => {
    const m = ok(completeAsConference(consulting(), 'agent 101'));
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101', 'agent 102'] });
    expect(hears(m, 'agent 101')).toEqual({ kind: 'parties', ids: ['customer', 'agent 102'] });
    expect(hears(m, 'agent 102')).toEqual({ kind: 'parties', ids: ['customer', 'agent 101'] });
  });

  it('complete as a transfer: the consulting agent leaves and the customer talks with the consulted one', () => {
    const m = ok(completeAsTransfer(consulting(), 'agent 101'));
    expect(party(m, 'agent 101')?.state).toBe('gone');
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: ['agent 102'] });
  });

  it('cancel: the consulted agent leaves, ringing or talking, and the customer is taken back', () => {
    const ringing = ok(consult(talking(), 'agent 101', { kind: 'agent', workNo: 102 }));
    for (const m of [ringing, consulting()]) {
      const back = ok(cancelConsult(m, 'agent 101'));
      expect(party(back, 'agent 102')?.state).toBe('gone');
      expect(hears(back, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101'] });
    }
    expect(cancelConsult(talking(), 'agent 101')).toMatchObject({
      ok: false,
      problem: { code: 'not-consulting' },
    });
    expect(completeAsConference(ringing, 'agent 101')).toMatchObject({
      ok: false,
      problem: { code: 'not-consulting' },
    });
  });

  it('consult from a held call keeps the hold and rings the consulted party', () => {
    const held = ok(hold(talking(), 'agent 101'));
    const m = ok(consult(held, 'agent 101', { kind: 'outside', number: '5559999' }));
    expect(party(m, 'outside 5559999')).toMatchObject({ state: 'alerting', toward: 'agent 101' });
  });

  it('release transfer to an agent: the agent leaves at once, the customer waits until the new agent answers', () => {
    const r = transfer(talking(), 'agent 101', { kind: 'agent', workNo: 102 }, 'release');
    const m = ok(r);
    expect(party(m, 'agent 101')?.state).toBe('gone');
    expect(hears(m, 'customer')).toEqual({ kind: 'ringback' });
    const done = ok(answer(m, 'agent 102'));
    expect(hears(done, 'customer')).toEqual({ kind: 'parties', ids: ['agent 102'] });
    expect(party(done, 'customer')?.bridge).toBe('b2');
  });

  it('release transfer to a skill queue: the customer waits in the queue again', () => {
    const m = ok(transfer(talking(), 'agent 101', undefined, 'release'));
    expect(customerOf(m)?.state).toBe('waiting');
    expect(party(m, 'agent 101')?.state).toBe('gone');
  });

  it('success transfer: the agent stays until the new party answers, then leaves', () => {
    const m = ok(transfer(talking(), 'agent 101', { kind: 'outside', number: '5550001' }, 'success'));
    expect(hears(m, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101'] });
    expect(party(m, 'outside 5550001')).toMatchObject({ replaces: 'agent 101' });
    const done = ok(answer(m, 'outside 5550001'));
    expect(party(done, 'agent 101')?.state).toBe('gone');
    expect(hears(done, 'customer')).toEqual({ kind: 'parties', ids: ['outside 5550001'] });
    expect(changedParties(m, done).map((c) => [c.to.id, c.to.state])).toEqual([
      ['agent 101', 'gone'],
      ['outside 5550001', 'talking'],
    ]);
  });
});

describe('the call model: invariants over any sequence of moves', () => {
  const agents = [101, 102, 103];
  const ids = ['customer', 'agent 101', 'agent 102', 'agent 103', 'outside 555'];
  const step = fc.oneof(
    fc.record({
      op: fc.constant('ring' as const),
      workNo: fc.constantFrom(...agents),
      toward: fc.constantFrom(...ids),
    }),
    fc.record({
      op: fc.constantFrom(
        'answer',
        'leave',
        'hold',
        'takeBack',
        'mute',
        'unmute',
        'cancel',
        'conf',
        'complete',
      ),
      id: fc.constantFrom(...ids),
    }),
    fc.record({
      op: fc.constant('consult' as const),
      id: fc.constantFrom(...ids),
      workNo: fc.constantFrom(...agents),
    }),
    fc.record({
      op: fc.constant('transfer' as const),
      id: fc.constantFrom(...ids),
      mode: fc.constantFrom('release', 'success') as fc.Arbitrary<'release' | 'success'>,
    }),
  );

  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
  function apply(m: CallModel, s: Step): ModelResult {
    switch (s.op) {
      case 'ring':
        return ring(m, { kind: 'agent', workNo: s.workNo }, { toward: s.toward });
      case 'answer':
        return answer(m, s.id);
      case 'leave':
        return leave(m, s.id);
      case 'hold':
        return hold(m, s.id);
      case 'takeBack':
        return takeBack(m, s.id);
      case 'mute':
        return mute(m, s.id);
      case 'unmute':
        return unmute(m, s.id);
      case 'cancel':
        return cancelConsult(m, s.id);
      case 'conf':
        return completeAsConference(m, s.id);
      case 'complete':
        return completeAsTransfer(m, s.id);
      case 'consult':
        return consult(m, s.id, { kind: 'agent', workNo: s.workNo });
      case 'transfer':
        return transfer(m, s.id, { kind: 'outside', number: '555' }, s.mode);
    }
  }

  it('every party state follows the table; talking parties have a bridge, held ones a holder, nobody else either', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let m = talking();
        for (const s of steps) {
          const r = apply(m, s);
          if (!r.ok) continue;
          for (const p of r.model.parties) {
            const before = party(m, p.id);
            if (before && before.state !== p.state) expect(moveParty(before.state, p.state).ok).toBe(true);
            expect(p.bridge !== undefined).toBe(p.state === 'talking');
            expect(p.heldBy !== undefined).toBe(p.state === 'held');
            if (p.state !== 'talking') expect(p.muted && p.state === 'gone').toBe(false);
          }
          // At most one live party per agent, and nobody hears itself.
          for (const w of agents) {
            expect(
              r.model.parties.filter((p) => p.workNo === w && p.state !== 'gone').length,
            ).toBeLessThanOrEqual(1);
          }
          for (const p of r.model.parties) {
            const h = hearing(r.model, p.id);
            if (h.kind === 'parties') expect(h.ids).not.toContain(p.id);
          }
          m = r.model;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('suspend transfer to an IVR flow', () => {
  it('the customer talks with the flow in a bridge of their own; the agent stays, hearing nobody; then the flow hands the customer back', () => {
    const m = ok(suspendToIvr(talking(), 'agent 101', '9001'));
    expect(party(m, 'ivr 9001')).toMatchObject({ kind: 'ivr', state: 'talking', bridge: 'b2' });
    expect(hearing(m, 'customer')).toEqual({ kind: 'parties', ids: ['ivr 9001'] });
    expect(hearing(m, 'agent 101')).toEqual({ kind: 'ringback' });
    expect(legDirection(m, 'agent 101')).toBe('sendrecv');
    const back = ok(returnFromIvr(m, 'agent 101'));
    expect(party(back, 'ivr 9001')!.state).toBe('gone');
    expect(hearing(back, 'customer')).toEqual({ kind: 'parties', ids: ['agent 101'] });
    expect(hearing(back, 'agent 101')).toEqual({ kind: 'parties', ids: ['customer'] });
  });

  it('refuses a customer held, and a return with no flow', () => {
    expect(suspendToIvr(ok(hold(talking(), 'agent 101')), 'agent 101', '9001')).toMatchObject({ ok: false });
    expect(returnFromIvr(talking(), 'agent 101')).toMatchObject({
      ok: false,
      problem: { code: 'not-consulting' },
    });
  });
});
