/**
 * Scenario figures (issue 6, "Figures"): the wall time of the whole scenario
 * suite and of each scenario (median and range over the rounds), the time
 * from start to the first scenario step, and the same-seed check over the
 * suite: every round of a scenario must give the same canonical journal.
 * Not a test: it prints figures (and fails when a scenario fails).
 *
 *   node --import tsx bench/scenarios.ts [--rounds 3] [--lanes 1]   (or: npm run bench -- scenarios)
 *
 * Each lane is what the scenario command and a Playwright worker have: one
 * Chromium, one simulator, the page bundle; lanes take scenarios from one
 * queue, each on a fresh tenant and integration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { argsOrProblem } from '../harness/cli/args-or-problem.ts';
import { canonicalJournal } from '../harness/journal/canonical-journal.ts';
import type { ScenarioFile } from '../harness/scenario/parse-scenario.ts';
import { scenarioFiles } from '../harness/scenario/scenario-files.ts';
import { ScenarioSession } from '../harness/scenario/session.ts';
import {
  type Finished,
  runCommand,
  simulatorEnv,
  startSimulatorProcess,
} from '../harness/sharding/shard-run.ts';
import config from '../playwright.config.ts';
import { fmt, table } from './lib/table.ts';
import {
  mediansByDesks,
  phaseRows,
  type RunFigure,
  type ScenarioRow,
  scenarioRows,
  spread,
} from './scenarios/scenario-figures.ts';

const USAGE = `bench/scenarios.ts — the scenario suite's figures

  node --import tsx bench/scenarios.ts [options]     (or: npm run bench -- scenarios [--option=value…])

  --rounds N   how many times the whole suite runs (default 3)
  --lanes N    scenarios run side by side, each lane with its own browser and simulator (default 1)
  --phases     also print where a scenario's time goes, phase by phase (median over all runs)
  --only TEXT  run only the scenario files whose name contains TEXT
  --suite yes|no  also time the Playwright suite (npx playwright test scenarios/): one process, then
               two shards (--shard 1/2, 2/2) at once sharing one simulator started by the CLI (default yes)
`;

const out = (line = '') => process.stdout.write(`${line}\n`);
const parsed = argsOrProblem(() =>
  parseArgs({
    args: process.argv.slice(2),
    options: {
      rounds: { type: 'string', default: '3' },
      lanes: { type: 'string', default: '1' },
      suite: { type: 'string', default: 'yes' },
      phases: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }),
);
if (!parsed.ok) {
  process.stderr.write(`bench/scenarios: ${parsed.problem}\n${USAGE}`);
  process.exitCode = 2;
} else if (parsed.args.values.help) out(USAGE);
else {
  const rounds = Number(parsed.args.values.rounds);
  const lanes = Number(parsed.args.values.lanes);
  if (![rounds, lanes].every((n) => Number.isInteger(n) && n >= 1 && n <= 20)) {
    process.stderr.write(`bench/scenarios: --rounds and --lanes take a whole number from 1 to 20\n`);
    process.exitCode = 2;
  } else {
    const { phases, only } = parsed.args.values;
    const lanesRun = await run(rounds, lanes, { phases: phases === true, only });
    process.exitCode = lanesRun.status;
    if (parsed.args.values.suite !== 'no') process.exitCode ||= await playwrightSuite(lanesRun.medianMs);
  }
}

/**
 * The suite as CI runs it: one Playwright process (its own simulator per
 * worker), then two shards at once against one simulator started on its own,
 * the wall time of each from the command to its end.
 */
