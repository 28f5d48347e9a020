import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AgentDesk, agentName } from '../actors/agent-desk.ts';
import { Cec } from '../actors/cec.ts';
import type { LegView } from '../actors/control-types.ts';
import { Customer } from '../actors/customer.ts';
import type { Deployment, DeskUser } from '../actors/deployment.ts';
import type { DeskProfile } from '../actors/desk-profile.ts';
import { mapLimit } from '../actors/map-limit.ts';
import type { OpenEyePhone } from '../actors/openeye-phone.ts';
import type { Phone } from '../actors/phone.ts';
import { PhoneBank } from '../actors/phone-bank.ts';
import type { SoftphoneServer } from '../softphone/softphone-page.ts';
import type { Stack } from '../stack/start-stack.ts';
import type { Scenario } from './scenario-schema.ts';

/**
 * What a scenario's actors need from the browser before the system under
 * test exists: a context and a blank page per agent, the softphone pages for
 * its OpenEye phones. A runner makes them while the stack starts.
 */
export interface PreparedActors {
  desks: PreparedDesk[];
  bank: PhoneBank | undefined;
}

export interface PreparedDesk {
  context: BrowserContext;
  page: Page;
  /** Whether the page shows the integration's login form, once the runner opened it (AgentDesk.showLogin). */
  loginShown?: Promise<boolean>;
}

export async function prepareActors(
  scenario: Scenario,
  browser: Browser,
  server: SoftphoneServer,
): Promise<PreparedActors> {
  const openeye = scenario.actors.agents.filter((a) => a.phone === 'openeye').length;
  const [desks, bank] = await Promise.all([
    Promise.all(
      scenario.actors.agents.map(async () => {
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        return { context, page: await AgentDesk.blankPage(context) };
      }),
    ),
    openeye > 0 ? PhoneBank.prepare(browser, server, openeye) : undefined,
  ]);
  return { desks, bank };
}

/**
 * Open the login page in the desks of agents the scenario logs in, while the
 * stack finishes starting (the first login then types at once); a page that
 * fails to open is opened again by the login step itself.
 */
export function showLoginPages(
  scenario: Scenario,
  p: PreparedActors,
  integrationUrl: string,
  profile?: DeskProfile,
): void {
  const logsIn = new Set(scenario.steps.flatMap((s) => (s.kind === 'login' ? [s.args.agent] : [])));
  for (const [agent, desk] of p.desks.entries()) {
    if (!logsIn.has(agent)) continue;
    desk.loginShown = AgentDesk.showLogin(desk.page, integrationUrl, profile).then(
      () => true,
      () => false,
    );
  }
}

export async function closePrepared(p: PreparedActors): Promise<void> {
  await Promise.all([...p.desks.map((d) => d.context.close().catch(() => undefined)), p.bank?.close()]);
}

/** Something a step asked of the world that the scenario does not allow: the step fails with this. */
export class ScenarioMisuse extends Error {
  override name = 'ScenarioMisuse';
}

/**
 * Everything a running scenario acts on: the stack, the control API, one
 * desk per agent (opened at its first use), the agents' OpenEye phones (all
 * in one softphone page), the customers, and where each expectation looks
 * from (the last action's journal position, each page's next unread event).
 */
export class ScenarioWorld {
  readonly cec: Cec;
  readonly customers = new Map<string, Customer>();
  /** Journal position when the last action began: journal expectations look after it. */
  lastActionSeq: number;
  /** Per agent: the page's document and the index of its first event no expectEvent has matched yet. */
  readonly eventCursor: { document: number; index: number }[];
  #desks = new Map<number, AgentDesk>();

  private constructor(
    readonly scenario: Scenario,
    readonly deployment: Deployment,
    /** The reference integration's stack; undefined on your own integration. */
    readonly stack: Stack | undefined,
    readonly browser: Browser,
    readonly startSeq: number,
    private readonly prepared: PreparedActors,
  ) {
    this.cec = new Cec({ url: deployment.cec.url, ca: deployment.cec.ca, tenant: deployment.cec.tenant });
    this.lastActionSeq = startSeq;
    this.eventCursor = scenario.actors.agents.map(() => ({ document: 0, index: 0 }));
    for (const [name, c] of Object.entries(scenario.actors.customers)) {
      this.customers.set(name, new Customer(this.cec, { name, from: c.from, behaviour: c.behaviour }));
    }
  }

  /** The world of a scenario on its stack: OpenEye phones made, and registered when the scenario says so. */
  static async open(
    scenario: Scenario,
    deployment: Deployment,
    stack: Stack | undefined,
    o: { browser: Browser; startSeq: number; prepared: PreparedActors },
  ): Promise<ScenarioWorld> {
    const world = new ScenarioWorld(scenario, deployment, stack, o.browser, o.startSeq, o.prepared);
    try {
      await world.#openPhones();
    } catch (err) {
      await world.close();
      throw err;
    }
    return world;
  }

