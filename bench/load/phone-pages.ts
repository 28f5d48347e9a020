import { type Browser, type CDPSession, chromium } from 'playwright';
import { PhoneBank } from '../../harness/actors/phone-bank.ts';
import type { FleetRegistration, PhoneFleet } from '../../harness/softphone/phone-fleet.ts';
import { type SoftphoneServer, serveSoftphones } from '../../harness/softphone/softphone-page.ts';
import playwrightConfig from '../../playwright.config.ts';
import { commandLine, descendants, privateDirtyBytes, pssBytes, rssBytes } from '../lib/proc-stats.ts';
import type { BrowserMemory, ProcessMemory } from './browser-memory.ts';

export interface PhoneAccount {
  sipAccount: string;
  sipPwd: string;
}

/** A page of phones, with a DevTools session to read its JS heap. */
interface Page {
  fleet: PhoneFleet;
  cdp: CDPSession;
  accounts: PhoneAccount[];
}

/**
 * One Chromium (Debian's, with playwright.config.ts's launch options: fake
 * audio devices) holding the phones: a PhoneBank (the harness's one fleet),
 * `perPage` to a page, each page in its own browser context (a renderer
 * allows 255 WebSockets, NOTES-platform.md), with a DevTools session per page
 * for its memory.
 */
export class PhonePages {
  private constructor(
    readonly browser: Browser,
    readonly server: SoftphoneServer,
    readonly bank: PhoneBank,
    readonly pages: Page[],
  ) {}

  static async open(accounts: PhoneAccount[], perPage: number): Promise<PhonePages> {
    const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
    const server = await serveSoftphones();
    const bank = await PhoneBank.prepare(browser, server, accounts.length, { perContext: perPage });
    const pages = await Promise.all(
      bank.fleets.map(async (fleet, i) => ({
        fleet,
        cdp: await bank.contexts[i]!.newCDPSession(fleet.page),
        accounts: accounts.slice(i * perPage, (i + 1) * perPage),
      })),
    );
    return new PhonePages(browser, server, bank, pages);
  }

  get fleets(): PhoneFleet[] {
    return this.pages.map((p) => p.fleet);
  }

  /** Register every page's phones, pages side by side, `concurrency` at a time within each. */
  async registerAll(wsUrl: string, concurrency: number): Promise<FleetRegistration[]> {
    const outcomes = await Promise.all(
      this.pages.map((p) =>
        p.fleet.register(
          p.accounts.map((a) => ({
            name: a.sipAccount,
            options: { wsUrl, sipAccount: a.sipAccount, sipPwd: a.sipPwd, domain: new URL(wsUrl).hostname },
          })),
          { concurrency, timeoutMs: 15_000 },
        ),
      ),
    );
    return outcomes.flat();
  }

  /** The browser's processes: Chromium's, below this one (not the simulator's, not esbuild's). */
  processes(): number[] {
    return descendants(process.pid).filter((pid) => /chrom/i.test(commandLine(pid)));
  }

  async memory(): Promise<BrowserMemory> {
    const heaps = await Promise.all(
      this.pages.map(async ({ cdp }) => {
        // Collect garbage and let Chromium purge what it keeps for later, so the figure is what is in use.
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      }),
    );
    const processes = new Map<number, ProcessMemory>();
    for (const pid of this.processes()) {
      processes.set(pid, {
        renderer: commandLine(pid).includes('--type=renderer'),
        private: privateDirtyBytes(pid),
        rss: rssBytes(pid),
        pss: pssBytes(pid),
      });
    }
    return { processes, jsHeap: heaps.reduce((a, b) => a + b, 0) };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
