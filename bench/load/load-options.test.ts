import { describe, expect, it } from 'vitest';
import { parseLoadOptions } from './load-options.ts';

describe('parseLoadOptions', () => {
  it('defaults to the targets of issue 6: 200 phones, one round of 25 calls held 10 s', () => {
    expect(parseLoadOptions([])).toEqual({
      ok: true,
      options: {
        phones: 200,
        perPage: 100,
        concurrency: 6,
        calls: [25],
        holdMs: 10_000,
        seed: 7,
        mediaWorkers: [1],
        keepGoing: false,
        simPriority: -5,
      },
    });
  });

  it('goes on past a round that falls short when asked (--keep-going)', () => {
    expect(parseLoadOptions(['--keep-going', '--calls', '100,150'])).toMatchObject({
      ok: true,
      options: { calls: [100, 150], keepGoing: true },
    });
  });

  it('steps up to find where it stops, keeping what was given', () => {
    expect(parseLoadOptions(['--step', '--hold=5'])).toMatchObject({
      ok: true,
      options: { phones: 250, calls: [25, 50, 100, 200], holdMs: 5_000 },
    });
    expect(parseLoadOptions(['--step', '--phones', '400', '--calls', '100,150'])).toMatchObject({
      ok: true,
      options: { phones: 400, calls: [100, 150] },
    });
  });

  it('runs once per media-worker setting (issue 14: 0 against N side by side)', () => {
    expect(parseLoadOptions(['--media-workers', '0,2'])).toMatchObject({
      ok: true,
      options: { mediaWorkers: [0, 2] },
    });
    expect(parseLoadOptions(['--media-workers', '0,x'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--media-workers takes numbers from 0 to 16'),
    });
  });

  it('runs the simulator above its load generators unless told otherwise (--sim-priority)', () => {
    expect(parseLoadOptions(['--sim-priority', '0'])).toMatchObject({
      ok: true,
      options: { simPriority: 0 },
    });
    expect(parseLoadOptions(['--sim-priority=-10'])).toMatchObject({
      ok: true,
      options: { simPriority: -10 },
    });
    expect(parseLoadOptions(['--sim-priority=-21'])).toMatchObject({
      ok: false,
      error: '--sim-priority must be a whole number from -20 to 19, not "-21"',
    });
  });

  it("leaves the media workers at the simulator's nice value unless told (--media-priority)", () => {
    const plain = parseLoadOptions([]);
    expect(plain).toMatchObject({ ok: true });
    expect('options' in plain && plain.options.mediaPriority).toBeUndefined();
    expect(parseLoadOptions(['--media-priority', '3'])).toMatchObject({
      ok: true,
      options: { simPriority: -5, mediaPriority: 3 },
    });
    expect(parseLoadOptions(['--media-priority=20'])).toMatchObject({
      ok: false,
      error: '--media-priority must be a whole number from -20 to 19, not "20"',
    });
  });

  it('says what is wrong with a bad command line, all at once', () => {
    expect(parseLoadOptions(['--phones', 'many', '--calls', '25,,50'])).toEqual({
      ok: false,
      error:
        '--phones must be a whole number from 1 to 2000, not "many"; --calls takes numbers separated by commas, not "25,,50"',
    });
    expect(parseLoadOptions(['--per-page', '300'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('1 to 250'),
    });
    expect(parseLoadOptions(['--calls', '0'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('at least one'),
    });
    expect(parseLoadOptions(['--bogus'])).toMatchObject({
      ok: false,
      error: expect.stringContaining("'--bogus'"),
    });
    expect(parseLoadOptions(['-h'])).toEqual({ help: true });
  });
});
