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

const ask = {
  who: 'agent 101',
  hears: ['customer', 'agent 102'],
  notHears: [],
  quietFrames: 25,
  quietMs: 1000,
};

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
    const held = {
      who: 'customer',
      hears: [],
      notHears: ['agent 101', 'agent 102'],
      quietFrames: 25,
      quietMs: 1000,
    };
    const before = reading(0, [['agent 101', 'customer', 50, 3]]);
    expect(judgeHearing(before, reading(400, [['agent 101', 'customer', 50, 3]]), held).done).toBe('wait');
    expect(judgeHearing(before, reading(1200, [['agent 101', 'customer', 50, 3]]), held).done).toBe('pass');
    const leak = judgeHearing(before, reading(300, [['agent 101', 'customer', 51, 3.1]]), held);
    expect(leak).toMatchObject({ done: 'fail', why: expect.stringMatching(/heard agent 101/) });
  });

  it('believes an absence after 25 frames of the mixer clock into the listener or out of the absent party', () => {
    // The customer is on hold while the two agents talk: agent 101 → customer must stay silent.
    const held = { who: 'customer', hears: [], notHears: ['agent 101'], quietFrames: 25, quietMs: 1000 };
    const at = (ms: number, frames: number, leaked = 50) =>
      reading(ms, [
        ['agent 101', 'customer', leaked, 3],
        ['agent 101', 'agent 102', 100 + frames, 5],
        ['agent 102', 'agent 103', 900 + 10 * frames, 5],
      ]);
    const before = at(0, 0);
    expect(judgeHearing(before, at(480, 24), held).done).toBe('wait');
    expect(judgeHearing(before, at(520, 25), held).done).toBe('pass');
    // A flow of neither the listener nor the absent party is no clock for this absence.
    const others = reading(600, [
      ['agent 101', 'customer', 50, 3],
      ['agent 102', 'agent 103', 1200, 9],
    ]);
    expect(judgeHearing(before, others, held).done).toBe('wait');
    // However long the clock ran, one frame carried to the listener fails the absence.
    const leak = judgeHearing(before, at(900, 45, 51), held);
    expect(leak).toMatchObject({ done: 'fail', why: expect.stringMatching(/heard agent 101: 1 frames/) });
  });

  it("counts the listener's other flows as its clock: a customer gone is not heard by the agents left", () => {
    const ask = {
      who: 'agent 101',
      hears: ['agent 102'],
      notHears: ['customer'],
      quietFrames: 25,
      quietMs: 1000,
    };
    const before = reading(
      0,
      [
        ['customer', 'agent 101', 80, 9],
        ['agent 102', 'agent 101', 10, 1],
      ],
      5,
    );
    const flows = (frames: number): [string, string, number, number][] => [
      ['customer', 'agent 101', 80, 9],
      ['agent 102', 'agent 101', 10 + frames, 2],
    ];
    expect(judgeHearing(before, reading(200, flows(10), 6), ask).done).toBe('wait');
    expect(judgeHearing(before, reading(500, flows(25), 6), ask).done).toBe('pass');
  });
});
