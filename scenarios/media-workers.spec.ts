/**
 * Calls whose media runs in a worker thread (decision record 008), as
 * `mock-cec start` and `npm start` run them: the scenarios that lean on the
 * customer's media hardest (a three-party call mixed in the worker, a hold
 * tone, a recording whose frames come back from it, an outside number made in
 * the worker beside the call's mixer) on a simulator started
 * with one media worker. The other specs keep the in-process engine.
 */
import { resolve } from 'node:path';
import { scenarioFiles } from '../harness/scenario/scenario-files.ts';
import { runInTest, scenarioTest } from '../harness/scenario/scenario-test.ts';
import { startSimulator } from '../harness/stack/simulator-link.ts';

const test = scenarioTest.extend({
  mockCec: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const cec = await startSimulator({ mediaWorkers: 1 });
      await use(cec);
      await cec.close();
    },
    { scope: 'worker' },
  ],
});

const chosen = ['three-party', 'hold-and-take-back', 'recording', 'talk-transfer-outside-audio'].map((name) =>
  resolve(import.meta.dirname, `${name}.scenario.yaml`),
);

for (const { path, parsed } of scenarioFiles(import.meta.dirname)) {
  if (!chosen.includes(resolve(path))) continue;
  const title = parsed.ok ? `${parsed.scenario.name} (media in a worker)` : path;
  test(title, async ({ browser, mockCec, softphoneServer, pageAssets }, testInfo) => {
    if (!parsed.ok) throw new Error(parsed.problem.message);
    await runInTest(parsed, { browser, mockCec, softphoneServer, pageAssets }, testInfo);
  });
}
