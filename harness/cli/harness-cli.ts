/**
 * The harness's commands of the `mock-cec` CLI, run from a team's own project:
 * `scenario`, `ladder` and `init` (bin/mock-cec.js sends them here; `start` is
 * the simulator's own, mock-cec/edges/cli/main.ts). `scenario` reads the project
 * config (mock-cec.config.ts or .yaml; `--config FILE` or MOCK_CEC_CONFIG).
 */
import { fileURLToPath } from 'node:url';
import { packageUrl } from '../../mock-cec/edges/http/package-url.ts';
import { chromiumLaunchOptions } from '../package/launch-options.ts';
import { loadProjectConfig, ProjectConfigError } from '../project/load-project-config.ts';
import { ladderCommand } from '../report/ladder-command.ts';
import { scenarioCommand } from '../scenario/scenario-command.ts';
import { ScenarioSession } from '../scenario/session.ts';
import { expandGlobs } from './expand-globs.ts';
import { initCommand } from './init-command.ts';

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

export async function harnessMain(command: string, argv: readonly string[]): Promise<number> {
  try {
    switch (command) {
      case 'scenario':
        return await scenario(argv[0] === 'run' ? argv.slice(1) : argv);
      case 'ladder':
        return await ladderCommand(argv, io);
      case 'init':
        return await initCommand(argv, { ...io, cwd: process.cwd() });
      default:
        io.err(`mock-cec: unknown command "${command}"\n`);
        return 2;
    }
  } catch (err) {
    if (!(err instanceof ProjectConfigError)) throw err;
    io.err(`mock-cec: ${err.message}\n`);
    return 2;
  }
}

async function scenario(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--config');
  const explicit = at >= 0 ? argv[at + 1] : process.env.MOCK_CEC_CONFIG;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  const project = loadProjectConfig(process.cwd(), explicit);
  return scenarioCommand(expandGlobs(rest, process.cwd()), {
    ...io,
    launchOptions: chromiumLaunchOptions(),
    openSession: (launch) => ScenarioSession.open(launch, project),
    schemaFile: fileURLToPath(packageUrl(import.meta.url, 'scenarios/scenario.schema.json')),
    defaultOut: project.config.reports,
  });
}
