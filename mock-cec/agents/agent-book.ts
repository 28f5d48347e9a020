import type { Agent } from '../config/tenant-schema.ts';
import type { NewEntry } from '../journal/journal.ts';
import type { AgentEvent, EventSpec } from './agent-events.ts';
import { type AgentState, moveAgent, type RestingState } from './agent-state.ts';
import { contentProblem } from './event-catalogue.ts';

/** What the agent chose at sign-in (docs/vendor/agent-gateway.md, sign-in body). */
export interface SignInChoice {
  phonenum: string;
  autoanswer: boolean;
  autoenteridle: boolean;
  releasephone: boolean;
  agenttype: number;
  status: 3 | 4 | 5;
}

/** One agent of the tenant at run time: state, what it signed in with, its call and its event queue. */
export interface AgentRecord {
  readonly workNo: number;
  readonly skills: readonly number[];
  readonly config: Agent;
  state: AgentState;
  /** When the agent entered its state (tenant clock). */
  since: number;
  /** When the agent last became idle: the ACD serves the longest-idle agent first. */
  idleSince: number;
  /** The not-ready reason while busy. */
  reason: number;
  login?: SignInChoice & {
    loginTime: number;
    /** The skill queues the agent is signed in to: its configured ones at sign-in, then as resetskill sets them. */
    skills: readonly number[];
  };
  /** The vendor callid of the agent's call, while in one. */
  callId?: string;
  /** A state asked for during a call, taken when the call ends (saybusy, rest or work while talking). */
  afterCall?: { state: Exclude<RestingState, 'idle'>; reason: number; restMs?: number };
  /** Events not yet polled, oldest first. */
  events: AgentEvent[];
}

/** Where the book writes what happened: the journal, stamped with the tenant's clock. */
export interface BookContext {
  tenant: string;
  now(): number;
  append(entry: NewEntry): void;
}

/** A client that never polls must not grow memory without end: the oldest events go first. [choice] */
export const MAX_QUEUED_EVENTS = 500;

/**
 * The tenant's agents: the only place their state changes, so that every
 * change is journaled (`state` entries) and every event queued and journaled
 * (`event` entries) with the tenant's clock.
 */
export class AgentBook {
  readonly #agents = new Map<number, AgentRecord>();
  readonly #listeners = new Set<(agent: AgentRecord) => void>();

  constructor(
    agents: readonly Agent[],
    private readonly ctx: BookContext,
  ) {
    for (const config of agents) this.#agents.set(config.workNo, fresh(config, ctx.now()));
  }

  get(workNo: number): AgentRecord | undefined {
    return this.#agents.get(workNo);
  }

  all(): AgentRecord[] {
    return [...this.#agents.values()];
  }

  /**
   * Move an agent to a new state. The callers check the vendor's rules first
   * and answer a retcode; a move the machine refuses here is a bug.
   */
  move(agent: AgentRecord, to: AgentState, corr: string, reason?: string): void {
    const move = moveAgent(agent.state, to);
    if (!move.ok)
      throw new Error(`agent ${agent.workNo}: illegal move ${move.error.from} → ${move.error.to}`);
    const from = agent.state;
    const now = this.ctx.now();
    agent.state = to;
    agent.since = now;
    if (to === 'idle') agent.idleSince = now;
    this.ctx.append({
      kind: 'state',
      at: now,
      tenant: this.ctx.tenant,
      corr,
      entity: 'agent',
      id: String(agent.workNo),
      from,
      to,
      reason,
    });
  }

  /**
   * Queue events for the agent's poll, in order, and wake a waiting poll. Each
   * event is checked against the catalogue first: one that breaks its
   * documented shape is a bug, like an illegal move.
   */
  emit(agent: AgentRecord, specs: readonly EventSpec[], corr: string): void {
    if (specs.length === 0) return;
    const now = this.ctx.now();
    for (const spec of specs) {
      // The envelope is built here; the content comes from a builder and is checked.
      const problem = contentProblem(spec.eventType, spec.content);
      if (problem) throw new Error(`agent ${agent.workNo}: event breaks the catalogue: ${problem}`);
      const event: AgentEvent = {
        eventType: spec.eventType,
        workNo: String(agent.workNo),
        content: spec.content,
        eventGenTime: now,
      };
      agent.events.push(event);
      if (agent.events.length > MAX_QUEUED_EVENTS) agent.events.shift();
      this.ctx.append({
        kind: 'event',
        at: now,
        tenant: this.ctx.tenant,
        corr,
        workNo: event.workNo,
        eventType: event.eventType,
      });
    }
    for (const listener of this.#listeners) listener(agent);
  }

  /** The oldest queued event, removed from the queue. */
  take(agent: AgentRecord): AgentEvent | undefined {
    return agent.events.shift();
  }

  /** Be told when an agent has new events (the long poll listens). */
  onEvents(listener: (agent: AgentRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every agent signed out with an empty queue, as at creation. */
  reset(): void {
    const now = this.ctx.now();
    for (const [workNo, agent] of this.#agents) this.#agents.set(workNo, fresh(agent.config, now));
  }
}

function fresh(config: Agent, now: number): AgentRecord {
  return {
    workNo: config.workNo,
    skills: config.skills,
    config,
    state: 'signed-out',
    since: now,
    idleSince: now,
    reason: 0,
    events: [],
  };
}
