/**
 * `mock-cec/playwright`: the Playwright fixtures, matchers and actors for
 * testing a CEC integration against mock-cec, as one import for a team's own
 * repository (harness/README.md):
 *
 *   import { test, expect } from 'mock-cec/playwright';
 */
export * from '../actors/index.ts';
export type { StackSettings } from '../fixtures/stack-fixtures.ts';
export type {
  AgentTestFixtures,
  CecWorkerFixtures,
  CustomerTestFixtures,
  StackTestFixtures,
} from '../fixtures.ts';
export { type Audible, type AudioSubject, expect } from '../matchers.ts';
export {
  type LoadedProject,
  loadProjectConfig,
  ProjectConfigError,
} from '../project/load-project-config.ts';
export {
  defineConfig,
  type ProjectConfig,
  type ProjectConfigInput,
  projectConfigJsonSchema,
} from '../project/project-config.ts';
export { ownDeployment } from '../project/project-deployment.ts';
export type { Stack, StackOptions } from '../stack/start-stack.ts';
export { chromiumExecutable, chromiumLaunchOptions, headedRun } from './launch-options.ts';
export { projectTest, test } from './project-test.ts';
