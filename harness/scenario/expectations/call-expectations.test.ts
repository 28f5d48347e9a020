import { describe, expect, it } from 'vitest';
import type { CallView } from '../../actors/control-types.ts';
import type { ScenarioWorld } from '../world.ts';
import { expectCall } from './call-expectations.ts';

/** A world of one agent and one customer whose last call the control API shows as `call`. */
function worldWith(call: Partial<CallView>) {
  const full = {
    id: 'c1',
    state: 'ended',
    endReason: 'customer-hangup',
    offers: 1,
    agent: 70101,
    ...call,
  } as CallView;
  const user = { workNo: 70101, username: 'eryn.volkman' };
  return {
    user: () => user,
    agentName: (i: number) => `agent ${i} (workNo 70101, eryn.volkman)`,
    customer: () => ({ last: { kind: 'queue', id: 'c1' } }),
    cec: { calls: async () => [full], agent: async () => undefined },
  } as unknown as ScenarioWorld;
}

describe('expectCall', () => {
  it("fails at once when the customer's call has already ended otherwise than wanted", async () => {
    const verdict = await expectCall({ customer: 'alice', state: 'talking' } as never, {
      world: worldWith({ state: 'ended', endReason: 'customer-hangup' }),
      timeout: 60_000,
    });
    // Decided at the first look: waiting out the step's minute would overrun the test's own timeout.
    expect(verdict).toMatchObject({ ok: false });
    expect(!verdict.ok && verdict.message).toMatch(/already ended: ended \(customer-hangup\)/);
  });

  it('still passes an ended call that is the one wanted, and names agents by index and workNo', async () => {
    const world = worldWith({ state: 'ended', endReason: 'agent-hangup' });
    const ok = await expectCall({ customer: 'alice', state: 'ended', endReason: 'agent-hangup' } as never, {
      world,
      timeout: 1_000,
    });
    expect(ok).toMatchObject({ ok: true });
    const wrong = await expectCall({ agent: 0, state: 'talking' } as never, { world, timeout: 200 });
    expect(!wrong.ok && wrong.message).toMatch(/^expected agent 0 \(workNo 70101, eryn\.volkman\)'s call/);
  });
});
