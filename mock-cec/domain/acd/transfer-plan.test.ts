import { describe, expect, it } from 'vitest';
import type { TransferRequest } from '../gateway/transfer-request.ts';
import { type PlanFacts, planTransfer } from './transfer-plan.ts';

const talking = { state: 'talking', direction: 'inbound', transferring: false } as const;
const ready = { signedIn: true, idle: true, registered: true };
const facts = (o: Partial<PlanFacts> = {}): PlanFacts => ({
  workNo: 1001,
  call: talking,
  skills: [1, 2],
  target: ready,
  ...o,
});
const req = (
  target: TransferRequest['target'],
  mode: TransferRequest['mode'] = 'release',
): TransferRequest => ({
  target,
  mode,
  mediaability: 0,
  holdflag: true,
});

describe('planTransfer', () => {
  it('plans a transfer to an agent, a skill queue or an outside number', () => {
    expect(planTransfer(req({ kind: 'agent', workNo: 1002 }, 'success'), facts())).toEqual({
      ok: true,
      plan: { to: 'agent', workNo: 1002, mode: 'success' },
    });
    expect(planTransfer(req({ kind: 'skill', skillId: 2 }), facts())).toEqual({
      ok: true,
      plan: { to: 'skill', skillId: 2, mode: 'release' },
    });
    expect(planTransfer(req({ kind: 'outside', number: '5550100' }, 'success'), facts())).toEqual({
      ok: true,
      plan: { to: 'outside', number: '5550100', mode: 'success' },
    });
  });

  it.each([
    ['no call', facts({ call: undefined }), '200-012'],
    ['an ended call', facts({ call: { ...talking, state: 'ended' } }), '200-012'],
    ['a call still ringing', facts({ call: { ...talking, state: 'offering' } }), '200-012'],
    ['an internal call', facts({ call: { ...talking, direction: 'internal' } }), '200-012'],
    ['a transfer already under way', facts({ call: { ...talking, transferring: true } }), '000-007'],
  ])('refuses a transfer of %s', (_, f, retcode) => {
    expect(planTransfer(req({ kind: 'agent', workNo: 1002 }), f)).toMatchObject({ ok: false, retcode });
  });

  it.each([
    ['itself', 1001, ready, /itself/],
    ['an unknown agent', 1009, undefined, /no such agent/],
    ['an agent signed out', 1002, { ...ready, signedIn: false }, /not signed in/],
    ['a busy agent', 1002, { ...ready, idle: false }, /not idle/],
    ['an agent without a registered phone', 1002, { ...ready, registered: false }, /not registered/],
  ])('refuses a transfer to %s with 200-002 and why', (_, workNo, target, why) => {
    const planned = planTransfer(req({ kind: 'agent', workNo }), facts({ target }));
    expect(planned).toMatchObject({ ok: false, retcode: '200-002' });
    if (!planned.ok) expect(planned.message).toMatch(why);
  });

  it('plans talk and three-way transfers to an outside number, with the holdflag (cec_07_1242)', () => {
    expect(planTransfer(req({ kind: 'outside', number: '555' }, 'talk'), facts())).toEqual({
      ok: true,
      plan: { to: 'outside', number: '555', mode: 'talk', holdflag: true },
    });
    expect(
      planTransfer({ ...req({ kind: 'outside', number: '555' }, 'three-way'), holdflag: false }, facts()),
    ).toEqual({ ok: true, plan: { to: 'outside', number: '555', mode: 'three-way', holdflag: false } });
  });

  it("refuses what the tenant has not: an unknown skill (200-002), IVR flow or system access code (000-002, the vendor's bad address)", () => {
    expect(planTransfer(req({ kind: 'skill', skillId: 9 }), facts())).toMatchObject({ retcode: '200-002' });
    expect(planTransfer(req({ kind: 'ivr', accessCode: '1' }), facts())).toMatchObject({
      retcode: '000-002',
    });
    expect(planTransfer(req({ kind: 'access-code', accessCode: '1' }), facts())).toMatchObject({
      retcode: '000-002',
    });
  });

  it("plans an IVR flow's release and suspend, and a system access code as its skill", () => {
    const ivr = {
      flows: [{ accessCode: '9001', promptMs: 3000, frequencyHz: 800 }],
      accessCodes: [{ code: '4000', skillId: 1 }],
    };
    expect(planTransfer(req({ kind: 'ivr', accessCode: '9001' }, 'suspend'), facts({ ivr }))).toEqual({
      ok: true,
      plan: { to: 'ivr', accessCode: '9001', mode: 'suspend', promptMs: 3000, frequencyHz: 800 },
    });
    expect(planTransfer(req({ kind: 'access-code', accessCode: '4000' }, 'success'), facts({ ivr }))).toEqual(
      {
        ok: true,
        plan: { to: 'skill', skillId: 1, mode: 'success' },
      },
    );
  });

  it('refuses a release transfer of a Call Out to an outside number (cec_07_1242)', () => {
    const outbound = facts({ call: { ...talking, direction: 'outbound' } });
    expect(planTransfer(req({ kind: 'outside', number: '555' }), outbound)).toMatchObject({
      retcode: '000-002',
    });
    expect(planTransfer(req({ kind: 'outside', number: '555' }, 'success'), outbound)).toMatchObject({
      ok: true,
    });
  });
});
