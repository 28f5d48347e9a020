import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Outcome } from '../softphone/browser-softphone.ts';
import { PhoneFleet } from '../softphone/phone-fleet.ts';
import type { SoftphoneServer } from '../softphone/softphone-page.ts';
import type { Deployment, DeskUser } from './deployment.ts';
import { mapLimit } from './map-limit.ts';
import { OpenEyePhone } from './openeye-phone.ts';

export interface PhoneBankOptions {
  /** Registrations in flight at once (default 6; Chromium throttles many WebSocket opens). */
  concurrency?: number;
  /** Phones per browser context (default 200; a renderer holds at most 255 WebSockets). */
  perContext?: number;
}

/**
 * The one fleet of phones: a softphone page per browser context, at most
 * `perContext` phones in each, registered `concurrency` at a time. Each page
 * is a `PhoneFleet` (softphone/phone-fleet.ts), so the same pages serve the
 * actors one phone at a time (`add`, `phones`: OpenEye phones for agents) and
 * the load runs a batch at a time (`fleets`: register, answer, read hundreds
 * of phones in one round trip per page). One phone is a bank of one.
 */
export class PhoneBank {
  readonly phones: OpenEyePhone[] = [];
  readonly concurrency: number;
  readonly #perContext: number;

  private constructor(
    readonly contexts: BrowserContext[],
    /** One per context: its page of phones, driven in batches. */
    readonly fleets: PhoneFleet[],
    o: PhoneBankOptions,
  ) {
    this.concurrency = o.concurrency ?? 6;
    this.#perContext = o.perContext ?? 200;
  }

  /** The bank's phones for these users, registered by the caller (`registerAll`). */
  static async open(
    browser: Browser,
    server: SoftphoneServer,
    deployment: Deployment,
    users: readonly DeskUser[],
    o: PhoneBankOptions = {},
  ): Promise<PhoneBank> {
    const bank = await PhoneBank.prepare(browser, server, users.length, o);
    try {
      await bank.add(deployment, users);
    } catch (err) {
      await bank.close();
      throw err;
    }
    return bank;
  }

  /**
   * Softphone pages with room for `count` phones, loaded before the system
   * under test is known (a runner does this while its stack starts).
   */
  static async prepare(browser: Browser, server: SoftphoneServer, count: number, o: PhoneBankOptions = {}) {
    const groups = Math.ceil(count / (o.perContext ?? 200));
    const contexts: BrowserContext[] = [];
    const fleets: PhoneFleet[] = [];
    try {
      for (let i = 0; i < groups; i++) {
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        contexts.push(context);
        fleets.push(await PhoneFleet.open(await context.newPage(), server));
      }
    } catch (err) {
      await Promise.all(contexts.map((c) => c.close()));
      throw err;
    }
    return new PhoneBank(contexts, fleets, o);
  }

  get pages(): Page[] {
    return this.fleets.map((f) => f.page);
  }

  /** Phones for these users, filling the prepared pages in turn, not registered yet. */
  async add(deployment: Deployment, users: readonly DeskUser[]): Promise<OpenEyePhone[]> {
    const added: OpenEyePhone[] = [];
    for (const user of users) {
      const page = this.pages[Math.floor(this.phones.length / this.#perContext)];
      if (!page) throw new RangeError(`the bank has room for ${this.pages.length * this.#perContext} phones`);
      const phone = await OpenEyePhone.create(page, deployment, user);
      this.phones.push(phone);
      added.push(phone);
    }
    return added;
  }

  /** Register every phone; each one's answer from the registrar, in order. */
  registerAll(): Promise<Outcome[]> {
    return mapLimit(this.phones, this.concurrency, (phone) => phone.register());
  }

  phoneOf(workNo: number): OpenEyePhone | undefined {
    return this.phones.find((p) => p.user.workNo === workNo);
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close()));
  }
}
