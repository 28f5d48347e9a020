import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { END, START, STEP } from './record.ts';
import { rebuildScenario, replayFileText } from './replay.ts';

const scenario = {
  name: 'A call',
  story: 'An agent takes a call.',
  seed: 7,
  actors: { agents: [{ phone: 'desk' }] },
  faults: [{ api: 'QueryAgentInfo', action: { do: 'status', status: 500 } }],
  steps: [{ login: { agent: 0 } }, { signIn: { agent: 0 } }, { expectState: { agent: 0, is: 'Ready' } }],
};

/** A journal as the runner records it: start, the steps that ran, the end; other tenants' runs beside it. */
function recorded(tenant: string, ran: number, name = scenario.name) {
  const j = new JournalBuilder(undefined, tenant);
  const control = (action: string, detail: unknown) =>
    j.add({ kind: 'control', action, detail: JSON.stringify(detail) });
  control(START, { name, seed: 7, tenant, scenario: { ...scenario, name } });
  j.http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200);
  for (let i = 0; i < ran; i++) control(STEP, { index: i, step: scenario.steps[i] });
  control(END, ran < 3 ? { ok: false, failed: ran - 1, error: 'no' } : { ok: true });
  return j.entries;
}

describe('rebuildScenario', () => {
  it('rebuilds the scenario a journal ran, its steps as recorded', () => {
    const rebuilt = rebuildScenario(recorded('t1', 3));
    expect(rebuilt).toMatchObject({
      ok: true,
      source: scenario,
      run: { start: { tenant: 't1' }, end: { ok: true } },
    });
  });

  it('keeps the steps after a failure, so the replay goes as far as the original meant to', () => {
    const rebuilt = rebuildScenario(recorded('t1', 1));
    expect(rebuilt.ok && rebuilt.source.steps).toEqual(scenario.steps);
  });

  it('asks which run when a journal holds several, and says when it holds none', () => {
    const both = [...recorded('t1', 3, 'one'), ...recorded('t2', 1, 'two')];
    expect(rebuildScenario(both)).toEqual({
      ok: false,
      message:
        '2 scenario runs in this journal; choose one with --tenant: tenant t1: "one" (passed); tenant t2: "two" (failed at step 1)',
    });
    expect(rebuildScenario(both, 't2')).toMatchObject({ ok: true, source: { name: 'two' } });
    expect(rebuildScenario(both, 't3')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^no scenario run of tenant t3/),
    });
    expect(rebuildScenario(new JournalBuilder().entries)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^no scenario run/),
    });
  });

  it('writes a YAML file that reads back as the same scenario, pointing at the schema', () => {
    const text = replayFileText(
      scenario,
      'reports/scenarios/a-call.replay.scenario.yaml',
      'scenarios/scenario.schema.json',
    );
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../scenarios/scenario.schema.json');
    expect(parse(text)).toEqual(scenario);
  });
});
