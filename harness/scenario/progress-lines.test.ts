import { describe, expect, it } from 'vitest';
import { describeStep } from './describe-step.ts';
import { progressLine, summaryLine } from './progress-lines.ts';
import type { ScenarioRun, StepResult } from './run-scenario.ts';

const run = (file: string, ok: boolean, total: number): ScenarioRun => ({
  name: file,
  file,
  seed: 1,
  tenant: 't',
  ok,
  steps: [],
  phases: [],
  recordings: [],
  journal: [],
  marks: [],
  ms: { setup: 10, steps: total - 10, total },
});

describe('describeStep', () => {
  it('says what was written, not the defaults; a name wins', () => {
    expect(describeStep({ kind: 'login', args: { agent: 0, result: 'ok', times: 1 } }, { agent: 0 })).toBe(
      'login agent 0',
    );
    expect(
      describeStep({
        kind: 'expectEvent',
        args: { agent: 1, events: ['AgentState_Ready', 'AgentEvent_Talking'] },
      }),
    ).toBe('expectEvent agent 1, events AgentState_Ready → AgentEvent_Talking');
    expect(describeStep({ kind: 'advanceClock', args: 120000 }, '2m')).toBe('advanceClock 2m');
    expect(describeStep({ kind: 'clearFaults', args: true }, true)).toBe('clearFaults');
    expect(describeStep({ kind: 'signIn', args: { agent: 0 }, name: 'the agent signs in' })).toBe(
      'the agent signs in',
    );
  });
});

describe('progress lines', () => {
  const failed: StepResult = {
    index: 4,
    label: 'expectState agent 0, is Ready',
    status: 'failed',
    ms: 5003,
    error: 'it shows Busy\nsince 3 s',
  };
  it('show each step with its time, and a failure with its reason indented', () => {
    expect(
      progressLine({
        type: 'step',
        total: 12,
        result: { index: 0, label: 'login agent 0', status: 'passed', ms: 420, note: 'ok' },
      }),
    ).toBe('  ✓  1/12 login agent 0  420 ms  (ok)');
    expect(progressLine({ type: 'step', total: 12, result: failed })).toBe(
      '  ✗  5/12 expectState agent 0, is Ready  5003 ms\n        it shows Busy\n        since 3 s',
    );
  });

  it('sum up: passed, failed, the median scenario and the wall time', () => {
    expect(summaryLine([run('a', true, 1000), run('b', false, 3000), run('c', true, 2000)], 6400)).toBe(
      '3 scenarios: 2 passed, 1 failed; median 2000 ms, all in 6.4 s\nfailed: b',
    );
    expect(summaryLine([run('a', true, 900)], 1000)).toBe(
      '1 scenario: 1 passed, 0 failed; median 900 ms, all in 1.0 s',
    );
  });
});
