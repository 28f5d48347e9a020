/**
 * A project config naming a simulator by URL with the reference integration
 * as the system under test: the scenario command starts no simulator of its
 * own, only the reference integration, pointed at that simulator, on a tenant
 * of its own there.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { Cec } from '../actors/cec.ts';
import { chromiumLaunchOptions } from '../package/launch-options.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { scenarioTest as test } from '../scenario/scenario-test.ts';
import { ScenarioSession } from '../scenario/session.ts';
import { loadProjectConfig } from './load-project-config.ts';

const SCENARIO = `name: Reference integration on a simulator given by URL
story: The session starts only the reference integration, on a tenant of its own there.
seed: 4195
actors:
  agents: [{ phone: none }]
steps:
  - login: { agent: 0 }
  - expectBar: { agent: 0, is: loaded }
  - signIn: { agent: 0 }
  - expectState: { agent: 0, is: Ready }
`;

test('simulator.url with the reference integration: the run adds its tenant to that simulator', async ({
  mockCec,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'project-simulator-'));
  let session: ScenarioSession | undefined;
  try {
    await writeFile(
      join(dir, 'mock-cec.config.yaml'),
      `simulator:\n  url: ${mockCec.url}\n  ca: ${mockCec.caFile}\n  certDir: ${mockCec.certDir}\nintegration: reference\n`,
    );
    session = await ScenarioSession.open(chromiumLaunchOptions(), loadProjectConfig(dir));
    expect(session.mockCec.started).toBe(false);
    expect(session.mockCec.url).toBe(mockCec.url);

    const parsed = parseScenario(SCENARIO, join(dir, 'by-url.scenario.yaml'));
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const run = await session.run(parsed);
    expect(run.setupError).toBeUndefined();
    expect(run.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    // Its tenant was the given simulator's: the sign-in is in that simulator's journal.
    const probe = new Cec({ url: mockCec.url, ca: mockCec.ca, tenant: run.tenant! });
    try {
      const entries = await probe.journal({ since: 0 });
      expect(entries.some((e) => e.kind === 'http' && e.api === 'onlineagent.signIn')).toBe(true);
    } finally {
      await probe.close();
    }
  } finally {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  }
  // Closing the session leaves the simulator it did not start running.
  const health = new Cec({ url: mockCec.url, ca: mockCec.ca, tenant: '' });
  try {
    expect(await health.lastSeq()).toBeGreaterThan(0);
  } finally {
    await health.close();
  }
});
