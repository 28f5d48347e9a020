/**
 * The package as a team installs it: `npm pack`, the tarball installed into a
 * project outside this repository, its exports type-checked under a strict
 * NodeNext tsconfig, `npx mock-cec --help` and `init` (and the scenario and
 * spec it scaffolds), then a scenario and a Playwright spec run against
 * examples/other-crm (a desk that is not the reference integration) on a
 * simulator started from the installed package: given by the config's URL, by
 * MOCK_CEC_URL, and started by the fixtures themselves.
 *
 * The consumer project is a folder of its own per run (two runs on one
 * machine never meet), removed afterwards. Its node_modules starts as a
 * hard-link copy of the last successful run's, kept in the system's temporary
 * folder: npm installs the new tarball and leaves the unchanged dependencies
 * as they are (it replaces a package's folder, never writes into a kept file).
 * The first run installs them all, and where better-sqlite3's prebuilt binary
 * cannot be downloaded npm compiles it (minutes on two cores); later runs take
 * about a minute.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type OtherCrm, startOtherCrm } from '../../examples/other-crm/other-crm.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const consumer = mkdtempSync(join(tmpdir(), 'mock-cec-consumer-'));
/** The last successful install's node_modules, per Node ABI (better-sqlite3's binary is built for one). */
const keptModules = join(tmpdir(), `mock-cec-consumer-node${process.versions.modules}-modules`);
const MINUTES = 60_000;

/** The environment of a command typed in the consumer project: nothing of npm's or vitest's run here. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS|INIT_CWD|MOCK_CEC_)/i.test(k)),
);

const sh = (cmd: string, args: string[], cwd: string, timeout = 5 * MINUTES, extra: NodeJS.ProcessEnv = {}) =>
  run(cmd, args, { cwd, env: { ...env, ...extra }, timeout, maxBuffer: 32 * 1024 * 1024 });

let simulator: ChildProcess | undefined;
let crm: OtherCrm | undefined;
afterAll(async () => {
  await stopSimulator();
  await crm?.close();
  rmSync(consumer, { recursive: true, force: true });
});

/** `cp -al`: a copy of a folder whose files are hard links (instant, no space). */
const linkCopy = (from: string, to: string) => run('cp', ['-al', from, to]);

