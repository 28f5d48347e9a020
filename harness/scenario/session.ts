import { type Browser, chromium, type LaunchOptions } from '@playwright/test';
import { buildPageAssets, type PageAssets } from '../../integration/web/page-assets.ts';
import { type SoftphoneServer, serveSoftphones } from '../softphone/softphone-page.ts';
import { reachSimulator, type SimulatorLink } from '../stack/simulator-link.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { type ProgressEvent, runScenario, type ScenarioRun } from './run-scenario.ts';

/**
 * What the scenario command starts once for all its files: one Chromium, one
 * simulator (each scenario adds its own tenant), one page bundle, one
 * softphone server. The Playwright suite has the same per worker (fixtures).
 */
export class ScenarioSession {
  private constructor(
    readonly browser: Browser,
    readonly mockCec: SimulatorLink,
    readonly softphoneServer: SoftphoneServer,
    readonly assets: PageAssets,
  ) {}

  static async open(launch: LaunchOptions): Promise<ScenarioSession> {
    const [browser, mockCec, softphoneServer, assets] = await Promise.all([
      chromium.launch(launch),
      reachSimulator(),
      serveSoftphones(),
      buildPageAssets(),
    ]);
    return new ScenarioSession(browser, mockCec, softphoneServer, assets);
  }

  run(file: ScenarioFile, onProgress?: (e: ProgressEvent) => void): Promise<ScenarioRun> {
    const { browser, mockCec, softphoneServer, assets } = this;
    return runScenario(file, { browser, mockCec, softphoneServer, assets, onProgress });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.softphoneServer.close();
    await this.mockCec.close();
  }
}
