import { describe, expect, it } from 'vitest';
import {
  compareJournals,
  mediansByDesks,
  phaseRows,
  type RunFigure,
  scenarioRows,
  spread,
} from './scenario-figures.ts';

const run = (file: string, totalMs: number, canonical: string[], ok = true): RunFigure => ({
  file,
  ok,
  setupMs: totalMs / 10,
  stepsMs: totalMs - totalMs / 10,
  totalMs,
  canonical,
  ...(ok ? {} : { error: 'step 3 failed' }),
});

describe('scenario figures', () => {
  it('gives the median (the middle two averaged) and the range', () => {
    expect(spread([300, 100, 200])).toEqual({ median: 200, min: 100, max: 300 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spread([]).median).toBeNaN();
  });

  it('names the round and line where a journal differs from the first run', () => {
    expect(
      compareJournals([
        ['a', 'b'],
        ['a', 'b'],
        ['a', 'b'],
      ]),
    ).toEqual({ same: true });
    expect(
      compareJournals([
        ['a', 'b'],
        ['a', 'b'],
        ['a', 'c'],
      ]),
    ).toEqual({
      same: false,
      round: 3,
      line: 2,
      expected: 'b',
      actual: 'c',
    });
    expect(compareJournals([['a'], ['a', 'extra']])).toMatchObject({ same: false, line: 2, actual: 'extra' });
  });

  it('makes one row per scenario, comparing the journals of passed runs only', () => {
    const rows = scenarioRows([
      run('a.yaml', 1000, ['x']),
      run('b.yaml', 3000, ['y']),
      run('a.yaml', 1200, ['x']),
      run('b.yaml', 500, ['y', 'cut short'], false),
      run('a.yaml', 1100, ['x']),
    ]);
    expect(rows.map((r) => r.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(rows[0]).toMatchObject({ runs: 3, passed: 3, total: { median: 1100, min: 1000, max: 1200 } });
    expect(rows[0]!.journal).toEqual({ same: true });
    expect(rows[1]).toMatchObject({ runs: 2, passed: 1, journal: { same: true }, errors: ['step 3 failed'] });
  });

  it('makes one row per phase over the runs that had it, in first-seen order', () => {
    const a = {
      ...run('a', 1000, []),
      phases: [
        { name: 'tenant', ms: 10 },
        { name: 'step login', ms: 300 },
      ],
    };
    const b = { ...run('b', 1000, []), phases: [{ name: 'tenant', ms: 30 }] };
    const c = {
      ...run('c', 1000, []),
      phases: [
        { name: 'tenant', ms: 20 },
        { name: 'step login', ms: 500 },
      ],
    };
    expect(phaseRows([a, b, c, run('d', 1, [])])).toEqual([
      { name: 'tenant', median: 20, mean: 20, runs: 3 },
      { name: 'step login', median: 400, mean: 400, runs: 2 },
    ]);
  });
});

describe('mediansByDesks', () => {
  it('gives the median scenario among those with as many desks, fewest first', () => {
    const row = (file: string, desks: number, ms: number) => ({
      ...scenarioRows([{ file, ok: true, setupMs: 0, stepsMs: ms, totalMs: ms, canonical: [], desks }])[0]!,
    });
    expect(
      mediansByDesks([
        row('a', 2, 3000),
        row('b', 1, 1200),
        row('c', 1, 1400),
        row('d', 1, 1300),
        row('e', 2, 2800),
      ]),
    ).toEqual([
      { desks: 1, scenarios: 3, median: 1300 },
      { desks: 2, scenarios: 2, median: 2900 },
    ]);
  });
});
