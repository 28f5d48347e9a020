import { describe, expect, it } from 'vitest';
import { type HearingReading, judgeHearing } from './hearing.ts';

const reading = (
  at: number,
  flows: [string, string, number, number][],
  phoneEnergy?: number,
): HearingReading => ({
  at,
  phoneEnergy,
  flows: flows.map(([from, to, frames, energy]) => ({ from, to, frames, energy })),
});

const ask = { who: 'agent 101', hears: ['customer', 'agent 102'], notHears: [], quietMs: 1000 };

describe('judgeHearing', () => {
  it('passes when each heard party carried new energy to the listener and its phone received sound', () => {
    const before = reading(
      0,
      [
        ['customer', 'agent 101', 10, 1],
        ['agent 102', 'agent 101', 10, 1],
      ],
      5,
    );
    const now = reading(
      500,
      [
        ['customer', 'agent 101', 30, 4],
        ['agent 102', 'agent 101', 30, 2],
      ],
      9,
    );
    expect(judgeHearing(before, now, ask).done).toBe('pass');
  });

  it('waits while one party has carried nothing new, or the phone heard nothing', () => {
    const before = reading(0, [['customer', 'agent 101', 10, 1]], 5);
    expect(judgeHearing(before, reading(500, [['customer', 'agent 101', 30, 4]], 9), ask).done).toBe('wait');
    const both = reading(
      500,
      [
        ['customer', 'agent 101', 30, 4],
        ['agent 102', 'agent 101', 3, 2],
      ],
      5,
    );
    expect(judgeHearing(before, both, ask).done).toBe('wait');
  });

  it('fails at once when a party that must not be heard carried frames; passes a silence held long enough', () => {
    const held = { who: 'customer', hears: [], notHears: ['agent 101', 'agent 102'], quietMs: 1000 };
    const before = reading(0, [['agent 101', 'customer', 50, 3]]);
    expect(judgeHearing(before, reading(400, [['agent 101', 'customer', 50, 3]]), held).done).toBe('wait');
    expect(judgeHearing(before, reading(1200, [['agent 101', 'customer', 50, 3]]), held).done).toBe('pass');
    const leak = judgeHearing(before, reading(300, [['agent 101', 'customer', 51, 3.1]]), held);
    expect(leak).toMatchObject({ done: 'fail', why: expect.stringMatching(/heard agent 101/) });
  });
});