async function playwrightSuite(medianScenarioMs: number | undefined): Promise<number> {
  const env = { ...process.env, FORCE_COLOR: '0' };
  const timed = async (what: () => Promise<Finished[]>) => {
    const t = performance.now();
    const finished = await what();
    return { ms: performance.now() - t, finished };
  };
  const testArgs = ['playwright', 'test', 'scenarios/', '--reporter', 'dot'];
  const one = await timed(async () => [await runCommand('npx', testArgs, env)]);

  const dir = await mkdtemp(join(tmpdir(), 'bench-shards-'));
  const certDir = join(dir, 'certs');
  let simulator: Awaited<ReturnType<typeof startSimulatorProcess>> | undefined;
  const two = await timed(async () => {
    simulator = await startSimulatorProcess(certDir);
    const shared = { ...env, ...simulatorEnv(simulator.url, certDir) };
    return Promise.all(
      [1, 2].map((i) =>
        runCommand('npx', [...testArgs, '--shard', `${i}/2`, '--output', join(dir, `results-${i}`)], shared),
      ),
    );
  }).finally(async () => {
    await simulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const s = (ms: number) => fmt(ms / 1000, 1);
  out();
  out(`Playwright suite (npx playwright test scenarios/), wall time:`);
  out(`  one process:                         ${s(one.ms)} s`);
  out(`  two shards at once, one simulator:   ${s(two.ms)} s (simulator start included)`);
  if (medianScenarioMs !== undefined)
    out(`  beside the median scenario:          ${fmt(medianScenarioMs / 1000, 2)} s (the lanes above)`);
  const failed = [...one.finished, ...two.finished].filter((f) => f.code !== 0);
  for (const f of failed) out(`FAILED: ${f.output.slice(-2000)}`);
  return failed.length === 0 ? 0 : 1;
}

async function run(
  rounds: number,
  lanes: number,
  o: { phases: boolean; only?: string },
): Promise<{ status: number; medianMs?: number }> {
  const files: ScenarioFile[] = [];
  for (const { path, parsed } of scenarioFiles(join(import.meta.dirname, '../scenarios'))) {
    if (o.only !== undefined && !basename(path).includes(o.only)) continue;
    if (!parsed.ok) {
      process.stderr.write(`bench/scenarios: ${parsed.problem.message}\n`);
      return { status: 1 };
    }
    files.push({ ...parsed, file: path });
  }
  out(
    `scenarios: ${files.length} files × ${rounds} rounds, ${lanes} lane(s). Node ${process.version}, ` +
      `${availableParallelism()} cores, load average ${fmt(loadavg()[0]!, 1)} at start`,
  );

  const started = performance.now();
  let firstStepMs: number | undefined;
  const sessions = await Promise.all(
    Array.from({ length: lanes }, () => ScenarioSession.open(config.use?.launchOptions ?? {})),
  );
  const openMs = performance.now() - started;
  const runs: RunFigure[] = [];
  const suiteMs: number[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const roundStarted = performance.now();
      let next = 0;
      await Promise.all(
        sessions.map(async (session) => {
          for (let i = next++; i < files.length; i = next++) {
            const file = files[i]!;
            const r = await session.run(file, (e) => {
              if (e.type === 'start') firstStepMs ??= performance.now() - started;
            });
            const failed = r.steps.find((s) => s.status === 'failed');
            runs.push({
              file: file.file,
              ok: r.ok,
              setupMs: r.ms.setup,
              stepsMs: r.ms.steps,
              totalMs: r.ms.total,
              canonical: canonicalJournal(r.journal),
              error: r.ok ? undefined : (r.setupError ?? `step ${failed!.index + 1}: ${failed!.error}`),
              phases: r.phases,
              desks: file.scenario.actors.agents.length,
            });
          }
        }),
      );
      suiteMs.push(performance.now() - roundStarted);
      out(`round ${round}: ${fmt(suiteMs.at(-1)! / 1000, 1)} s`);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  const rows = scenarioRows(runs);
  report(rows, runs, { suiteMs, openMs, firstStepMs: firstStepMs ?? Number.NaN, lanes });
  if (o.phases) reportPhases(runs);
  return {
    status: rows.every((r) => r.passed === r.runs) ? 0 : 1,
    medianMs: spread(rows.map((r) => r.total.median)).median,
  };
}

function report(
  rows: ScenarioRow[],
  runs: RunFigure[],
  o: { suiteMs: number[]; openMs: number; firstStepMs: number; lanes: number },
): void {
  const s = (ms: number) => fmt(ms / 1000, 2);
  const range = (x: { min: number; max: number }) => `${s(x.min)}–${s(x.max)}`;
  out();
  out(
    table(
      ['scenario', 'median s', 'range s', 'setup s', 'steps s', 'passed', 'same journal'],
      rows.map((r) => [
        basename(r.file, '.scenario.yaml'),
        s(r.total.median),
        range(r.total),
        s(r.setup.median),
        s(r.steps.median),
        `${r.passed}/${r.runs}`,
        r.journal.same ? 'yes' : `no (round ${r.journal.round}, line ${r.journal.line})`,
      ]),
    ),
  );
  const suite = spread(o.suiteMs);
  const medians = spread(rows.map((r) => r.total.median));
  const same = rows.filter((r) => r.journal.same).length;
  out();
  out(`suite wall time: median ${s(suite.median)} s, range ${range(suite)} s (${o.lanes} lane(s))`);
  out(
    `median scenario: ${s(medians.median)} s (of the per-scenario medians; slowest ${s(medians.max)} s); ` +
      `all runs: median ${s(spread(runs.map((r) => r.totalMs)).median)} s`,
  );
  const byDesks = mediansByDesks(rows);
  if (byDesks.length > 1)
    out(
      `median scenario by desks: ${byDesks
        .map((d) => `${d.desks} desk${d.desks === 1 ? '' : 's'} ${s(d.median)} s (${d.scenarios} scenarios)`)
        .join(', ')}`,
    );
  out(
    `start to the first step: ${s(o.firstStepMs)} s (browser, simulator and bundle ${s(o.openMs)} s, then the first stack); ` +
      `stack start to first step, per scenario: median ${s(spread(runs.map((r) => r.setupMs)).median)} s`,
  );
  out(`same seed, same journal: ${same} of ${rows.length} scenarios over every round`);
  for (const { file, journal } of rows) {
    if (journal.same) continue;
    out(`  ${file}: round ${journal.round} differs at line ${journal.line}:`);
    out(`    first: ${journal.expected ?? '(no line)'}`);
    out(`    then:  ${journal.actual ?? '(no line)'}`);
  }
  for (const r of rows.filter((r) => r.errors.length > 0)) out(`FAILED ${r.file}: ${r.errors.join(' | ')}`);
}

/** Where a scenario's time goes: each phase's median and mean over the runs, against the median run. */
function reportPhases(runs: RunFigure[]): void {
  const median = spread(runs.map((r) => r.totalMs)).median;
  out();
  out(`phases (on the run's own path: pages and phones made meanwhile show only as the wait for them):`);
  out(
    table(
      ['phase', 'median ms', 'mean ms', 'runs', 'mean / median run'],
      phaseRows(runs).map((p) => [
        p.name,
        fmt(p.median, 0),
        fmt(p.mean, 0),
        String(p.runs),
        `${fmt((100 * p.mean) / median, 0)} %`,
      ]),
    ),
  );
}
