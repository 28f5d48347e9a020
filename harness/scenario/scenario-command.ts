import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LaunchOptions } from '@playwright/test';
import { toNdjson } from '../../mock-cec/infrastructure/journal/journal.ts';
import { argsOrProblem } from '../cli/args-or-problem.ts';
import { parseNdjson } from '../journal/read-ndjson.ts';
import { parseScenario, type ScenarioFile } from './parse-scenario.ts';
import { progressLine, summaryLine } from './progress-lines.ts';
import { rebuildScenario, replayFileText } from './replay.ts';
import type { ProgressEvent } from './run-scenario.ts';
import { ladderOf, type ScenarioRun } from './run-scenario.ts';
import { reasonOf } from './run-step.ts';

/** What runs the files: one browser and simulator for all of them (session.ts). */
export interface RunnerSession {
  run(file: ScenarioFile, onProgress?: (e: ProgressEvent) => void): Promise<ScenarioRun>;
  close(): Promise<void>;
}

export const SCENARIO_HELP = `Usage: npm run scenario -- FILE… [--out DIR]
       npm run scenario -- --replay JOURNAL.ndjson [--tenant ID] [--out DIR]

Runs scenario files (scenarios/*.scenario.yaml) in one Chromium against one simulator,
each on a fresh tenant and integration: a line per step, a summary, and for each
scenario its journal (NDJSON) and ladder diagram (HTML) in the reports folder.

  --replay FILE  rebuild the scenario a recorded journal ran (seed, tenant, faults,
                 steps), write it beside the journal as NAME.replay.scenario.yaml,
                 and run it
  --tenant ID    with --replay: the run of this tenant, when the journal holds several
  --out DIR      where the reports go (default reports/scenarios)
  -h, --help     show this help

Exit status: 0 every scenario passed, 1 one failed or a file is bad, 2 bad usage.
`;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Opens the browser and the simulator (only once the files are known to be good). */
  openSession(launch: LaunchOptions): Promise<RunnerSession>;
  launchOptions: LaunchOptions;
  /** Where the JSON Schema of scenario files is, for the header of a rebuilt file. */
  schemaFile: string;
  /** The reports folder without --out (default reports/scenarios; the project config's `reports`). */
  defaultOut?: string;
}

type Request =
  | { kind: 'help' }
  | { kind: 'run'; files: string[]; out: string }
  | { kind: 'replay'; journal: string; tenant?: string; out: string };

/** `npm run scenario`: returns the exit status. */
export async function scenarioCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const request = readArguments(argv, io.defaultOut);
  if (typeof request === 'string') {
    io.err(`scenario: ${request}\n${SCENARIO_HELP}`);
    return 2;
  }
  if (request.kind === 'help') {
    io.out(SCENARIO_HELP);
    return 0;
  }
  const files =
    request.kind === 'run' ? await readScenarios(request.files, io) : await readReplay(request, io);
  if (!files) return 1;

  const started = performance.now();
  let session: RunnerSession;
  try {
    await mkdir(request.out, { recursive: true });
    session = await io.openSession(io.launchOptions);
  } catch (err) {
    io.err(`scenario: cannot start: ${reasonOf(err)}\n`);
    return 1;
  }
  const runs: ScenarioRun[] = [];
  try {
    for (const file of files) {
      const run = await session.run(file, (e) => io.out(`${progressLine(e)}\n`));
      runs.push(run);
      const base = join(request.out, slug(file.file));
      await writeFile(`${base}.ndjson`, toNdjson(run.journal));
      await writeFile(`${base}.html`, ladderOf(run));
      io.out(`  reports: ${base}.ndjson, ${base}.html\n`);
    }
  } catch (err) {
    // A bug or a lost browser, not a scenario's failure: one line, the runs so far summed up.
    io.err(`scenario: stopped: ${reasonOf(err)}\n`);
    await session.close().catch(() => undefined);
    io.out(`${summaryLine(runs, performance.now() - started)}\n`);
    return 1;
  }
  await session.close();
  io.out(`${summaryLine(runs, performance.now() - started)}\n`);
  return runs.every((r) => r.ok) ? 0 : 1;
}

async function readScenarios(paths: readonly string[], io: CommandIo): Promise<ScenarioFile[] | undefined> {
  const files: ScenarioFile[] = [];
  let bad = false;
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      io.err(`scenario: cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
      return undefined;
    });
    if (text === undefined) {
      bad = true;
      continue;
    }
    const parsed = parseScenario(text, path);
    if (parsed.ok) files.push(parsed);
    else {
      io.err(`scenario: ${parsed.problem.message}\n`);
      bad = true;
    }
  }
  return bad ? undefined : files;
}

async function readReplay(
  r: { journal: string; tenant?: string },
  io: CommandIo,
): Promise<ScenarioFile[] | undefined> {
  const text = await readFile(r.journal, 'utf8').catch(() => undefined);
  if (text === undefined) {
    io.err(`scenario: cannot read ${r.journal}\n`);
    return undefined;
  }
  const parsed = parseNdjson(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(`scenario: ${r.journal}:${e.line}: ${e.message}\n`);
    return undefined;
  }
  const rebuilt = rebuildScenario(parsed.entries, r.tenant);
  if (!rebuilt.ok) {
    io.err(`scenario: ${r.journal}: ${rebuilt.message}\n`);
    return undefined;
  }
  const path = join(
    dirname(r.journal),
    `${basename(r.journal).replace(/\.ndjson$/, '')}.replay.scenario.yaml`,
  );
  const yaml = replayFileText(rebuilt.source, path, io.schemaFile);
  await writeFile(path, yaml);
  io.out(`rebuilt ${path} from ${r.journal} (tenant ${rebuilt.run.start.tenant})\n`);
  return readScenarios([path], io);
}

function readArguments(argv: readonly string[], defaultOut = 'reports/scenarios'): Request | string {
  const parsed = argsOrProblem(() => parse(argv));
  if (!parsed.ok) return parsed.problem;
  const { values, positionals } = parsed.args;
  if (values.help) return { kind: 'help' };
  const out = values.out ?? defaultOut;
  if (values.replay !== undefined) {
    if (positionals.length > 0) return 'give --replay a journal, or scenario files, not both';
    return { kind: 'replay', journal: values.replay, tenant: values.tenant, out };
  }
  if (values.tenant !== undefined) return '--tenant goes with --replay';
  if (positionals.length === 0) return 'name at least one scenario file (scenarios/*.scenario.yaml)';
  return { kind: 'run', files: positionals, out };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      replay: { type: 'string' },
      tenant: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** scenarios/happy-path.scenario.yaml → happy-path */
export function slug(file: string): string {
  return basename(file)
    .replace(/\.scenario\.ya?ml$/, '')
    .replace(/\.ya?ml$/, '');
}
