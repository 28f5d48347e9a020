import { type Dispatcher, fetch } from 'undici';

/** An agent gateway event as the poll delivers it (docs/vendor/agent-events.md). */
export interface PolledEvent {
  eventType: string;
  workNo: string;
  content: unknown;
  /** Epoch ms on the tenant's clock when the simulator made the event. */
  eventGenTime: number;
}

export interface GatewayAgentOptions {
  /** The simulator's base URL (https://127.0.0.1:port). */
  baseUrl: string;
  dispatcher: Dispatcher;
  workNo: number;
  password: string;
  sipAccount: string;
  /** Each event, with when it arrived (Date.now(), the clock eventGenTime is on). */
  onEvent(event: PolledEvent, receivedAt: number): void;
  /** Something the agent could not do, in one line. */
  onProblem(problem: string): void;
}

const GATEWAY = '/agentgateway/resource';

/**
 * One agent at its desk, driven over the agent gateway as a bar would: signs
 * in (its own softphone, ready), long-polls its events one after another, and
 * answers each call that rings it (PUT voicecall/answer: the simulator asks
 * the softphone to answer). After a ring timeout the CTI sets it not ready
 * (reason "2", a string as the vendor sends it); it says it is free again, as an agent would, so the run goes on.
 * The GUID follows each Set-GUID.
 */
export class GatewayAgent {
  #guid = '';
  #stopped = false;
  #loop: Promise<void> | undefined;
  readonly #abort = new AbortController();

  constructor(private readonly o: GatewayAgentOptions) {}

  /** Sign in; undefined when signed in, else why not. */
  async signIn(): Promise<string | undefined> {
    const r = await this.#request('PUT', `/onlineagent/${this.o.workNo}`, {
      password: this.o.password,
      phonenum: this.o.sipAccount,
      status: 4,
      autoanswer: false,
    });
    return r.ok ? undefined : r.problem;
  }

  /** Start long-polling (until `stop`). */
  startPolling(): void {
    this.#loop ??= this.#pollLoop();
  }

  /** Stop polling and sign out (by force: a call may still be up). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop;
    await this.#request('DELETE', `/onlineagent/${this.o.workNo}/forcelogout`);
  }

  async #pollLoop(): Promise<void> {
    while (!this.#stopped) {
      const r = await this.#request('GET', `/agentevent/${this.o.workNo}`);
      const receivedAt = Date.now();
      if (this.#stopped) return;
      if (!r.ok) {
        this.o.onProblem(`poll: ${r.problem}`);
        // A failed poll is not retried at once: that would spin on a simulator in trouble.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      const event = (r.body as { event?: PolledEvent }).event;
      if (!event) continue;
      this.o.onEvent(event, receivedAt);
      // Not awaited: the next poll goes out at once, as the bar's does.
      if (event.eventType === 'AgentEvent_Ringing') void this.#act('PUT', 'voicecall', 'answer');
      else if (
        event.eventType === 'AgentState_SetNotReady_Success' &&
        String((event.content as { reason?: unknown } | null)?.reason) === '2'
      )
        void this.#act('POST', 'onlineagent', 'sayfree');
    }
  }

  async #act(method: string, group: string, op: string): Promise<void> {
    const r = await this.#request(method, `/${group}/${this.o.workNo}/${op}`);
    if (!r.ok) this.o.onProblem(`${op}: ${r.problem}`);
  }

  async #request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ ok: true; body: unknown } | { ok: false; problem: string }> {
    try {
      const res = await fetch(`${this.o.baseUrl}${GATEWAY}${path}`, {
        method,
        dispatcher: this.o.dispatcher,
        headers: {
          ...(this.#guid ? { guid: this.#guid } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: method === 'GET' ? this.#abort.signal : undefined,
      });
      const setGuid = res.headers.get('set-guid');
      if (setGuid) this.#guid = setGuid.replace(/^JSESSIONID=/, '');
      const json = (await res.json()) as { retcode?: string; message?: string };
      if (res.status !== 200 || json.retcode !== '0')
        return { ok: false, problem: `${res.status} retcode ${json.retcode} ${json.message ?? ''}`.trim() };
      return { ok: true, body: json };
    } catch (err) {
      if (this.#stopped) return { ok: false, problem: 'stopped' };
      const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
      return { ok: false, problem: `${err instanceof Error ? err.message : String(err)}${cause}` };
    }
  }
}
