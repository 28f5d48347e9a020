import { resolve } from 'node:path';
import { type Browser, chromium, type LaunchOptions } from '@playwright/test';
import { buildPageAssets, type PageAssets } from '../../integration/web/page-assets.ts';
import { loadConfigFile } from '../../mock-cec/config/load-config.ts';
import type { Deployment } from '../actors/deployment.ts';
import { type LoadedProject, ProjectConfigError } from '../project/load-project-config.ts';
import { configuredSimulator, ownDeployment } from '../project/project-deployment.ts';
import { type SoftphoneServer, serveSoftphones } from '../softphone/softphone-page.ts';
import { reachSimulator, type SimulatorLink } from '../stack/simulator-link.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { type ProgressEvent, runScenario, type ScenarioRun } from './run-scenario.ts';

/**
 * What the scenario command starts once for all its files: one Chromium, one
 * simulator (each scenario adds its own tenant), one page bundle, one
 * softphone server. The Playwright suite has the same per worker (fixtures).
 * With a project config naming your own integration, the scenarios run on it
 * (its tenant, its users) and on the configured simulator, or one started here.
 */
export class ScenarioSession {
  private constructor(
    readonly browser: Browser,
    readonly mockCec: SimulatorLink | undefined,
    readonly softphoneServer: SoftphoneServer,
    readonly assets: PageAssets | undefined,
    readonly deployment: Deployment | undefined,
  ) {}

  static async open(launch: LaunchOptions, project?: LoadedProject): Promise<ScenarioSession> {
    const own =
      project && project.config.integration !== 'reference' ? project.config.integration : undefined;
    const elsewhere = project ? await configuredSimulator(project) : undefined;
    if (elsewhere && !own)
      throw new ProjectConfigError(
        `${project?.file}: simulator.url: the reference integration runs beside a simulator the command starts; leave simulator.url out, or name your integration`,
      );
    const sim = project?.config.simulator;
    const tenants = sim?.tenantFile
      ? (await loadConfigFile(resolve(project!.dir, sim.tenantFile))).tenants.map((config) => ({ config }))
      : [];
    const [browser, mockCec, softphoneServer, assets] = await Promise.all([
      chromium.launch(launch),
      elsewhere
        ? undefined
        : reachSimulator({
            tenants,
            port: sim?.port ?? 0,
            certDir: sim ? resolve(project!.dir, sim.certDir) : undefined,
          }),
      serveSoftphones(),
      own ? undefined : buildPageAssets(),
    ]);
    const address = elsewhere ?? { url: mockCec!.url, ca: mockCec!.ca };
    const deployment = own && project ? await ownDeployment(project, own, address) : undefined;
    return new ScenarioSession(browser, mockCec, softphoneServer, assets, deployment);
  }

  run(file: ScenarioFile, onProgress?: (e: ProgressEvent) => void): Promise<ScenarioRun> {
    const { browser, mockCec, softphoneServer, assets, deployment } = this;
    return runScenario(file, { browser, mockCec, deployment, softphoneServer, assets, onProgress });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.softphoneServer.close();
    await this.mockCec?.close();
  }
}
