import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile } from '../../mock-cec/infrastructure/config/load-config.ts';
import { linkTo, type SimulatorLink, simulatorFromEnv, startSimulator } from '../stack/simulator-link.ts';
import { type LoadedProject, ProjectConfigError } from './load-project-config.ts';
import { caFileOf } from './project-deployment.ts';

/**
 * The simulator a project's scenarios and Playwright tests run on, the same
 * for both: the one MOCK_CEC_URL names (a CI service, another shard's), else
 * the config's simulator.url, else one started here (simulator.tenantFile's
 * tenants on simulator.port, its certificate in simulator.certDir). With the
 * reference integration each scenario and test adds its own tenant to it;
 * your own integration is configured with its address, so a simulator
 * started for it needs the port the integration was given (`anyPort`: a
 * free one all the same, for the reference integration's workers, each with
 * its own simulator).
 */
export async function projectSimulator(
  project: LoadedProject,
  env: NodeJS.ProcessEnv = process.env,
  o: { anyPort?: boolean } = {},
): Promise<SimulatorLink> {
  const named = simulatorFromEnv(env);
  if (named) return linkTo(named);
  const sim = project.config.simulator;
  const certDir = resolve(project.dir, sim.certDir);
  if (sim.url) {
    const caFile = caFileOf(project);
    let ca: string | undefined;
    if (sim.ca || existsSync(caFile)) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch {
        throw new ProjectConfigError(`${project.file}: simulator.ca: cannot read ${sim.ca ?? caFile}`);
      }
    }
    return linkTo({ url: sim.url.replace(/\/$/, ''), ca, caFile: ca ? caFile : undefined, certDir });
  }
  if (project.config.integration !== 'reference' && sim.port === 0)
    throw new ProjectConfigError(
      `${project.file}: simulator.port: your integration is configured with the simulator's address; ` +
        'give the port to start it on (or simulator.url of one already running)',
    );
  const tenants = sim.tenantFile
    ? (await loadConfigFile(resolve(project.dir, sim.tenantFile))).tenants.map((config) => ({ config }))
    : [];
  const port = o.anyPort ? 0 : sim.port;
  return startSimulator({ tenants, port, certDir }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new ProjectConfigError(
      `${project.file}: simulator.port: ${port} is in use (by a simulator already running? give simulator.url; ` +
        'Playwright workers on your integration share one: run them with --workers 1)',
    );
  });
}
