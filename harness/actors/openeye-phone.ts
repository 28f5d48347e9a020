import type { Page } from '@playwright/test';
import type { Outcome, Rejection } from '../softphone/browser-softphone.ts';
import { Softphone } from '../softphone/softphone-page.ts';
import type { Deployment, DeskUser } from './deployment.ts';
import {
  type AudioFigures,
  DEFAULT_WAIT_MS,
  type Phone,
  type PhoneCall,
  type Registration,
  type Wait,
} from './phone.ts';

export interface OpenEyeOptions {
  /** The SIP password to register with (default: the agent's synced sipPwd; a wrong one to test refusal). */
  password?: string;
  /** Its name in the softphone page (default: the softphone number). */
  name?: string;
}

/**
 * The OpenEye stand-in for one agent: the harness's SIP.js softphone
 * (harness/softphone) in a softphone page, registered with the agent's
 * softphone number and password as the integration synced them. A
 * registration counts only once the registrar confirmed it, as OpenEye's.
 */
export class OpenEyePhone implements Phone {
  readonly kind = 'openeye';
  readonly label: string;
  #phone: Softphone;
  #password: string;

  private constructor(
    readonly page: Page,
    readonly deployment: Deployment,
    readonly user: DeskUser,
    phone: Softphone,
    password: string,
  ) {
    this.#phone = phone;
    this.#password = password;
    this.label = `agent ${user.workNo}'s OpenEye phone (${user.sipAccount})`;
  }

  /** A phone in `page` (a softphone page: harness/softphone/softphone-page.ts), not registered yet. */
  static async create(page: Page, deployment: Deployment, user: DeskUser, o: OpenEyeOptions = {}) {
    const password = o.password ?? user.sipPwd;
    const phone = await Softphone.create(
      page,
      o.name ?? user.sipAccount,
      optionsFor(deployment, user, password),
    );
    return new OpenEyePhone(page, deployment, user, phone, password);
  }

  get name(): string {
    return this.#phone.name;
  }

  /**
   * Register (again, after a drop) with the synced password, or with
   * `password` as a user who typed that one (the phone is made anew with
   * other credentials). Resolves with the registrar's answer.
   */
  async register(o: { password?: string } = {}): Promise<Outcome> {
    const password = o.password ?? this.user.sipPwd;
    if (password !== this.#password) {
      const name = this.#phone.name;
      await this.#phone.unregister();
      this.#phone = await Softphone.create(this.page, name, optionsFor(this.deployment, this.user, password));
      this.#password = password;
    }
    return this.#phone.tryRegister();
  }

  registration(): Promise<Registration> {
    return this.#phone.registration();
  }

  async callState(): Promise<PhoneCall> {
    const state = await this.#phone.state();
    return state === 'ended' ? 'idle' : state;
  }

  /** Dial a number: another agent's softphone or a customer's (the magic 555-01xx numbers). */
  call(number: string): Promise<void> {
    return this.#phone.call(number);
  }

  /** How the last call this phone placed was refused (486 for a busy customer), if it was. */
  rejection(): Promise<Rejection | undefined> {
    return this.#phone.rejection();
  }

  async answer(o: Wait = {}): Promise<void> {
    await this.#within(o, this.#phone.until('ringing'), 'no call rang');
    await this.#phone.answer();
  }

  hangup(): Promise<void> {
    return this.#phone.hangup();
  }

  hold(on = true): Promise<Outcome> {
    return this.#phone.hold(on);
  }

  /** Press keys on the phone's keypad during the call (RFC 4733 by default, or SIP INFO). */
  sendDtmf(keys: string, via: 'rfc4733' | 'info' = 'rfc4733'): Promise<Outcome> {
    return this.#phone.sendDtmf(keys, via);
  }

  dropConnection(): Promise<boolean> {
    return this.#phone.dropConnection();
  }

  audio(): Promise<AudioFigures> {
    return this.#phone.audio();
  }

  log(): Promise<string[]> {
    return this.#phone.log();
  }

  /** Unregister and leave the page. */
  close(): Promise<void> {
    return this.#phone.unregister();
  }

  async #within(o: Wait, done: Promise<void>, what: string): Promise<void> {
    const ms = o.timeout ?? DEFAULT_WAIT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.label}: ${what} within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([done, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function optionsFor(d: Deployment, user: DeskUser, password: string) {
  return { wsUrl: d.sip.wsUrl, domain: d.sip.domain, sipAccount: user.sipAccount, sipPwd: password };
}
