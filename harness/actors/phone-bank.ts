import type { Browser, BrowserContext } from '@playwright/test';
import type { Outcome } from '../softphone/browser-softphone.ts';
import { openSoftphonePage, type SoftphoneServer } from '../softphone/softphone-page.ts';
import type { Deployment, DeskUser } from './deployment.ts';
import { chunk, mapLimit } from './map-limit.ts';
import { OpenEyePhone } from './openeye-phone.ts';

export interface PhoneBankOptions {
  /** Registrations in flight at once (default 6; Chromium throttles many WebSocket opens). */
  concurrency?: number;
  /** Phones per browser context (default 200; a renderer holds at most 255 WebSockets). */
  perContext?: number;
}

/**
 * Many OpenEye phones for many agents: a softphone page per browser context,
 * at most `perContext` phones in each, registered `concurrency` at a time.
 * What a load scenario needs; one phone is a bank of one.
 */
export class PhoneBank {
  private constructor(
    readonly contexts: BrowserContext[],
    readonly phones: OpenEyePhone[],
    readonly concurrency: number,
  ) {}

  static async open(
    browser: Browser,
    server: SoftphoneServer,
    deployment: Deployment,
    users: readonly DeskUser[],
    o: PhoneBankOptions = {},
  ): Promise<PhoneBank> {
    const contexts: BrowserContext[] = [];
    const phones: OpenEyePhone[] = [];
    try {
      for (const group of chunk(users, o.perContext ?? 200)) {
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        contexts.push(context);
        const page = await context.newPage();
        await openSoftphonePage(page, server);
        for (const user of group) phones.push(await OpenEyePhone.create(page, deployment, user));
      }
    } catch (err) {
      await Promise.all(contexts.map((c) => c.close()));
      throw err;
    }
    return new PhoneBank(contexts, phones, o.concurrency ?? 6);
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
