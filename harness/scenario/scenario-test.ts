import { type Browser, test as base, type TestInfo } from '@playwright/test';
import { toNdjson } from '../../mock-cec/journal/journal.ts';
import { type CecWorkerFixtures, cecFixtures } from '../fixtures/cec-fixtures.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { ladderOf, runScenario, type ScenarioRun } from './run-scenario.ts';

/** Playwright's test with what scenarios need per worker: one simulator, the page bundle, the softphone server. */
export const scenarioTest = base.extend<object, CecWorkerFixtures>(cecFixtures);

/** The fixtures a scenario runs on. */
export type ScenarioFixtures = { browser: Browser } & CecWorkerFixtures;

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
    wrapStep: (label, body) => scenarioTest.step(label, body),
  });
  await testInfo.attach('ladder.html', { body: ladderOf(run), contentType: 'text/html' });
  await testInfo.attach('journal.ndjson', {
    body: toNdjson(run.journal),
    contentType: 'application/x-ndjson',
  });
  if (run.setupError) throw new Error(`${file.file}: the scenario could not start: ${run.setupError}`);
  const failed = run.steps.find((s) => s.status === 'failed');
  if (failed)
    throw new Error(`${file.file}: step ${failed.index + 1} (${failed.label}) failed:\n${failed.error}`);
  return run;
}
