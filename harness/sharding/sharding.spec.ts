import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * Playwright's own sharding against one shared simulator: the simulator is
 * started on its own (the CLI, as a CI service step would), two Playwright
 * processes run `--shard 1/2` and `--shard 2/2` of a few scenarios against it
 * at the same time (MOCK_CEC_URL), each on its own tenants, and
 * `playwright merge-reports` joins their blob reports into one, with every
 * scenario's ladder and journal attached.
 */
const root = join(import.meta.dirname, '../..');
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
let simulator: ChildProcess | undefined;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sharding-'));
});

test.afterAll(async () => {
  if (simulator && simulator.exitCode === null) {
    const exited = new Promise((r) => simulator!.once('exit', r));
    simulator.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

test('two shards share one simulator; merge-reports gives one report with both halves', async () => {
  const certDir = join(dir, 'certs');
  const { url, process: sim } = await startSimulator(certDir);
  simulator = sim;
  const env = {
    ...process.env,
    MOCK_CEC_URL: url,
    MOCK_CEC_CERTS: certDir,
    MOCK_CEC_CA: join(certDir, 'ca-cert.pem'),
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

/** The simulator started by its own command, on a free port; resolves with its URL once it listens. */
async function startSimulator(certDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/mock-cec.js'), 'start', '--port', '0', '--sip-port', '0', '--cert-dir', certDir],
    { cwd: root, env: { ...process.env, MOCK_CEC_CHECK_RESPONSES: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Vendor APIs\s+(https:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}):\n${output}`)));
  });
  return { url, process: child };
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      output += c.toString();
    });
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => resolve({ code, stdout, output }));
  });
}
