import { existsSync, readFileSync } from 'node:fs';
import { test as base } from '../fixtures.ts';
import { type LoadedProject, loadProjectConfig, ProjectConfigError } from '../project/load-project-config.ts';
import {
  caFileOf,
  ownDeployment,
  resetTenant,
  type SimulatorAddress,
} from '../project/project-deployment.ts';

/**
 * The fixtures of `mock-cec/playwright`, on the integration the project config
 * names (mock-cec.config.ts or .yaml in the folder Playwright runs from, or
 * MOCK_CEC_CONFIG): the reference integration as in this repository's suites
 * (a fresh tenant and integration per test), or yours, whose `deployment` is
 * built from the config and the simulator it uses. Read as the module loads
 * (synchronously), so a bad config fails the run at once with its one line.
 */
export function projectTest(project: LoadedProject): typeof base {
  const own = project.config.integration;
  if (own === 'reference') return base;
  return base.extend({
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    deployment: async ({}, use) => {
      const deployment = await ownDeployment(project, own, simulatorOf(project));
      await resetTenant(deployment);
      await use(deployment);
    },
  });
}

/**
 * The simulator your integration is configured with: simulator.url, or
 * https://127.0.0.1:<simulator.port>; started outside the test run (Playwright's
 * webServer, a CI service), since every worker shares it.
 */
function simulatorOf(project: LoadedProject): SimulatorAddress {
  const { url, port } = project.config.simulator;
  const base = url ?? (port ? `https://127.0.0.1:${port}` : undefined);
  if (!base)
    throw new ProjectConfigError(
      `${project.file}: simulator.url: the tests need the simulator your integration uses (npx mock-cec start --config <tenant file>); give its url or port`,
    );
  const caFile = caFileOf(project);
  return { url: base.replace(/\/$/, ''), ca: existsSync(caFile) ? readFileSync(caFile, 'utf8') : undefined };
}

export const test = projectTest(loadProjectConfig(process.cwd(), process.env.MOCK_CEC_CONFIG));
