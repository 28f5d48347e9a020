import type { Browser, BrowserContext, Page } from '@playwright/test';
import { Bar } from './bar.ts';
import type { Deployment, DeskUser } from './deployment.ts';
import { DeskPhone } from './desk-phone.ts';
import { type DeskProfile, referenceDesk } from './desk-profile.ts';
import { addProbes, type BarMessage, barMessages } from './page-probes.ts';
import { DEFAULT_WAIT_MS, type Wait } from './phone.ts';
import { shown } from './shown.ts';

export type LoginOutcome = { kind: 'ok' } | { kind: 'refused' | 'locked'; message: string };
export type BarLoad = 'loaded' | 'refused' | 'failed' | 'unreachable';

export interface DeskOptions {
  /**
   * The agent's phone: the page's own softphone (`desk`, default), or none in
   * the page (`openeye`, `none`): the page's softphone API is then answered
   * "switched off" by the harness, as for an agent on a desktop softphone.
   */
  phone?: 'desk' | 'openeye' | 'none';
}

/**
 * One integration-page tab for one user: log in, load the bar through the
 * token callback, work the bar, hear the page's events, and (with
 * `phone: desk`) the page's own softphone. Its own browser context, so its
 * session cookie is its own.
 */
export class AgentDesk {
  readonly bar: Bar;
  readonly phone: DeskPhone | undefined;
  readonly profile: DeskProfile;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly deployment: Deployment,
    readonly user: DeskUser,
    phone: DeskOptions['phone'],
    private readonly ownsContext: boolean,
    loginShown: boolean,
  ) {
    this.#loginShown = loginShown;
    this.profile = deployment.integration.profile ?? referenceDesk;
    // The page's events live in its document: a new document (a reload, a login again) starts them anew.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.#document++;
    });
    this.bar = new Bar(page, this.profile.barToggle);
    this.phone =
      phone === 'desk' ? new DeskPhone(page, this.profile, `${this.label}'s desk phone`) : undefined;
  }

  /** A desk in a context of its own (closed with the desk). */
  static async open(browser: Browser, deployment: Deployment, user: DeskUser, o: DeskOptions = {}) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      return await AgentDesk.attach(context, deployment, user, { ...o, ownsContext: true });
    } catch (err) {
      await context.close();
      throw err;
    }
  }

  /** A desk in an existing context (a Playwright test's, so its trace shows the desk); one desk per context. */
  static async attach(
    context: BrowserContext,
    deployment: Deployment,
    user: DeskUser,
    o: DeskOptions & {
      ownsContext?: boolean;
      page?: Page;
      /** The page already shows the login form (showLogin): the first login types into it. */
      loginShown?: boolean;
    } = {},
  ) {
    const page = o.page ?? (await AgentDesk.blankPage(context));
    const profile = deployment.integration.profile ?? referenceDesk;
    if ((o.phone ?? 'desk') !== 'desk') {
      await context.route(`${deployment.integration.url}${profile.softphoneApi}`, (route) =>
        route.fulfill({
          status: 503,
          json: { error: 'Softphone switched off by the test harness (OpenEye in use).' },
        }),
      );
    }
    return new AgentDesk(
      context,
      page,
      deployment,
      user,
      o.phone ?? 'desk',
      o.ownsContext ?? false,
      o.loginShown ?? false,
    );
  }

  /**
   * Open the integration's login page in `page` and wait for its form, as a
   * desk shows it before its agent arrives. A runner does this while the
   * stack is still starting (the page needs no user yet), so a login step
   * only types and submits.
   */
  static async showLogin(
    page: Page,
    integrationUrl: string,
    profile: DeskProfile = referenceDesk,
    o: Wait = {},
  ): Promise<void> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    await page.goto(`${integrationUrl}${profile.loginPath}`, { timeout, waitUntil: 'domcontentloaded' });
    await shown(page.locator(profile.username), { timeout, what: 'the login form' });
  }

  /**
   * A page ready to become a desk (the harness's probes installed), made
   * before the system under test is known: a new page costs a renderer
   * process, ~100 ms, which a runner spends while the stack starts.
   */
  static async blankPage(context: BrowserContext): Promise<Page> {
    await addProbes(context);
    return context.newPage();
  }

  /** "agent 0 (workNo 70101, eryn.volkman)": its index among the deployment's users (a scenario's actors.agents), then who. */
  get label(): string {
    return agentName(this.deployment, this.user);
  }

  /** Log in at the integration's page; the page's answer: in, refused, or locked out (with its message). */
  async login(password = this.user.password, o: Wait = {}): Promise<LoginOutcome> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    const p = this.profile;
    // A fresh form each attempt (an earlier attempt's error would answer at once), unless one is shown already.
    if (!this.#loginShown)
      await AgentDesk.showLogin(this.page, this.deployment.integration.url, p, { timeout });
    this.#loginShown = false;
    await this.page.locator(p.username).fill(this.user.username, { timeout });
    await this.page.locator(p.password).fill(password, { timeout });
    await this.page.locator(p.submit).click({ timeout });
    // Either the desk or the form again with its error.
    await shown(this.page.locator(p.loginError).or(this.page.locator(p.barStatus)).first(), {
      timeout,
      what: "the desk or the login form's error",
    });
    if (p.signedInUrl.test(new URL(this.page.url()).pathname)) return { kind: 'ok' };
    const message = ((await this.page.locator(p.loginError).textContent()) ?? '').trim();
    return { kind: p.lockedText.test(message) ? 'locked' : 'refused', message };
  }

  /** How loading the bar went, once the page says (the token callback ran by then). */
  async barLoad(o: Wait = {}): Promise<BarLoad> {
    const timeout = o.timeout ?? DEFAULT_WAIT_MS;
    const status = this.page.locator(this.profile.barStatus);
    const { barText } = this.profile;
    const any = new RegExp(
      [barText.loaded, barText.refused, barText.failed, barText.unreachable].map((r) => r.source).join('|'),
      'i',
    );
    await shown(status.filter({ hasText: any }), { timeout, what: "the bar's loading outcome on the page" });
    const text = (await status.textContent()) ?? '';
    if (barText.loaded.test(text)) return 'loaded';
    if (barText.refused.test(text)) return 'refused';
    if (barText.unreachable.test(text)) return 'unreachable';
    return 'failed';
  }

  /** What the page says about the bar (its status line). */
  async barStatusText(): Promise<string> {
    return ((await this.page.locator(this.profile.barStatus).textContent()) ?? '').trim();
  }

  /** The agent's state on the bar's status line (Offline, Ready, Busy…), undefined when the bar is not loaded. */
  state(): Promise<string | undefined> {
    return this.bar.status();
  }

  /** The agent's state as the page shows it from the bar's events. */
  async pageState(): Promise<string> {
    return ((await this.page.locator(this.profile.agentState).textContent()) ?? '').trim();
  }

  #document = 0;
  #loginShown: boolean;

  /** Which document the page shows (1 after the first navigation, and so on): events are counted per document. */
  get document(): number {
    return this.#document;
  }

  /** The events the page's `callback` received in its current document, from index `from` on. */
  events(from = 0): Promise<BarMessage[]> {
    return barMessages(this.page, from);
  }

  /** Sign in from the bar, to the skill queues given or (by default) to all configured ones. */
  signIn(o?: Wait & { skills?: readonly number[] }) {
    return o?.skills ? this.bar.signIn(o.skills, o) : this.bar.press('Sign In', o);
  }

  signOut(o?: Wait) {
    return this.bar.press('Sign Out', o);
  }

  ready(o?: Wait) {
    return this.bar.press('Ready', o);
  }

  busy(reason?: number, o?: Wait) {
    return this.bar.busy(reason, o);
  }

  rest(o?: Wait) {
    return this.bar.press('Rest', o);
  }

  /** Wrap-up: after-call work now, or (during a call) when the call ends. */
  work(o?: Wait) {
    return this.bar.press('Wrap-up', o);
  }

  /** Answer from the bar (the CEC asks the phone to pick up: remote answer). */
  answer(o?: Wait) {
    return this.bar.press('Answer', o);
  }

  hangup(o?: Wait) {
    return this.bar.press('Hang Up', o);
  }

  /** The bar's Stop recording (DELETE …/recordplay/{agentid}/stoprecord). */
  stopRecording(o?: Wait) {
    return this.bar.press('Stop recording', o);
  }

  /** Hold the call from the bar (the customer hears the hold tone), or take it back. */
  holdCall(on: boolean, o?: Wait) {
    return this.bar.press(on ? 'Hold' : 'Take Back', o);
  }

  /** Mute from the bar (the customer stops hearing the agent), or unmute. */
  mute(on: boolean, o?: Wait) {
    return this.bar.press(on ? 'Mute' : 'Unmute', o);
  }

  callOut(number: string, o?: Wait) {
    return this.bar.callOut(number, o);
  }

  transfer(
    devicetype: 1 | 2 | 3 | 4 | 5,
    address: string,
    mode: 'release' | 'success' | 'talk' | 'three-way' | 'suspend',
    o?: Wait,
  ) {
    return this.bar.transfer(devicetype, address, mode, o);
  }

  /** Release one number of the call (the bar's Release Number: disconnect/{number}). */
  disconnect(number: string, o?: Wait) {
    return this.bar.disconnect(number, o);
  }

  callInner(kind: 'agent' | 'skill', to: string, o?: Wait) {
    return this.bar.callInner(kind, to, o);
  }

  /** Consult another agent while the customer waits on hold (the bar's Consult). */
  consult(helperWorkNo: number, o?: Wait) {
    return this.bar.consult(helperWorkNo, o);
  }

  /** Complete the consult as a three-party call (confjoin). */
  threeParty(o?: Wait) {
    return this.bar.press('Three-Party', o);
  }

  /** Complete the consult as a transfer: the customer goes to the helper. */
  consultTransfer(o?: Wait) {
    return this.bar.press('Transfer to Helper', o);
  }

  /** Cancel the consult: back to the customer (dropcall on the help call). */
  cancelConsult(o?: Wait) {
    return this.bar.press('Back to Customer', o);
  }

  /** "bar shows Busy; notice: …; page: …" for failure messages. */
  async describe(): Promise<string> {
    const status = await this.barStatusText().catch(() => '');
    return `${await this.bar.describe()}${status ? `; page: ${status}` : ''}`;
  }

  async close(): Promise<void> {
    if (this.ownsContext) await this.context.close();
    else await this.page.close();
  }
}

/** An agent as failure messages name it: its index (a scenario's `agent: 0`), its workNo and user name. */
export function agentName(deployment: Deployment, user: DeskUser): string {
  const index = deployment.users.indexOf(user);
  const who = `workNo ${user.workNo}, ${user.username}`;
  return index >= 0 ? `agent ${index} (${who})` : `agent ${user.workNo} (${user.username})`;
}
