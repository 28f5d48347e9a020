import type { Cancel, Timers } from '../../infrastructure/primitives/timers.ts';
import type { AgentBook, AgentRecord } from '../agents/agent-book.ts';
import type { AgentEvent } from '../agents/agent-events.ts';

interface Waiter {
  resolve(event: AgentEvent | undefined): void;
  cancelTimer: Cancel;
  stopListening(): void;
}

/**
 * The long poll behind `GET /agentevent/{agentid}` (docs/vendor/agent-gateway.md): one
 * event per response, at once when one is queued, else whenever one arrives,
 * else none after `timeoutMs` of tenant time. One waiter per agent: a newer
 * poll answers the older one empty. [choice] A client that goes away takes its
 * waiter with it, so no event is handed to a closed connection by a waiter
 * left behind.
 */
export class EventPolls {
  readonly #waiters = new Map<number, Waiter>();

  constructor(
    private readonly agents: AgentBook,
    private readonly timers: Timers,
    private readonly timeoutMs: () => number,
  ) {
    agents.onEvents((agent) => {
      const waiter = this.#waiters.get(agent.workNo);
      if (!waiter) return;
      const event = agents.take(agent);
      if (event) this.#settle(agent.workNo, waiter, event);
    });
  }

  wait(agent: AgentRecord, signal?: AbortSignal): Promise<AgentEvent | undefined> {
    const queued = this.agents.take(agent);
    if (queued) return Promise.resolve(queued);
    const older = this.#waiters.get(agent.workNo);
    if (older) this.#settle(agent.workNo, older, undefined);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => this.#settle(agent.workNo, waiter, undefined);
      const waiter: Waiter = {
        resolve,
        cancelTimer: this.timers.after(this.timeoutMs(), () => this.#settle(agent.workNo, waiter, undefined)),
        stopListening: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.set(agent.workNo, waiter);
    });
  }

  isWaiting(workNo: number): boolean {
    return this.#waiters.has(workNo);
  }

  /** Polls waiting now (for tests and the console). */
  get size(): number {
    return this.#waiters.size;
  }

  /** Answer every waiting poll empty. */
  reset(): void {
    for (const [workNo, waiter] of [...this.#waiters]) this.#settle(workNo, waiter, undefined);
  }

  #settle(workNo: number, waiter: Waiter, event: AgentEvent | undefined): void {
    if (this.#waiters.get(workNo) === waiter) this.#waiters.delete(workNo);
    waiter.cancelTimer();
    waiter.stopListening();
    waiter.resolve(event);
  }
}
