import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorLink, startSimulator } from '../stack/simulator-link.ts';
import { loadProjectConfig, ProjectConfigError } from './load-project-config.ts';
import { projectSimulator } from './project-simulator.ts';

const OWN = (simulator: string) => `simulator:
${simulator}
integration:
  url: https://127.0.0.1:3000
  tenant: "300100200300400500"
  users:
    - { username: ines, password: pw, workNo: 4401, accountCode: ines.d, sipAccount: "7701", sipPwd: s }
`;

const project = (config: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'project-simulator-'));
  writeFileSync(join(dir, 'mock-cec.config.yaml'), config);
  return loadProjectConfig(dir);
};

describe('projectSimulator: the one simulator of a project', () => {
  let running: SimulatorLink;
  beforeAll(async () => {
    running = await startSimulator({ certDir: mkdtempSync(join(tmpdir(), 'project-simulator-certs-')) });
  });
  afterAll(() => running.close());

  it('simulator.url: the one running there, not started here', async () => {
    const p = project(`simulator:\n  url: ${running.url}/\n  ca: ${running.caFile}\n`);
    const link = await projectSimulator(p, {});
    expect(link).toMatchObject({ url: running.url, started: false, ca: running.ca });
    expect(link.endpoints.sipWsUrl).toBe(running.endpoints.sipWsUrl);
  });

  it('MOCK_CEC_URL wins over simulator.url (CI points every shard at its service)', async () => {
    const p = project(`simulator:\n  url: https://127.0.0.1:1\n`);
    const link = await projectSimulator(p, { MOCK_CEC_URL: running.url, MOCK_CEC_CA: running.caFile });
    expect(link).toMatchObject({ url: running.url, started: false });
  });

  it('your integration without simulator.url: started here on simulator.port, a port in use named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'project-simulator-'));
    const tenantFile = join(import.meta.dirname, '../../examples/other-crm/tenant.yaml');
    const port = Number(new URL(running.url).port);
    writeFileSync(
      join(dir, 'mock-cec.config.yaml'),
      OWN(`  tenantFile: ${tenantFile}\n  port: ${port}\n  certDir: ${running.certDir}`),
    );
    // The port is the running one's: the clash is named in one line.
    await expect(projectSimulator(loadProjectConfig(dir), {})).rejects.toThrow(
      /mock-cec\.config\.yaml: simulator\.port: \d+ is in use/,
    );
  });

  it('your integration, no simulator.url and no port: refused, naming the field', async () => {
    const p = project(OWN('  certDir: certs'));
    const err = await projectSimulator(p, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectConfigError);
    expect((err as Error).message).toMatch(/mock-cec\.config\.yaml: simulator\.port: /);
  });
});
