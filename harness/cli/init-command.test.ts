import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../mock-cec/infrastructure/config/load-config.ts';
import { loadProjectConfig } from '../project/load-project-config.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { initCommand } from './init-command.ts';

async function init(cwd: string, ...argv: string[]) {
  let out = '';
  const status = await initCommand(argv, { cwd, out: (t) => (out += t), err: (t) => (out += t) });
  return { status, out };
}

describe('mock-cec init', () => {
  it('writes a tenant, the config, a scenario and a spec that all parse, and prints the next commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    const { status, out } = await init(dir);
    expect(status).toBe(0);
    expect(out).toContain("npx mock-cec scenario run 'scenarios/*.scenario.yaml'");
    expect(out).toContain('npx playwright test');
    const tenant = await loadConfigFile(join(dir, 'mock-cec.tenant.yaml'));
    expect(tenant.tenants[0]!.agents.length).toBe(2);
    expect(loadProjectConfig(dir).config).toMatchObject({
      integration: 'reference',
      simulator: { tenantFile: 'mock-cec.tenant.yaml' },
    });
    const scenario = join(dir, 'scenarios/first-call.scenario.yaml');
    expect(parseScenario(readFileSync(scenario, 'utf8'), scenario).ok).toBe(true);
    expect(readFileSync(join(dir, 'tests/first-call.spec.ts'), 'utf8')).toContain(
      "from 'mock-cec/playwright'",
    );
  });

  it('never overwrites a file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    writeFileSync(join(dir, 'playwright.config.ts'), '// mine\n');
    const first = await init(dir);
    expect(first.out).toContain('kept  playwright.config.ts');
    expect(readFileSync(join(dir, 'playwright.config.ts'), 'utf8')).toBe('// mine\n');
    const forced = await init(dir, '--force');
    expect(forced.out).toContain('wrote playwright.config.ts');
    expect(readFileSync(join(dir, 'playwright.config.ts'), 'utf8')).toContain('chromiumLaunchOptions');
  });

  it('a bad option is exit status 2 with the usage', async () => {
    const { status, out } = await init(mkdtempSync(join(tmpdir(), 'init-')), '--frobnicate');
    expect(status).toBe(2);
    expect(out).toContain('Usage: mock-cec init');
  });
});
