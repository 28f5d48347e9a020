import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import { argsOrProblem } from './args-or-problem.ts';
import { initFiles } from './init-files.ts';

export const INIT_HELP = `Usage: mock-cec init [--force] [--dir DIR]

Writes into your project (DIR, default the current folder):
  mock-cec.tenant.yaml            a tenant for the simulator (mock-cec start --config mock-cec.tenant.yaml)
  mock-cec.config.yaml            which simulator and which integration the commands and fixtures test
  scenarios/first-call.scenario.yaml   one scenario
  tests/first-call.spec.ts        one Playwright test using mock-cec/playwright
  playwright.config.ts            Chromium with fake media devices (WebRTC without a prompt)

The config targets the reference integration shipped in mock-cec, so the scenario and the test pass
at once; its comments show how to point it at your own integration.
An existing file is left as it is unless --force is given.
`;

export interface InitIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

/** `mock-cec init`: returns the exit status. */
export async function initCommand(argv: readonly string[], io: InitIo): Promise<number> {
  const parsed = argsOrProblem(() =>
    parseArgs({
      args: [...argv],
      options: {
        force: { type: 'boolean' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (!parsed.ok) {
    io.err(`init: ${parsed.problem}\n${INIT_HELP}`);
    return 2;
  }
  if (parsed.args.values.help) {
    io.out(INIT_HELP);
    return 0;
  }
  const dir = join(io.cwd, parsed.args.values.dir ?? '.');
  const force = parsed.args.values.force ?? false;
  const files = initFiles(tenantYaml());
  const kept: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    if (existsSync(target) && !force) {
      kept.push(path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    io.out(`  wrote ${path}\n`);
  }
  for (const path of kept) io.out(`  kept  ${path} (it exists; --force overwrites it)\n`);
  io.out(`
Next:
  npx mock-cec scenario run 'scenarios/*.scenario.yaml'   run the scenario (reports in reports/mock-cec)
  npx playwright test                                    run the Playwright test
  npx mock-cec start --config mock-cec.tenant.yaml       a simulator for your own integration to use

To test your own integration, edit "integration:" in mock-cec.config.yaml.
`);
  return 0;
}

/** Seed 1's tenant, trimmed to what a team edits: its ids, app key, callback and agents. */
function tenantYaml(): string {
  const t = seedTenant(1);
  const tenant = {
    tenantSpaceId: t.tenantSpaceId,
    app: t.app,
    callback: { url: t.callback.url, allowedOrigins: t.callback.allowedOrigins },
    skills: t.skills,
    agents: t.agents.slice(0, 2),
  };
  return `# A tenant of the simulated CEC (the tenant file of \`mock-cec start --config\`).
# Your integration is configured with its tenantSpaceId and app key; callback.url is your
# integration's verification API, which the CEC calls when an agent's page loads the bar.
${stringify(tenant)}`;
}
