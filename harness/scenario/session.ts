import { type Browser, chromium, type LaunchOptions } from '@playwright/test';
import { buildPageAssets, type PageAssets } from '../../integration/web/page-assets.ts';
import type { Deployment } from '../actors/deployment.ts';
import type { LoadedProject } from '../project/load-project-config.ts';
import { ownDeployment } from '../project/project-deployment.ts';
import { projectSimulator } from '../project/project-simulator.ts';
import { type SoftphoneServer, serveSoftphones } from '../softphone/softphone-page.ts';
import type { IntegrationHost } from '../stack/integration-host.ts';
import { reachSimulator, type SimulatorLink } from '../stack/simulator-link.ts';
import { startIntegrationHost } from '../stack/start-stack.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { type ProgressEvent, runScenario, type ScenarioRun } from './run-scenario.ts';

/**
 * What the scenario command starts once for all its files: one Chromium, one
 * simulator (each scenario adds its own tenant), one page bundle, one
 * softphone server. The Playwright suite has the same per worker (fixtures).
 * With a project config, the simulator is the project's (projectSimulator:
 * MOCK_CEC_URL, simulator.url, or one started here); naming your own
 * integration, the scenarios run on it (its tenant, its users).
 */
export class ScenarioSession {
  private constructor(
    readonly browser: Browser,
    readonly mockCec: SimulatorLink,
    readonly softphoneServer: SoftphoneServer,
    readonly assets: PageAssets | undefined,
    readonly deployment: Deployment | undefined,
    readonly integrationHost: IntegrationHost | undefined,
  ) {}

  static async open(launch: LaunchOptions, project?: LoadedProject): Promise<ScenarioSession> {
    const own =
      project && project.config.integration !== 'reference' ? project.config.integration : undefined;
    const opened = await Promise.allSettled([
      chromium.launch(launch),
      project ? projectSimulator(project) : reachSimulator(),
      serveSoftphones(),
      own ? undefined : buildPageAssets(),
    ] as const);
    const [b, m, s, a] = opened;
    try {
      // One that failed (a bad config, a port in use) closes the others: nothing is left running.
      for (const o of opened) if (o.status === 'rejected') throw o.reason;
      const [browser, mockCec, server, assets] = [b, m, s, a].map(
        (o) => (o as PromiseFulfilledResult<unknown>).value,
      ) as [Browser, SimulatorLink, SoftphoneServer, PageAssets | undefined];
      const deployment = own && project ? await ownDeployment(project, own, mockCec) : undefined;
      // The reference integration: one listener, each scenario opening its own integration on it.
      const host = assets ? await startIntegrationHost(mockCec, assets) : undefined;
      return new ScenarioSession(browser, mockCec, server, assets, deployment, host);
    } catch (err) {
      if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
      if (m.status === 'fulfilled') await m.value.close().catch(() => undefined);
      if (s.status === 'fulfilled') await s.value.close().catch(() => undefined);
      throw err;
    }
  }

  /** One run at a time (its integration opens on the session's one host): lanes side by side take a session each. */
  run(file: ScenarioFile, onProgress?: (e: ProgressEvent) => void): Promise<ScenarioRun> {
    const { browser, mockCec, softphoneServer, assets, deployment, integrationHost } = this;
    return runScenario(file, {
      browser,
      mockCec,
      deployment,
      softphoneServer,
      assets,
      integrationHost,
      onProgress,
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.integrationHost?.close();
    await this.softphoneServer.close();
    await this.mockCec.close();
  }
}
