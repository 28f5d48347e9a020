import { describe, expect, it } from 'vitest';
import { type Candidate, pickAgent } from './pick-agent.ts';

const agent = (workNo: number, over: Partial<Candidate> = {}): Candidate => ({
  workNo,
  state: 'idle',
  skills: [1],
  idleSince: 0,
  registered: true,
  ...over,
});

describe('pickAgent', () => {
  it('picks the agent idle the longest', () => {
    const picked = pickAgent([agent(101, { idleSince: 50 }), agent(102, { idleSince: 10 })], 1);
    expect(picked?.workNo).toBe(102);
  });

  it('breaks ties by the lower workNo', () => {
    expect(pickAgent([agent(105), agent(103), agent(104)], 1)?.workNo).toBe(103);
  });

  it('skips agents who are not idle', () => {
    const states = ['busy', 'rest', 'work', 'ringing', 'dialing', 'talking', 'signed-out'] as const;
    const others = states.map((state, i) => agent(200 + i, { state, idleSince: -1 }));
    expect(pickAgent([...others, agent(300, { idleSince: 99 })], 1)?.workNo).toBe(300);
    expect(pickAgent(others, 1)).toBeUndefined();
  });

  it('skips agents without the skill, unregistered softphones and excluded agents', () => {
    const list = [
      agent(101, { skills: [2] }),
      agent(102, { registered: false }),
      agent(103, { idleSince: -5 }),
      agent(104, { idleSince: 5 }),
    ];
    expect(pickAgent(list, 1, new Set([103]))?.workNo).toBe(104);
    expect(pickAgent(list, 2)?.workNo).toBe(101);
    expect(pickAgent(list, 3)).toBeUndefined();
  });
});
