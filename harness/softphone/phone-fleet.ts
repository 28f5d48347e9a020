import type { Page } from 'playwright';
import type { AudioFigures } from './audio-figures.ts';
import type { FleetPhone, FleetRegistration, RegisterAllOptions } from './browser-fleet.ts';
import type { CallState } from './browser-softphone.ts';
import { fleetBundle } from './softphone-bundle.ts';
import { openSoftphonePage, type SoftphoneServer } from './softphone-page.ts';

export type { FleetPhone, FleetRegistration } from './browser-fleet.ts';
/** A fleet phone's audio figures (the one shape, audio-figures.ts) and its call state. */
export type PhoneStats = AudioFigures & { state: CallState };

/**
 * One page of a PhoneBank's phones (actors/phone-bank.ts), driven in batches:
 * one `page.evaluate` registers, answers or reads the figures of a whole
 * group, instead of one round trip per phone. More than ~200 phones go in
 * several pages, each in its own browser context (NOTES-platform.md: 255
 * WebSockets per renderer): the bank makes them.
 */
export class PhoneFleet {
  readonly names = new Set<string>();

  private constructor(readonly page: Page) {}

  static async open(page: Page, server: SoftphoneServer): Promise<PhoneFleet> {
    await openSoftphonePage(page, server);
    await page.addScriptTag({ content: await fleetBundle() });
    return new PhoneFleet(page);
  }

  /** Register the phones with bounded concurrency; a phone counts once the registrar confirmed it. */
  async register(
    phones: FleetPhone[],
    options: RegisterAllOptions = { concurrency: 6, timeoutMs: 10_000 },
  ): Promise<FleetRegistration[]> {
    for (const p of phones) this.names.add(p.name);
    return this.page.evaluate(({ phones, options }) => window.fleet.registerAll(phones, options), {
      phones,
      options,
    });
  }

  /** Each of these phones answers its next ringing call as soon as it rings. */
  answerWhenRinging(names: string[]): Promise<void> {
    return this.page.evaluate((names) => window.fleet.answerWhenRinging(names), names);
  }

  /** Wait until every phone is in `state` (or the time is up); returns the phones that are not. */
  untilAll(names: string[], state: CallState, timeoutMs: number): Promise<string[]> {
    return this.page.evaluate(
      ({ names, state, timeoutMs }) => window.fleet.untilAll(names, state, timeoutMs),
      {
        names,
        state,
        timeoutMs,
      },
    );
  }

  stats(names: string[]): Promise<Record<string, PhoneStats>> {
    return this.page.evaluate((names) => window.fleet.statsOf(names), names);
  }

  /** The last lines of each phone's log, to say why something failed. */
  logs(names: string[]): Promise<Record<string, string[]>> {
    return this.page.evaluate((names) => window.fleet.logsOf(names), names);
  }

  hangup(names: string[]): Promise<void> {
    return this.page.evaluate((names) => window.fleet.hangupAll(names), names);
  }
}
