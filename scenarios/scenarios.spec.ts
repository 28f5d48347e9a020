/**
 * One Playwright test per scenario file in this folder, found when the suite
 * loads: adding a scenario is adding a YAML file. Each runs on its own tenant
 * and integration on the worker's simulator; its steps show in the report,
 * with the ladder diagram and the journal attached (failing steps marked).
 */
import { basename } from 'node:path';
import { scenarioFiles } from '../harness/scenario/scenario-files.ts';
import { runInTest, scenarioTest as test } from '../harness/scenario/scenario-test.ts';

for (const { path, parsed } of scenarioFiles(import.meta.dirname)) {
  // The file's name keeps titles unique (Playwright refuses two tests of one title) and says which file to open.
  const title = parsed.ok ? `${parsed.scenario.name} [${basename(path)}]` : path;
  const tag = parsed.ok ? (parsed.scenario.tags ?? []).map((t) => `@${t}`) : [];
  test(
    title,
    { tag, annotation: { type: 'file', description: path } },
    async ({ browser, mockCec, softphoneServer, pageAssets, integrationHost }, testInfo) => {
      if (!parsed.ok) throw new Error(parsed.problem.message);
      await runInTest(parsed, { browser, mockCec, softphoneServer, pageAssets, integrationHost }, testInfo);
    },
  );
}
