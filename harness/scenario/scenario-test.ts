import { resolve } from 'node:path';
import { type Browser, test as base, type TestInfo } from '@playwright/test';
import { toNdjson } from '../../mock-cec/infrastructure/journal/journal.ts';
import { type CecWorkerFixtures, cecFixtures } from '../fixtures/cec-fixtures.ts';
import type { IntegrationHost } from '../stack/integration-host.ts';
import { startIntegrationHost } from '../stack/start-stack.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { ladderOf, runScenario, type ScenarioRun } from './run-scenario.ts';

export interface ScenarioWorkerFixtures {
  /** The listener each scenario of the worker opens its reference integration on (integration-host.ts). */
  integrationHost: IntegrationHost;
}

/**
 * Playwright's test with what scenarios need per worker: one simulator, the
 * page bundle, the softphone server, and one listener for the reference
 * integrations the scenarios open one after another.
 */
export const scenarioTest = base
  .extend<object, CecWorkerFixtures>(cecFixtures)
  .extend<object, ScenarioWorkerFixtures>({
    integrationHost: [
      async ({ mockCec, pageAssets }, use) => {
        const host = await startIntegrationHost(mockCec, pageAssets);
        await use(host);
        await host.close();
      },
      { scope: 'worker' },
    ],
  });

/** The fixtures a scenario runs on (a test of your own may leave out the integration host: each scenario then starts one). */
export type ScenarioFixtures = { browser: Browser } & CecWorkerFixtures & Partial<ScenarioWorkerFixtures>;

/**
 * Run a scenario inside a Playwright test: each step a test.step, the ladder
 * and the journal attached to the report, the test failed with the failing
 * step's reason.
 */
export async function runInTest(
  file: ScenarioFile,
  args: ScenarioFixtures,
  testInfo: TestInfo,
): Promise<ScenarioRun> {
  const run = await runScenario(file, {
    browser: args.browser,
    mockCec: args.mockCec,
    softphoneServer: args.softphoneServer,
    assets: args.pageAssets,
    integrationHost: args.integrationHost,
    // Each step shows in the report at its line of the YAML file.
    wrapStep: (label, body, index) => scenarioTest.step(label, body, { location: stepLocation(file, index) }),
  });
  await testInfo.attach('ladder.html', { body: ladderOf(run), contentType: 'text/html' });
  await testInfo.attach('journal.ndjson', {
    body: toNdjson(run.journal),
    contentType: 'application/x-ndjson',
  });
  // What the customer heard and sent on each recorded call: QA listens to it in the report.
  for (const r of run.recordings) {
    await testInfo.attach(r.name, { body: Buffer.from(r.wav), contentType: 'audio/wav' });
  }
  if (run.setupError) throw new Error(`${file.file}: the scenario could not start: ${run.setupError}`);
  const failed = run.steps.find((s) => s.status === 'failed');
  if (failed)
    throw atStep(
      file,
      failed.index,
      `${file.file}: step ${failed.index + 1} (${failed.label}) failed:\n${failed.error}`,
    );
  return run;
}

/** Where step `index` is written, for Playwright (absolute file, 1-based line and column). */
export function stepLocation(file: ScenarioFile, index: number) {
  const at = file.stepLocations?.[index];
  return at ? { file: resolve(file.file), line: at.line, column: at.column } : undefined;
}

/**
 * The failure as an error whose stack starts at the failing step's line of
 * the YAML file: Playwright's code frame then shows the scenario, not this
 * runner.
 */
export function atStep(file: ScenarioFile, index: number, message: string): Error {
  const err = new Error(message);
  const at = stepLocation(file, index);
  if (at) err.stack = `Error: ${message}\n    at step ${index + 1} (${at.file}:${at.line}:${at.column})`;
  return err;
}
