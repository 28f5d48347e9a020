import { test as base } from '../fixtures.ts';
import { type LoadedProject, loadProjectConfig } from '../project/load-project-config.ts';
import { ownDeployment, resetTenant } from '../project/project-deployment.ts';
import { projectSimulator } from '../project/project-simulator.ts';

/**
 * The fixtures of `mock-cec/playwright`, on the project config (mock-cec.config.ts
 * or .yaml in the folder Playwright runs from, or MOCK_CEC_CONFIG), read as
 * the module loads (synchronously), so a bad config fails the run at once with
 * its one line. The worker's simulator is the project's (projectSimulator:
 * MOCK_CEC_URL, simulator.url, or one the worker starts). On the reference
 * integration each test gets a fresh tenant and integration on it, as in this
 * repository's suites; on yours, `deployment` is built from the config and
 * that simulator, its tenant reset before each test.
 */
export function projectTest(project: LoadedProject): typeof base {
  if (!project.file) return base;
  const own = project.config.integration;
  const onProjectSimulator = base.extend({
    mockCec: [
      // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
      async ({}, use) => {
        // The reference integration's workers each start their own: a fixed port would clash.
        const cec = await projectSimulator(project, process.env, { anyPort: own === 'reference' });
        await use(cec);
        await cec.close();
      },
      { scope: 'worker' },
    ],
  });
  if (own === 'reference') return onProjectSimulator;
  return onProjectSimulator.extend({
    deployment: async ({ mockCec }, use) => {
      const deployment = await ownDeployment(project, own, mockCec);
      await resetTenant(deployment);
      await use(deployment);
    },
  });
}

export const test = projectTest(loadProjectConfig(process.cwd(), process.env.MOCK_CEC_CONFIG));
