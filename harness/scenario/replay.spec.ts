/**
 * QA's loop, end to end through `npm run scenario`'s command: a run fails,
 * its journal is written; `--replay` rebuilds the scenario from that journal
 * alone, runs it, and it fails at the same step with the same journal.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { canonicalJournal } from '../journal/canonical-journal.ts';
import { parseNdjson } from '../journal/read-ndjson.ts';
import { runScenario } from './run-scenario.ts';
import { type CommandIo, scenarioCommand } from './scenario-command.ts';
import { scenarioTest as test } from './scenario-test.ts';

const failing = `# yaml-language-server: $schema=./scenario.schema.json
name: A fault QA wants to show
story: QueryAgentInfo starts answering 401, and the test expects the next sync to work.
seed: 4190
actors:
  agents: [{ phone: none }]
steps:
  - login: { agent: 0 }
  - fault: { api: QueryAgentInfo, action: { do: status, status: 401 } }
  - sync: {}
`;

test('a failed run is replayed from its journal: same steps, same failure, same journal', async ({
  browser,
  mockCec,
  softphoneServer,
  pageAssets,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'scenario-replay-'));
  try {
    const out: string[] = [];
    const io: CommandIo = {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      launchOptions: {},
      // The worker's browser and simulator stand in for the ones the command would start.
      openSession: async () => ({
        run: (file, onProgress) =>
          runScenario(file, { browser, mockCec, softphoneServer, assets: pageAssets, onProgress }),
        close: async () => undefined,
      }),
      schemaFile: join(import.meta.dirname, '../../scenarios/scenario.schema.json'),
    };
    const file = join(dir, 'qa-case.scenario.yaml');
    await writeFile(file, failing);
    const reports = join(dir, 'reports');

    expect(await scenarioCommand([file, '--out', reports], io)).toBe(1);
    expect(out.join('')).toMatch(
      /✗ {2}3\/3 sync {2}\d+ ms\n {8}expected the sync to succeed, but it failed: /,
    );
    const journal = join(reports, 'qa-case.ndjson');
    const first = await readJournal(journal);

    out.length = 0;
    expect(await scenarioCommand(['--replay', journal, '--out', reports], io)).toBe(1);
    const printed = out.join('');
    expect(printed).toContain(`rebuilt ${join(reports, 'qa-case.replay.scenario.yaml')} from ${journal}`);
    expect(printed).toMatch(/✗ {2}3\/3 sync/);
    const replayed = await readJournal(join(reports, 'qa-case.replay.ndjson'));
    // The replay's journal names its own file; apart from that, the two runs are one.
    const same = (lines: string[]) => lines.map((l) => l.replace(/"file\\":\\"[^\\]*\\"/, ''));
    expect(same(canonicalJournal(replayed))).toEqual(same(canonicalJournal(first)));
    expect(await readFile(join(reports, 'qa-case.html'), 'utf8')).toContain('✗ step 3: sync');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function readJournal(path: string) {
  const parsed = parseNdjson(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.entries;
}