  async #openPhones(): Promise<void> {
    const openeye = this.scenario.actors.agents.flatMap((a, i) =>
      a.phone === 'openeye' ? [{ i, register: a.register }] : [],
    );
    const bank = this.prepared.bank;
    if (bank) {
      await bank.add(
        this.deployment,
        openeye.map((a) => this.user(a.i)),
      );
      const toRegister = openeye.filter((a) => a.register).map((a) => this.openeye(a.i));
      const outcomes = await mapLimit(toRegister, bank.concurrency, (p) => p.register());
      for (const [k, r] of outcomes.entries()) {
        if (!r.ok)
          throw new ScenarioMisuse(`${toRegister[k]!.label} could not register at the start: ${r.reason}`);
      }
    }
  }

  /** "agent 0 (workNo 70101, eryn.volkman)": how failure messages name the scenario's agent `agent`. */
  agentName(agent: number): string {
    return agentName(this.deployment, this.user(agent));
  }

  user(agent: number): DeskUser {
    const user = this.deployment.users[agent];
    if (!user) throw new ScenarioMisuse(`no agent ${agent} in this tenant`);
    return user;
  }

  /** The agent's desk, opened (a context of its own) on first use. */
  async desk(agent: number): Promise<AgentDesk> {
    let desk = this.#desks.get(agent);
    if (!desk) {
      const phone = this.scenario.actors.agents[agent]?.phone ?? 'desk';
      const blank = this.prepared.desks[agent];
      desk = blank
        ? await AgentDesk.attach(blank.context, this.deployment, this.user(agent), {
            phone,
            ownsContext: true,
            page: blank.page,
            loginShown: (await blank.loginShown) ?? false,
          })
        : await AgentDesk.open(this.browser, this.deployment, this.user(agent), { phone });
      this.#desks.set(agent, desk);
    }
    return desk;
  }

  /** The desk if it has been opened (expectations on a desk never opened fail with that). */
  openedDesk(agent: number): AgentDesk {
    const desk = this.#desks.get(agent);
    if (!desk)
      throw new ScenarioMisuse(`agent ${agent} has not logged in yet (no login step before this one)`);
    return desk;
  }

  openeye(agent: number): OpenEyePhone {
    const phone = this.prepared.bank?.phoneOf(this.user(agent).workNo);
    if (!phone)
      throw new ScenarioMisuse(
        `agent ${agent} has no OpenEye phone (actors.agents[${agent}].phone is not openeye)`,
      );
    return phone;
  }

  /** The agent's phone, whichever it is. */
  phone(agent: number): Phone {
    const kind = this.scenario.actors.agents[agent]?.phone;
    if (kind === 'openeye') return this.openeye(agent);
    if (kind === 'none')
      throw new ScenarioMisuse(`agent ${agent} has no phone (actors.agents[${agent}].phone is none)`);
    return this.openedDesk(agent).phone!;
  }

  customer(name: string): Customer {
    const customer = this.customers.get(name);
    if (!customer) throw new ScenarioMisuse(`no customer ${name} in actors.customers`);
    return customer;
  }

  /** The customer's leg of the agent's current call, if the simulator has one (for audio figures). */
  async customerLegOf(agent: number): Promise<LegView | undefined> {
    const { workNo, sipAccount } = this.user(agent);
    const callId = (await this.cec.agent(workNo))?.callId;
    if (callId) {
      const call = (await this.cec.calls()).find((c) => c.id === callId);
      // The agent's own leg: a transferred call or an internal call has one per agent's party.
      const own = call?.parties.find((p) => p.kind === 'agent' && p.number === String(workNo) && p.sipCallId);
      const sipCallId = own?.sipCallId ?? call?.sipCallId;
      if (sipCallId) return this.cec.leg(sipCallId).catch(() => undefined);
    }
    // A direct dial (POST /__mock/sip/dial) has a leg but no ACD call.
    return (await this.cec.legs())
      .filter((l) => l.state !== 'ended' && (l.to === sipAccount || l.from === sipAccount))
      .at(-1);
  }

  /**
   * A reader of the customer's leg of the agent's current call, for a step
   * that looks at it again and again: once found, the leg is read by its
   * id alone (one request a look, not three); found anew once it has ended.
   */
  customerLegReader(agent: number): () => Promise<LegView | undefined> {
    let id: string | undefined;
    return async () => {
      if (id !== undefined) {
        const leg = await this.cec.leg(id).catch(() => undefined);
        if (leg && leg.state !== 'ended') return leg;
      }
      const leg = await this.customerLegOf(agent);
      id = leg?.callId;
      return leg;
    };
  }

  async close(): Promise<void> {
    for (const customer of this.customers.values()) await customer.hangupAll().catch(() => undefined);
    await Promise.all([...this.#desks.values()].map((d) => d.close().catch(() => undefined)));
    // Contexts of agents who never opened their desk, and the OpenEye phones.
    await closePrepared(this.prepared).catch(() => undefined);
    await this.cec.close();
  }
}