/** This run's node_modules kept for the next run, replacing the last (a run that finds none installs afresh). */
async function keepModules(): Promise<void> {
  const next = `${keptModules}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await linkCopy(join(consumer, 'node_modules'), next);
  rmSync(keptModules, { recursive: true, force: true });
  try {
    renameSync(next, keptModules);
  } catch {
    // Another run kept its own meanwhile: as good as ours.
    rmSync(next, { recursive: true, force: true });
  }
}

/** The simulator the test started, stopped and gone (its port free again). */
async function stopSimulator(): Promise<void> {
  const child = simulator;
  simulator = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the package, installed in a project outside the repository', () => {
  it(
    'packs, installs, type-checks, scaffolds, and runs a scenario and a spec against Other CRM',
    async () => {
      // 1. The tarball (prepack builds it), checked as a registry would serve it.
      const packDir = mkdtempSync(join(tmpdir(), 'mock-cec-pack-'));
      const packed = await sh('npm', ['pack', '--silent', '--pack-destination', packDir], root);
      const tarball = join(packDir, packed.stdout.trim().split('\n').at(-1)!);
      const listing = (await run('tar', ['-tzf', tarball])).stdout;
      expect(listing).toContain('package/dist/lib/playwright.mjs');
      expect(listing).toContain('package/dist/types/harness/package/playwright.d.ts');
      expect(listing).toContain('package/dist/mock-cec.config.schema.json');
      expect(listing).not.toMatch(/package\/(bench|\.ci|scripts)\//);
      expect(listing).not.toMatch(/\.(test|spec)\.ts\n/);
      expect(listing).not.toMatch(/\.map\n/);
      await sh(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), '--strict', tarball], root);
      // ESM only, on purpose: node16-from-CJS and node10 are not targets (Node ≥ 20.19 can require() it anyway).
      await sh(
        process.execPath,
        [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only'],
        root,
      );

      // 2. Installed into the consumer project, with the peers a Playwright project has.
      writeFileSync(
        join(consumer, 'package.json'),
        `${JSON.stringify({ name: 'mock-cec-consumer', private: true, type: 'module' }, null, 2)}\n`,
      );
      // Before the first run kept any, the fixed folder earlier versions of this test installed into.
      const legacy = join(tmpdir(), `mock-cec-consumer-node${process.versions.modules}`, 'node_modules');
      const start = [keptModules, legacy].find((d) => existsSync(d));
      if (start) await linkCopy(start, join(consumer, 'node_modules')).catch(() => undefined);
      await sh(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '-D',
          tarball,
          `@playwright/test@${pkg.devDependencies['@playwright/test']}`,
          `msw@${pkg.devDependencies.msw}`,
          '@types/node@20',
        ],
        consumer,
        20 * MINUTES,
      );
      const installed = realpathSync(join(consumer, 'node_modules/mock-cec'));
      expect(installed.startsWith(root)).toBe(false);
      await keepModules();

      // 3. `init` in an empty folder of the project, and never over a file without --force.
      const scaffold = join(consumer, 'scaffold');
      rmSync(scaffold, { recursive: true, force: true });
      mkdirSync(scaffold);
      const help = await sh('npx', ['--no-install', 'mock-cec', '--help'], consumer);
      expect(help.stdout).toContain('mock-cec start');
      const init = await sh('npx', ['--no-install', 'mock-cec', 'init'], scaffold);
      expect(init.stdout).toContain('wrote tests/first-call.spec.ts');
      expect(init.stdout).toContain("npx mock-cec scenario run 'scenarios/*.scenario.yaml'");
      // What init printed runs straight away, on the reference integration shipped in the package.
      const first = await sh(
        'npx',
        ['--no-install', 'mock-cec', 'scenario', 'run', 'scenarios/*.scenario.yaml'],
        scaffold,
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`the scaffolded scenario failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(first.stdout).toContain('1 scenario: 1 passed, 0 failed');
      // And the printed `npx playwright test`: each worker starts a simulator from the installed package.
      const firstSpec = await sh(
        'npx',
        ['--no-install', 'playwright', 'test', '--workers', '1'],
        scaffold,
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`the scaffolded spec failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(firstSpec.stdout).toContain('1 passed');
      const config = readFileSync(join(scaffold, 'mock-cec.config.yaml'), 'utf8');
      writeFileSync(join(scaffold, 'mock-cec.config.yaml'), '# mine\n');
      const again = await sh('npx', ['--no-install', 'mock-cec', 'init'], scaffold);
      expect(again.stdout).toContain('kept  mock-cec.config.yaml');
      expect(readFileSync(join(scaffold, 'mock-cec.config.yaml'), 'utf8')).toBe('# mine\n');
      writeFileSync(join(scaffold, 'mock-cec.config.yaml'), config);

      // 4. Other CRM's project: its tenant, config, scenario and spec, on free ports.
      const dir = join(consumer, 'other-crm');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const f of ['tenant.yaml', 'users.json', 'mock-cec.config.yaml', 'scenarios', 'tests'])
        cpSync(join(root, 'examples/other-crm', f), join(dir, f), { recursive: true });
      cpSync(join(scaffold, 'playwright.config.ts'), join(dir, 'playwright.config.ts'));
      const [simPort, crmPort] = [await freePort(), await freePort()];
      for (const f of ['tenant.yaml', 'mock-cec.config.yaml']) {
        const text = readFileSync(join(dir, f), 'utf8');
        writeFileSync(
          join(dir, f),
          text.replaceAll(':8043', `:${simPort}`).replaceAll(':3300', `:${crmPort}`),
        );
      }

      // 5. Type-checked as the team's own code: the exports and Other CRM's spec, strict NodeNext.
      writeFileSync(join(consumer, 'uses-exports.ts'), USES_EXPORTS);
      writeFileSync(join(consumer, 'tsconfig.json'), TSCONFIG);
      await sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer).catch(
        (err: { stdout?: string }) => {
          throw new Error(`tsc in the consumer project:\n${err.stdout}`);
        },
      );

      // 6. The simulator from the installed package, Other CRM on its certificate.
      simulator = spawn(
        join(consumer, 'node_modules/.bin/mock-cec'),
        ['start', '--config', 'tenant.yaml', '--port', String(simPort), '--sip-port', '0', '--quiet'],
        // Its log is the simulator's business; a failure shows in the scenario's and the spec's reports.
        { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      await waitForHttps(simPort);
      const certs = join(dir, '.mock-cec/certs');
      crm = await startOtherCrm({
        port: crmPort,
        cec: `https://127.0.0.1:${simPort}`,
        tenantSpaceId: '300100200300400500',
        users: JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')),
        cert: readFileSync(join(certs, 'server-cert.pem'), 'utf8'),
        key: readFileSync(join(certs, 'server-key.pem'), 'utf8'),
      });

      // 7. The scenario and the spec, as the team would type them.
      const scenario = await sh(
        'npx',
        ['--no-install', 'mock-cec', 'scenario', 'run', 'scenarios/*.scenario.yaml'],
        dir,
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`mock-cec scenario run failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(scenario.stdout).toContain('1 scenario: 1 passed, 0 failed');
      expect(existsSync(join(dir, 'reports/mock-cec/answer-on-openeye.html'))).toBe(true);
      // The journal alone replays the run, on the same integration; and draws its ladder.
      const replay = await sh(
        'npx',
        ['--no-install', 'mock-cec', 'scenario', '--replay', 'reports/mock-cec/answer-on-openeye.ndjson'],
        dir,
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`mock-cec scenario --replay failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(replay.stdout).toContain('1 scenario: 1 passed, 0 failed');
      await sh(
        'npx',
        [
          '--no-install',
          'mock-cec',
          'ladder',
          'reports/mock-cec/answer-on-openeye.ndjson',
          '--out',
          'ladder.html',
        ],
        dir,
      );
      expect(readFileSync(join(dir, 'ladder.html'), 'utf8')).toContain('<svg');
      const spec = await sh('npx', ['--no-install', 'playwright', 'test', '--workers', '1'], dir).catch(
        (err: { stdout?: string; stderr?: string }) => {
          throw new Error(`playwright test failed:\n${err.stdout}\n${err.stderr}`);
        },
      );
      expect(spec.stdout).toContain('2 passed');

      // 8. The same spec with the simulator named by MOCK_CEC_URL (a CI service), not by the config.
      const crmConfig = readFileSync(join(dir, 'mock-cec.config.yaml'), 'utf8');
      const simulatorUrl = /^ {2}url: .*\n/m;
      expect(crmConfig).toMatch(simulatorUrl);
      writeFileSync(join(dir, 'by-env.config.yaml'), crmConfig.replace(simulatorUrl, ''));
      const byEnv = await sh(
        'npx',
        ['--no-install', 'playwright', 'test', '--workers', '1'],
        dir,
        5 * MINUTES,
        {
          MOCK_CEC_CONFIG: 'by-env.config.yaml',
          MOCK_CEC_URL: `https://127.0.0.1:${simPort}`,
          MOCK_CEC_CA: '.mock-cec/certs/ca-cert.pem',
        },
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`playwright test with MOCK_CEC_URL failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(byEnv.stdout).toContain('2 passed');

      // 9. No simulator running and none named: the fixtures start it, on the port Other CRM was given.
      await stopSimulator();
      writeFileSync(
        join(dir, 'start-one.config.yaml'),
        crmConfig.replace(simulatorUrl, `  port: ${simPort}\n`),
      );
      const startOne = await sh(
        'npx',
        ['--no-install', 'playwright', 'test', '--workers', '1'],
        dir,
        5 * MINUTES,
        {
          MOCK_CEC_CONFIG: 'start-one.config.yaml',
        },
      ).catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`playwright test with a simulator it starts failed:\n${err.stdout}\n${err.stderr}`);
      });
      expect(startOne.stdout).toContain('2 passed');
    },
    30 * MINUTES,
  );
});

const USES_EXPORTS = `import { setupServer } from 'msw/node';
import { Cec, ControlApiError } from 'mock-cec/control';
import { defineConfig } from 'mock-cec/config';
import { createCecHandlers } from 'mock-cec/msw';
import { type Deployment, type DeskProfile, expect, referenceDesk, test } from 'mock-cec/playwright';
import { parseScenario, renderLadder } from 'mock-cec/scenario';

const cec = createCecHandlers({ baseUrl: 'https://cec.example.com', seed: 3 });
export const server = setupServer(...cec.handlers);
export const profile: DeskProfile = { ...referenceDesk, loginPath: '/signin' };
export const config = defineConfig({ integration: 'reference', reports: 'out' });
export const parsed = parseScenario('name: x', 'x.scenario.yaml');
export const html: string = renderLadder([]);
export const control = new Cec({ url: 'https://127.0.0.1:8043', tenant: '1' });
export const isRefusal = (e: unknown) => e instanceof ControlApiError;

test('types only', async ({ agent, deployment }) => {
  const d: Deployment = deployment;
  await expect(agent).toReachState('Ready');
  expect(d.users.length).toBeGreaterThan(0);
});
`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      skipLibCheck: false,
      noEmit: true,
      types: ['node'],
    },
    include: ['uses-exports.ts', 'other-crm/tests', 'scaffold/tests'],
  },
  null,
  2,
)}\n`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Until the simulator answers on its port (its certificate is made on the first start). */
async function waitForHttps(port: number): Promise<void> {
  const { Agent, fetch } = await import('undici');
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const until = Date.now() + 60_000;
  try {
    for (;;) {
      // The body is read: one left unread keeps its connection, and dispatcher.close() waits for it.
      const ok = await fetch(`https://127.0.0.1:${port}/__mock/health`, { dispatcher }).then(
        async (r) => {
          await r.arrayBuffer();
          return r.ok;
        },
        () => false,
      );
      if (ok) return;
      if (Date.now() > until) throw new Error(`the simulator did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await dispatcher.close();
  }
}
