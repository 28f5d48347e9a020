import type { Page } from '@playwright/test';
import type { DeskProfile } from './desk-profile.ts';
import { dropSipSockets, pageAudio } from './page-probes.ts';
import {
  type AudioFigures,
  DEFAULT_WAIT_MS,
  type Phone,
  type PhoneCall,
  type Registration,
  type Wait,
} from './phone.ts';
import { shown } from './shown.ts';

/**
 * The integration page's own WebRTC softphone, driven through the page as
 * the agent would (its state line, Pick up, End call). Its audio figures
 * come from the page's peer connection (page-probes.ts).
 */
export class DeskPhone implements Phone {
  readonly kind = 'desk';

  constructor(
    readonly page: Page,
    readonly profile: DeskProfile,
    readonly label: string,
  ) {}

  async registration(): Promise<Registration> {
    const text = (await this.page.locator(this.profile.phoneState).textContent())?.trim() ?? '';
    if (this.profile.phoneRegistered.test(text)) return 'registered';
    if (/^disconnected/i.test(text)) return 'disconnected';
    if (this.profile.phoneRefused.test(text)) return 'refused';
    if (/connecting/i.test(text)) return 'registering';
    return 'unregistered';
  }

  /** The page's words for the phone's registration, for failure messages. */
  async registrationText(): Promise<string> {
    return (await this.page.locator(this.profile.phoneState).textContent())?.trim() ?? '';
  }

  async callState(): Promise<PhoneCall> {
    const text = (await this.page.locator(this.profile.callState).textContent())?.trim() ?? '';
    if (/^Ringing/i.test(text) || /^Answering/i.test(text)) return 'ringing';
    if (/^In a call/i.test(text)) return 'talking';
    return 'idle';
  }

  /** Pick up once the page offers it (a step may come right after the customer dialled: see shown.ts). */
  async answer(o: Wait = {}): Promise<void> {
    await this.#press(this.profile.pickUp, 'Pick up', o);
  }

  async hangup(o: Wait = {}): Promise<void> {
    await this.#press(this.profile.endCall, 'End call', o);
  }

  async #press(selector: string, name: string, o: Wait): Promise<void> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    const button = this.page.locator(selector);
    await shown(button, { timeout, enabled: true, what: `${this.label}'s ${name} button` });
    await button.click({ timeout });
  }

  async dropConnection(): Promise<boolean> {
    return (await dropSipSockets(this.page)) > 0;
  }

  audio(): Promise<AudioFigures> {
    return pageAudio(this.page);
  }
}
