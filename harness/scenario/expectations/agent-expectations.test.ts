import { describe, expect, it } from 'vitest';
import type { ScenarioWorld } from '../world.ts';
import { expectPhone, subsequence } from './agent-expectations.ts';

describe('subsequence', () => {
  it('finds the wanted events in order, others between, as far as they go', () => {
    const seen = ['AgentState_Ready', 'AgentOther_PhoneAlerting', 'AgentState_Busy', 'AgentEvent_Talking'];
    expect(subsequence(seen, ['AgentOther_PhoneAlerting', 'AgentEvent_Talking'])).toEqual([1, 3]);
    expect(subsequence(seen, ['AgentEvent_Talking', 'AgentOther_PhoneAlerting'])).toEqual([3]);
    expect(subsequence(seen, ['AgentState_Ready', 'AgentState_Ready'])).toEqual([0]);
    expect(subsequence([], ['AgentState_Ready'])).toEqual([]);
  });
});

describe('expectPhone … for N s', () => {
  /** A world whose agent 0 has a phone showing these call states, one per look (the last one staying). */
  const worldWith = (calls: string[]) => {
    let looks = 0;
    const phone = {
      label: "agent 0 (workNo 70101, eryn.volkman)'s desk phone",
      registration: async () => 'registered',
      callState: async () => calls[Math.min(looks++, calls.length - 1)],
    };
    return { phone: () => phone } as unknown as ScenarioWorld;
  };

  it('passes an absence only once it has held for the time given', async () => {
    const verdict = await expectPhone({ agent: 0, call: 'idle', for: 0.3 } as never, {
      world: worldWith(['idle']),
      timeout: 1000,
    });
    expect(verdict).toEqual({ ok: true, note: 'stayed call idle for 0.3 s' });
  });

  it('fails when the phone leaves the state within the time, saying what it became', async () => {
    const verdict = await expectPhone({ agent: 0, call: 'idle', for: 30 } as never, {
      world: worldWith(['idle', 'idle', 'ringing']),
      timeout: 1000,
    });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toMatch(
      /was call idle, then registered, call ringing after \d+ ms/,
    );
  });
});
