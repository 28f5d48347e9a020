import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { START, STEP } from './record.ts';
import { SCENARIO_HELP, scenarioCommand, slug } from './scenario-command.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-command-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The command with its output captured; a browser must never be needed for these. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await scenarioCommand(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    launchOptions: {},
    openSession: () => Promise.reject(new Error('no browser in unit tests')),
    schemaFile: 'scenarios/scenario.schema.json',
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('npm run scenario', () => {
  it('shows its help', async () => {
    expect(await run('--help')).toEqual({ code: 0, out: SCENARIO_HELP, err: '' });
  });

  it('refuses bad usage in one line, then the help, with status 2', async () => {
    for (const [argv, message] of [
      [[], 'name at least one scenario file (scenarios/*.scenario.yaml)'],
      [['--replay', 'j.ndjson', 'a.yaml'], 'give --replay a journal, or scenario files, not both'],
      [['a.yaml', '--tenant', 't'], '--tenant goes with --replay'],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')[0]).toBe(`scenario: ${message}`);
    }
  });

  it('names every bad file with its line and field before starting anything, status 1', async () => {
    const bad = join(dir, 'bad.scenario.yaml');
    await writeFile(
      bad,
      'name: x\nstory: y\nseed: 1\nactors: { agents: [{}] }\nsteps:\n  - signIn: { agent: 3 }\n',
    );
    const r = await run(bad, join(dir, 'missing.scenario.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `scenario: ${bad}:6: steps[0].signIn.agent: no agent 3: actors.agents has 1 (0 to 0)\nscenario: cannot read ${join(dir, 'missing.scenario.yaml')}: no such file\n`,
    );
  });

  it('replays: rebuilds the scenario beside the journal, and says which lines of a bad journal are wrong', async () => {
    const journal = join(dir, 'run.ndjson');
    await writeFile(journal, '{"kind":"control"}\nnot json\n');
    const bad = await run('--replay', journal);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^scenario: .*run\.ndjson:1: control entry: seq: missing/);

    const j = new JournalBuilder(undefined, 't9');
    // A scenario the runner recorded whose file has since become invalid: the rebuilt file is written, then refused.
    const scenario = {
      name: 'x',
      story: 'y',
      seed: 3,
      actors: { agents: [{}] },
      steps: [{ signIn: { agent: 5 } }],
    };
    j.add({
      kind: 'control',
      action: START,
      detail: JSON.stringify({ name: 'x', seed: 3, tenant: 't9', scenario }),
    });
    j.add({ kind: 'control', action: STEP, detail: JSON.stringify({ index: 0, step: scenario.steps[0] }) });
    await writeFile(journal, j.entries.map((e) => JSON.stringify(e)).join('\n'));
    const replay = await run('--replay', journal);
    const rebuilt = join(dir, 'run.replay.scenario.yaml');
    expect(replay.out).toBe(`rebuilt ${rebuilt} from ${journal} (tenant t9)\n`);
    expect(replay.err).toMatch(/steps\[0\]\.signIn\.agent: no agent 5/);
    expect(await readFile(rebuilt, 'utf8')).toContain('seed: 3');
  });

  it('names reports after the scenario file', () => {
    expect(slug('scenarios/happy-path.scenario.yaml')).toBe('happy-path');
    expect(slug('x/run.replay.scenario.yaml')).toBe('run.replay');
  });
});

describe('npm run scenario when the browser cannot start', () => {
  it('says so in one line, status 1', async () => {
    const file = join(dir, 'ok.scenario.yaml');
    await writeFile(
      file,
      'name: x\nstory: y\nseed: 1\nactors: { agents: [{}] }\nsteps:\n  - signIn: { agent: 0 }\n',
    );
    const r = await run(file, '--out', join(dir, 'out'));
    expect(r).toEqual({ code: 1, out: '', err: 'scenario: cannot start: no browser in unit tests\n' });
  });
});
