/**
 * Same seed, same result: a scenario run twice gives the same journal, once
 * what differs by nature (times, random SIP ids, ports, counters, the
 * interleaving of independent flows) is normalised (canonical-journal.ts).
 */
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { canonicalJournal } from '../journal/canonical-journal.ts';
import { scenarioFiles } from './scenario-files.ts';
import { runInTest, scenarioTest as test } from './scenario-test.ts';

const scenarios = join(import.meta.dirname, '../../scenarios');

// The richest shipped scenario: two agents (the page's phone and OpenEye), a customer, the clock, a re-queue, audio.
for (const name of ['no-answer-requeue.scenario.yaml']) {
  test(`${name} run twice gives the same canonical journal`, async ({
    browser,
    mockCec,
    softphoneServer,
    pageAssets,
  }, testInfo) => {
    const file = scenarioFiles(scenarios).find((f) => f.path.endsWith(name))!.parsed;
    if (!file.ok) throw new Error(file.problem.message);
    const fixtures = { browser, mockCec, softphoneServer, pageAssets };
    const first = await runInTest(file, fixtures, testInfo);
    const second = await runInTest(file, fixtures, testInfo);
    const [a, b] = [canonicalJournal(first.journal), canonicalJournal(second.journal)];
    // Not trivially equal: the two runs had other sequence numbers, times, ports and SIP ids.
    expect(first.journal[0]!.seq).not.toBe(second.journal[0]!.seq);
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });
}
