import { describe, expect, it } from 'vitest';
import { arrivalRate, parseSoakOptions } from './soak-options.ts';

describe('parseSoakOptions', () => {
  it('defaults to issue 14’s soak: 10 minutes, 500 agents, 200 signed in, 50 calls at once', () => {
    expect(parseSoakOptions([])).toEqual({
      ok: true,
      options: {
        minutes: 10,
        agents: 500,
        signedIn: 200,
        calls: 50,
        holdSec: 20,
        sampleSec: 5,
        seed: 7,
        mediaWorkers: 1,
        journal: 20_000,
      },
    });
  });

  it('carries the media on worker threads as `mock-cec start` does, or on the main loop with 0', () => {
    expect(parseSoakOptions(['--media-workers=0'])).toMatchObject({ ok: true, options: { mediaWorkers: 0 } });
    expect(parseSoakOptions(['--media-workers=x'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--media-workers must be a number'),
    });
  });

  it('keeps a journal that is full by minute 2, or the one `mock-cec start` keeps', () => {
    expect(parseSoakOptions([])).toMatchObject({ ok: true, options: { journal: 20_000 } });
    expect(parseSoakOptions(['--journal=100000'])).toMatchObject({ ok: true, options: { journal: 100_000 } });
    expect(parseSoakOptions(['--journal=10'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--journal must be a number from 1000'),
    });
  });

  it('has a short form for CI, and options given beside it win', () => {
    expect(parseSoakOptions(['--short'])).toMatchObject({
      ok: true,
      options: { minutes: 1, agents: 60, signedIn: 20, calls: 5, holdSec: 10, sampleSec: 3 },
    });
    expect(parseSoakOptions(['--short', '--minutes=2', '--calls', '8'])).toMatchObject({
      ok: true,
      options: { minutes: 2, agents: 60, signedIn: 20, calls: 8 },
    });
  });

  it('refuses what cannot run, in one line naming the option', () => {
    expect(parseSoakOptions(['--signed-in=600'])).toEqual({
      ok: false,
      error: '--signed-in (600) cannot be more than --agents (500)',
    });
    expect(parseSoakOptions(['--minutes=abc'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--minutes must be a number'),
    });
    expect(parseSoakOptions(['--agents=2.5'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('whole'),
    });
    expect(parseSoakOptions(['--calls=30', '--signed-in=20'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--calls (30) needs as many signed-in agents'),
    });
    expect(parseSoakOptions(['--hold=6', '--sample=3'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('under half of --hold'),
    });
    expect(parseSoakOptions(['--nope'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--nope'),
    });
    expect(parseSoakOptions(['--help'])).toEqual({ help: true });
  });
});

it('arrivalRate keeps the calls up at once: calls / hold (Little’s law)', () => {
  expect(arrivalRate({ calls: 50, holdSec: 20 })).toBe(2.5);
});
