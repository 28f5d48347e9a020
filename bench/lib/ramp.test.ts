import { describe, expect, it } from 'vitest';
import { medianKnee, type RampTarget, ramp } from './ramp.ts';
import type { SippStep } from './sipp.ts';

const step = (offered: number, ok: boolean): SippStep => ({
  offered,
  created: offered * 3,
  completed: ok ? offered * 3 : offered,
  failed: ok ? 0 : offered * 2,
  retransmissions: ok ? 0 : offered,
  elapsedSec: 3,
  rate: ok ? offered : offered / 3,
  retransRatio: ok ? 0 : 0.1,
});

/** Every step run, in order: "name rate". */
type Trace = string[];

/** A server that sustains every rate up to `capacity`, except the first step at each `hiccups` rate. */
function capacityTarget(name: string, capacity: number, trace: Trace, hiccups: number[] = []): RampTarget {
  const pending = [...hiccups];
  return {
    name,
    settle: async () => {},
    async step(rate) {
      trace.push(`${name} ${rate}`);
      const hiccup = pending.indexOf(rate);
      if (hiccup >= 0) pending.splice(hiccup, 1);
      return step(rate, rate <= capacity && hiccup < 0);
    },
  };
}

/** A server whose counted steps pass or fail as scripted, in order (the warm-up step always passes). */
function scriptedTarget(name: string, outcomes: boolean[], trace: Trace): RampTarget {
  let warmedUp = false;
  return {
    name,
    settle: async () => {},
    async step(rate) {
      trace.push(`${name} ${rate}`);
      if (!warmedUp) {
        warmedUp = true;
        return step(rate, true);
      }
      const ok = outcomes.shift();
      if (ok === undefined) throw new Error(`${name}: no outcome scripted for a step at ${rate}`);
      return step(rate, ok);
    },
  };
}

const quiet = { log: () => {} };

describe('ramp', () => {
  it('runs a failed step once more, so that one hiccup does not end the search', async () => {
    const trace: Trace = [];
    const target = capacityTarget('a', 17_000, trace, [15_000]);
    const r = await ramp('REGISTER', [target], [5_000, 10_000, 15_000, 20_000], { ...quiet, searches: 1 });
    expect(r.a!.knee).toBe(15_000);
    expect(r.a!.searches[0]!.recovered).toEqual([15_000]);
    expect(trace).toEqual([
      'a 5000', // warm-up, not counted
      'a 5000',
      'a 10000',
      'a 15000', // the hiccup
      'a 15000', // its retry passes: the climb goes on
      'a 20000',
      'a 20000', // failed twice: the climb ends
      'a 17500', // halfway into the gap, failed twice
      'a 17500',
      'a 19500', // 1.3× the knee
      'a 24000', // 1.6×
    ]);
    expect(r.a!.over.map((o) => [o.factor, o.step.offered])).toEqual([
      [1.3, 19_500],
      [1.6, 24_000],
    ]);
  });

  it('ends a server’s climb at the second failure in a row while the others climb on, one step each per rate', async () => {
    const trace: Trace = [];
    const r = await ramp(
      'INVITE',
      [capacityTarget('a', 1_000, trace), capacityTarget('b', 3_000, trace)],
      [1_000, 2_000, 3_000, 4_000],
      { ...quiet, searches: 1, granularity: 100 },
    );
    expect(trace.slice(0, 9)).toEqual([
      'a 1000',
      'b 1000',
      'a 1000',
      'b 1000',
      'a 2000',
      'a 2000',
      'b 2000',
      'b 3000',
      'b 4000',
    ]);
    expect(trace.filter((t) => t === 'a 3000')).toEqual([]);
    expect([r.a!.knee, r.b!.knee]).toEqual([1_000, 3_000]);
  });

  it('reports the median of three searches, and steps past that knee once', async () => {
    const trace: Trace = [];
    const outcomes = [
      ...[true, false, false], // search 1: 1000 ✓, 1100 ✗ ✗ → 1000
      ...[true, true, true], // search 2: 1000, 1100, 1200 ✓ → 1200
      ...[true, true, false, false], // search 3: 1000, 1100 ✓, 1200 ✗ ✗ → 1100
      ...[false, false], // 1.3× and 1.6× the median knee
    ];
    const r = await ramp('REGISTER', [scriptedTarget('a', outcomes, trace)], [1_000, 1_100, 1_200], quiet);
    expect(r.a!.searches.map((s) => s.knee)).toEqual([1_000, 1_200, 1_100]);
    expect(r.a!.knee).toBe(1_100);
    expect(r.a!.over.map((o) => o.step.offered)).toEqual([1_430, 1_760]);
    expect(outcomes).toEqual([]);
    // Every counted step is kept (for the chart), each search's own too.
    expect(r.a!.steps).toHaveLength(12);
    expect(r.a!.searches.map((s) => s.steps.length)).toEqual([3, 3, 4]);
  });

  it('gives a knee of 0 and no steps past it when even the lowest rate fails', async () => {
    const trace: Trace = [];
    const r = await ramp('INVITE', [capacityTarget('a', 10, trace)], [500, 1_000], quiet);
    expect(r.a!.knee).toBe(0);
    expect(r.a!.over).toEqual([]);
    expect(trace.filter((t) => t === 'a 1000')).toEqual([]);
  });

  it('says what it does, one line per rate and the median', async () => {
    const lines: string[] = [];
    await ramp('REGISTER', [capacityTarget('a', 1_000, [])], [1_000, 2_000], {
      searches: 3,
      log: (l) => lines.push(l),
    });
    // 1,000/s, 2,000/s, and halfway (1,500/s).
    expect(lines.filter((l) => l.includes('REGISTER #2'))).toHaveLength(3);
    expect(lines).toContain('  REGISTER a: knee 1,000/s, the median of 1,000, 1,000, 1,000');
    expect(lines.some((l) => /2,000\/s offered: a .*✗.*again.*✗/.test(l))).toBe(true);
  });
});

it('medianKnee takes the middle knee, the lower of two middles, 0 of none', () => {
  expect(medianKnee([15_000, 10_000, 16_000])).toBe(15_000);
  expect(medianKnee([2, 1, 4, 3])).toBe(2);
  expect(medianKnee([])).toBe(0);
});
