import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceDesk } from '../actors/desk-profile.ts';
import { loadProjectConfig, ProjectConfigError } from './load-project-config.ts';
import { deskProfileOf } from './project-config.ts';

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'project-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const OWN = `integration:
  url: https://127.0.0.1:3000
  tenant: "300100200300400500"
  desk:
    loginPath: /signin
    signedInUrl: /\\/workspace$/
    barText: { loaded: /ready to take calls/i }
  users:
    - { username: ines, password: pw, workNo: 4401, accountCode: ines.d, sipAccount: "7701", sipPwd: s }
`;

describe('loadProjectConfig', () => {
  it('without a config: the reference integration, a simulator the command starts, reports/mock-cec', () => {
    const { config, file } = loadProjectConfig(folder({}));
    expect(file).toBeUndefined();
    expect(config).toMatchObject({
      integration: 'reference',
      reports: 'reports/mock-cec',
      simulator: { port: 0 },
    });
  });

  it('reads your integration from YAML, its desk profile over the reference one', () => {
    const { config } = loadProjectConfig(folder({ 'mock-cec.config.yaml': OWN }));
    if (config.integration === 'reference') throw new Error('expected an integration of our own');
    const profile = deskProfileOf(config.integration.desk);
    expect(profile.loginPath).toBe('/signin');
    expect(profile.signedInUrl.test('/workspace')).toBe(true);
    expect(profile.barText.loaded.test('Contact center READY to take calls.')).toBe(true);
    expect(profile.barText.refused).toBe(referenceDesk.barText.refused);
    expect(profile.username).toBe(referenceDesk.username);
  });

  it('a bad YAML config is one line: the file, the line and the field', () => {
    const dir = folder({ 'mock-cec.config.yaml': OWN.replace('workNo: 4401', 'workNo: "x"') });
    expect(() => loadProjectConfig(dir)).toThrow(ProjectConfigError);
    try {
      loadProjectConfig(dir);
    } catch (err) {
      expect((err as Error).message).toMatch(/mock-cec\.config\.yaml:9: integration\.users\[0\]\.workNo: /);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('reads a TypeScript config (bundled, loaded synchronously) and names the line of a bad field', () => {
    const good = folder({
      'mock-cec.config.ts': `const reports: string = 'out/reports';\nexport default { reports };\n`,
    });
    expect(loadProjectConfig(good).config.reports).toBe('out/reports');
    const bad = folder({
      'mock-cec.config.ts': `export default {\n  reports: 'x',\n  simulator: { port: 'eighty' },\n};\n`,
    });
    expect(() => loadProjectConfig(bad)).toThrow(/mock-cec\.config\.ts:3: simulator\.port: /);
  });

  it('an explicit file that is missing says so', () => {
    expect(() => loadProjectConfig(folder({}), 'nope.yaml')).toThrow(/nope\.yaml: no such file/);
  });
});
