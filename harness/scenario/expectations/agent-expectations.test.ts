import { describe, expect, it } from 'vitest';
import { subsequence } from './agent-expectations.ts';

describe('subsequence', () => {
  it('finds the wanted events in order, others between, as far as they go', () => {
    const seen = ['AgentState_Ready', 'AgentOther_PhoneAlerting', 'AgentState_Busy', 'AgentEvent_Talking'];
    expect(subsequence(seen, ['AgentOther_PhoneAlerting', 'AgentEvent_Talking'])).toEqual([1, 3]);
    expect(subsequence(seen, ['AgentEvent_Talking', 'AgentOther_PhoneAlerting'])).toEqual([3]);
    expect(subsequence(seen, ['AgentState_Ready', 'AgentState_Ready'])).toEqual([0]);
    expect(subsequence([], ['AgentState_Ready'])).toEqual([]);
  });
});
