import type { FrameLocator, Page } from '@playwright/test';
import { DEFAULT_WAIT_MS, type Wait } from './phone.ts';
import { shown } from './shown.ts';

/** The bar's buttons (mock-cec/edges/ccbar/static/ccbar.html). */
export type BarButton =
  | 'Sign In'
  | 'Sign Out'
  | 'Ready'
  | 'Busy'
  | 'Rest'
  | 'Wrap-up'
  | 'Answer'
  | 'Hang Up'
  | 'Stop recording'
  | 'Hold'
  | 'Take Back'
  | 'Mute'
  | 'Unmute'
  | 'Call Out'
  | 'Transfer'
  | 'Call Agent'
  | 'Consult'
  | 'Three-Party'
  | 'Transfer to Helper'
  | 'Back to Customer'
  | 'Release Number';

/** What the bar's status line says: Offline, Ready, Busy, Rest, Wrap-up, Ringing, Calling, Talking, Consulting. */
export type BarStatus =
  | 'Offline'
  | 'Ready'
  | 'Busy'
  | 'Rest'
  | 'Wrap-up'
  | 'Ringing'
  | 'Calling'
  | 'Talking'
  | 'Consulting';

/** Busy reasons the bar offers (the vendor's saybusy reason codes 200–250). */
export const BUSY_REASONS = [200, 201, 202, 203] as const;

/**
 * The vendor's connection bar as the agent uses it: the frame named
 * `ccbarclient` that ccbarclient.js puts in the page (docs/vendor/ccbarclient.md),
 * opened with its button at the lower right. Buttons are pressed as a person
 * would; one the bar keeps disabled fails with what the bar shows instead.
 */
export class Bar {
  readonly frame: FrameLocator;

  constructor(
    readonly page: Page,
    readonly toggle: string,
  ) {
    this.frame = page.frameLocator('iframe[name="ccbarclient"]');
  }

  /** Open the bar's panel (it opens itself when a call rings). */
  async open(o: Wait = {}): Promise<void> {
    const toggle = this.page.locator(this.toggle);
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    await shown(toggle, { timeout, what: "the bar's toggle" });
    if ((await toggle.getAttribute('aria-expanded', { timeout })) !== 'true') await toggle.click({ timeout });
    // Its buttons work once its script has its session, which the header then names (until then
    // the static page shows them enabled, and a click would be lost).
    await shown(this.frame.locator('#agent').filter({ hasNotText: /^Loading/ }), {
      timeout,
      what: "the bar's session (its header naming the agent)",
    });
  }

  async press(button: BarButton, o: Wait = {}): Promise<void> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    await this.open(o);
    const locator = this.frame.getByRole('button', { name: button, exact: true });
    try {
      // Shown first (the bar's frame may still be loading): the click's own wait looks again only every 500 ms.
      await shown(locator, { timeout, enabled: true, what: `the bar's ${button} button` });
      await locator.click({ timeout });
    } catch (err) {
      throw new Error(
        `the bar's ${button} button could not be pressed within ${timeout} ms (${await this.describe()})`,
        { cause: err },
      );
    }
  }

  async busy(reason: number = BUSY_REASONS[0], o: Wait = {}): Promise<void> {
    await this.open(o);
    await this.frame
      .locator('#busy-reason')
      .selectOption(String(reason), { timeout: o.timeout ?? DEFAULT_WAIT_MS });
    await this.press('Busy', o);
  }

  /** Sign in, to the skill queues given ("1;2"), or to all configured ones. */
  async signIn(skills: readonly number[] | undefined, o: Wait = {}): Promise<void> {
    await this.open(o);
    await this.frame
      .getByLabel('Skills', { exact: true })
      .fill(skills ? skills.join(';') : '', { timeout: o.timeout ?? DEFAULT_WAIT_MS });
    await this.press('Sign In', o);
  }

  async callOut(number: string, o: Wait = {}): Promise<void> {
    await this.open(o);
    await this.frame.getByLabel('Number to call').fill(number, { timeout: o.timeout ?? DEFAULT_WAIT_MS });
    await this.press('Call Out', o);
  }

  /** Transfer the call: devicetype 2 agent, 1 skill queue, 3 IVR flow, 4 access code, 5 outside number; the mode as the bar names it. */
  async transfer(
    devicetype: 1 | 2 | 3 | 4 | 5,
    address: string,
    mode: 'release' | 'success' | 'talk' | 'three-way' | 'suspend',
    o: Wait = {},
  ): Promise<void> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    await this.open(o);
    await this.frame.locator('#transfer-kind').selectOption(String(devicetype), { timeout });
    await this.frame.getByLabel('Transfer to', { exact: true }).fill(address, { timeout });
    await this.frame.locator('#transfer-mode').selectOption(mode, { timeout });
    await this.press('Transfer', o);
  }

  /** Release one number of the call (disconnect/{number}): a helper, an outside number, the customer. */
  async disconnect(number: string, o: Wait = {}): Promise<void> {
    await this.open(o);
    await this.frame.getByLabel('Number to release').fill(number, { timeout: o.timeout ?? DEFAULT_WAIT_MS });
    await this.press('Release Number', o);
  }

  /** An internal call to another agent (callinner) or a skill queue (callinnerskill). */
  async callInner(kind: 'agent' | 'skill', to: string, o: Wait = {}): Promise<void> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    await this.open(o);
    await this.frame.locator('#inner-kind').selectOption(kind, { timeout });
    await this.frame.getByLabel('Agent or skill to call').fill(to, { timeout });
    await this.press('Call Agent', o);
  }

  /** Consult another agent (innerhelp): type its work number, press Consult. */
  async consult(helperWorkNo: number, o: Wait = {}): Promise<void> {
    await this.open(o);
    await this.frame
      .getByLabel('Agent to consult')
      .fill(String(helperWorkNo), { timeout: o.timeout ?? DEFAULT_WAIT_MS });
    await this.press('Consult', o);
  }

  /** Whether the bar shows that the platform records the call (its Recording indicator). */
  async recording(): Promise<boolean> {
    if ((await this.page.locator('iframe[name="ccbarclient"]').count()) === 0) return false;
    return this.frame.locator('#recording').isVisible();
  }

  /** The status line's state, or undefined when the bar is not in the page. */
  async status(): Promise<string | undefined> {
    // The page's frame tree is known without asking the browser: one round trip a look, not two.
    const frame = this.page.frame({ name: 'ccbarclient' });
    if (!frame) return undefined;
    return (
      await frame
        .locator('#status')
        .textContent({ timeout: 1000 })
        .catch(() => null)
    )?.trim();
  }

  /** The bar's notice (a refusal with the vendor's retcode, a missed call…), empty when none. */
  async notice(): Promise<string> {
    return this.#text('#notice');
  }

  /** The bar's call line ("Incoming call from …"), empty when none. */
  async incoming(): Promise<string> {
    return this.#text('#incoming');
  }

  /** "bar shows Busy; notice: …" for failure messages. */
  async describe(): Promise<string> {
    const status = await this.status();
    if (status === undefined) return 'the bar is not in the page';
    const notice = await this.notice();
    return `bar shows ${status}${notice ? `; notice: ${notice}` : ''}`;
  }

  async #text(selector: string): Promise<string> {
    const el = this.frame.locator(selector);
    if (!(await el.isVisible().catch(() => false))) return '';
    return ((await el.textContent({ timeout: 1000 }).catch(() => null)) ?? '').trim();
  }
}
