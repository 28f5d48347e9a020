import type { Browser } from '@playwright/test';
import { AgentDesk } from '../actors/agent-desk.ts';
import type { PreparedDesk } from './world.ts';

/**
 * Fresh browser contexts, each with a blank page ready to become a desk, made
 * ahead: a scenario takes what it needs and the pool makes new ones while the
 * scenario runs, so the next one does not wait ~250 ms (a loaded machine) for
 * a context and a renderer. Never reused: a context taken is the scenario's,
 * closed with it (no cookie, storage or route of one scenario reaches the next).
 * For the scenario command and the bench (ScenarioSession), not Playwright's
 * fixtures: Playwright ties each context to the test that made it (its trace),
 * and a spare made during one test and used by the next failed that test
 * ("Target page, context or browser has been closed").
 */
export class BlankPages {
  #spare: Promise<PreparedDesk>[] = [];
  #closed = false;

  constructor(
    private readonly browser: Browser,
    private readonly keep = 2,
  ) {}

  /** A fresh context and blank page (one made ahead, when there is one); the pool then makes another. */
  take(): Promise<PreparedDesk> {
    const next = this.#spare.shift() ?? this.#make();
    this.#fill();
    return next;
  }

  /** Make the spares now (a session's start, while the simulator starts). */
  fill(): void {
    this.#fill();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const spare = this.#spare.splice(0);
    await Promise.all(spare.map((p) => p.then((d) => d.context.close()).catch(() => undefined)));
  }

  #fill(): void {
    while (!this.#closed && this.#spare.length < this.keep) {
      const made = this.#make();
      made.catch(() => undefined); // a failed spare fails its taker
      this.#spare.push(made);
    }
  }

  async #make(): Promise<PreparedDesk> {
    const context = await this.browser.newContext({ ignoreHTTPSErrors: true });
    try {
      return { context, page: await AgentDesk.blankPage(context) };
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
  }
}
