import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JournalEntry, toNdjson } from '../../mock-cec/infrastructure/journal/journal.ts';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { ladderCommand } from '../report/ladder-command.ts';
import { END, START, STEP } from './record.ts';
import { runLadder, stepMarksOf } from './run-ladder.ts';
import { ladderOf, type ScenarioRun } from './run-scenario.ts';

/** A recorded run of two steps, the second failing, as the runner writes it into the journal. */
function recordedJournal(): JournalEntry[] {
  const j = new JournalBuilder(Date.UTC(2026, 0, 1), 't-run');
  const scenario = {
    name: 'two steps',
    story: 'A login, then a state that does not come.',
    seed: 7,
    actors: { agents: [{ phone: 'none' }] },
    steps: [{ login: { agent: 0 } }, { expectState: { agent: 0, is: 'idle', on: 'cec' } }],
  };
  const control = (action: string, detail: unknown) =>
    j.add({ kind: 'control', corr: j.corr(), action, detail: JSON.stringify(detail) });
  control(START, { name: 'two steps', seed: 7, tenant: 't-run', scenario });
  control(STEP, { index: 0, step: scenario.steps[0] });
  j.after(5).http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200);
  control(STEP, { index: 1, step: scenario.steps[1] });
  j.after(5).event('101', 'AgentState_Busy');
  control(END, { ok: false, failed: 1, error: 'agent 0 (workNo 101) is busy, not idle' });
  return j.entries;
}

describe('a recorded run drawn from its journal alone', () => {
  it('gets one band per step, labelled as the runner labels it, the failing one with its error', () => {
    const entries = recordedJournal();
    const marks = stepMarksOf(entries);
    expect(marks.map((m) => [m.label, m.ok])).toEqual([
      ['login agent 0', true],
      ['expectState agent 0, is idle, on cec', false],
    ]);
    expect(marks[1]!.error).toBe('agent 0 (workNo 101) is busy, not idle');
    const html = runLadder(entries, { title: 'two steps' });
    expect(html).toContain('2 steps, 1 failed');
    expect(html).toContain('✗ step 2: expectState agent 0, is idle, on cec');
  });

  it('is what `npm run ladder` draws of the exported journal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-ladder-'));
    try {
      const file = join(dir, 'run.ndjson');
      await writeFile(file, toNdjson(recordedJournal()));
      const code = await ladderCommand([file], { out: () => undefined, err: () => undefined });
      expect(code).toBe(0);
      const html = await readFile(join(dir, 'run.html'), 'utf8');
      expect(html).toContain('2 steps, 1 failed');
      expect(html).toContain('✗ step 2: expectState agent 0, is idle, on cec');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is the ladder the runner attaches to its report', () => {
    const journal = recordedJournal();
    const run = { name: 'two steps', tenant: 't-run', journal, recordings: [] } as unknown as ScenarioRun;
    expect(ladderOf(run)).toBe(runLadder(journal, { title: 'two steps', tenant: 't-run' }));
  });
});
