import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  runCommand as run,
  type StartedSimulator,
  simulatorEnv,
  startSimulatorProcess,
} from './shard-run.ts';

/**
 * Playwright's own sharding against one shared simulator: the simulator is
 * started on its own (the CLI, as a CI service step would), two Playwright
 * processes run `--shard 1/2` and `--shard 2/2` of a few scenarios against it
 * at the same time (MOCK_CEC_URL), each on its own tenants, and
 * `playwright merge-reports` joins their blob reports into one, with every
 * scenario's ladder and journal attached.
 */
const config = join(import.meta.dirname, 'playwright.shard.config.ts');
/** Quick scenarios (a few seconds each), enough for both shards to get some. */
const SCENARIOS = [
  'token-callback-refused',
  'callback-not-allowed',
  'wrong-app-secret',
  'query-agent-info-unauthorised',
];

test.setTimeout(300_000);

let dir: string;
let simulator: StartedSimulator | undefined;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sharding-'));
});

test.afterAll(async () => {
  await simulator?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('two shards share one simulator; merge-reports gives one report with both halves', async () => {
  const certDir = join(dir, 'certs');
  simulator = await startSimulatorProcess(certDir);
  const env = {
    ...process.env,
    ...simulatorEnv(simulator.url, certDir),
    // Plain text, so the shards' "Running N tests" can be read.
    FORCE_COLOR: '0',
  };
  const grep = SCENARIOS.map((s) => `\\[${s}\\.scenario\\.yaml\\]`).join('|');
  const shard = (i: number) =>
    run('npx', ['playwright', 'test', '--config', config, '--shard', `${i}/2`, '--grep', grep], {
      ...env,
      SHARD_BLOB_DIR: join(dir, `blob-${i}`),
      SHARD_OUTPUT_DIR: join(dir, `results-${i}`),
    });
  const [first, second] = await Promise.all([shard(1), shard(2)]);
  expect(first.code, first.output.slice(-4000)).toBe(0);
  expect(second.code, second.output.slice(-4000)).toBe(0);

  // Both shards' blobs in one folder, as a CI merge job downloads them.
  const all = join(dir, 'all-blobs');
  await mkdir(all);
  for (const i of [1, 2]) {
    for (const f of await readdir(join(dir, `blob-${i}`)))
      await copyFile(join(dir, `blob-${i}`, f), join(all, f));
  }
  // Each shard names its blob with its shard number (report-<hash>-1.zip, …-2.zip).
  expect((await readdir(all)).map((f) => /-(\d)\.zip$/.exec(f)?.[1]).sort()).toEqual(['1', '2']);
  const merged = await run('npx', ['playwright', 'merge-reports', '--reporter', 'json', all], env);
  expect(merged.code, merged.output.slice(-4000)).toBe(0);
  const report = JSON.parse(merged.stdout.slice(merged.stdout.indexOf('{'))) as JsonReport;

  const tests = report.suites.flatMap(specsOf).flatMap((s) => s.tests.map((t) => ({ title: s.title, ...t })));
  expect(tests).toHaveLength(SCENARIOS.length);
  for (const t of tests) {
    const result = t.results[0]!;
    expect(result.status, t.title).toBe('passed');
    expect(result.attachments.map((a) => a.name).sort(), t.title).toEqual(['journal.ndjson', 'ladder.html']);
  }
  // One half each: the shards split the suite between them, and the merged report holds both.
  const ran = (o: string) => Number(/Running (\d+) tests?/.exec(o)?.[1] ?? 0);
  expect([ran(first.output), ran(second.output)], first.output + second.output).toEqual([2, 2]);
  expect(report.stats.expected).toBe(SCENARIOS.length);
});

interface JsonSpec {
  title: string;
  tests: { results: { status: string; attachments: { name: string }[] }[] }[];
}
interface JsonSuite {
  specs: JsonSpec[];
  suites?: JsonSuite[];
}
interface JsonReport {
  suites: JsonSuite[];
  stats: { expected: number };
}

const specsOf = (s: JsonSuite): JsonSpec[] => [...s.specs, ...(s.suites ?? []).flatMap(specsOf)];
