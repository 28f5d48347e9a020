import type { Agent } from '../../infrastructure/config/tenant-schema.ts';
import type { NewEntry } from '../../infrastructure/journal/journal.ts';
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

/**
 * What an agent signed in with, and when; `skills`: the skill queues it is signed in to (its
 * configured ones at sign-in, then as resetskill sets them).
 */
export type Login = Readonly<SignInChoice & { loginTime: number; skills: readonly number[] }>;

/** A state asked for during a call, taken when the call ends (saybusy, rest or work while talking). */
export interface AfterCallWish {
  readonly state: Exclude<RestingState, 'idle'>;
  readonly reason: number;
  readonly restMs?: number;
}

interface AgentFields {
  readonly workNo: number;
  readonly skills: readonly number[];
  readonly config: Agent;
  /** When the agent entered its state (tenant clock). */
  readonly since: number;
  /** When the agent last became idle: the ACD serves the longest-idle agent first. */
  readonly idleSince: number;
  /** The not-ready reason while busy. */
  readonly reason: number;
  /** The vendor callid of the agent's call, while in one. */
  readonly callId?: string;
  readonly afterCall?: AfterCallWish;
  /** Events not yet polled, oldest first. */
  readonly events: readonly AgentEvent[];
}

/** An agent not signed in: no sign-in choices. */
export interface SignedOutAgent extends AgentFields {
  readonly state: 'signed-out';
  readonly login?: undefined;
}

/** A signed-in agent: its type says it has what it signed in with. */
export interface SignedInAgent extends AgentFields {
  readonly state: Exclude<AgentState, 'signed-out'>;
  readonly login: Login;
}

/**
 * One agent of the tenant at run time. Read-only outside the book: every
 * change is one of the book's named operations, which journal it.
 */
export type AgentRecord = SignedOutAgent | SignedInAgent;

export function isSignedIn(agent: AgentRecord): agent is SignedInAgent {
  return agent.state !== 'signed-out';
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
/** The book's own view of a record: the one place that writes. */
type Record_ = Writable<AgentFields> & {
  state: AgentState;
  login?: Writable<Login> | undefined;
  events: AgentEvent[];
  afterCall?: AfterCallWish;
};
const w = (agent: AgentRecord) => agent as unknown as Record_;

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
   * Move a signed-in agent to a new state. The callers check the vendor's
   * rules first and answer a retcode; a move the machine refuses here is a
   * bug. Signing in and out have their own operations (they set the login).
   */
  move(agent: AgentRecord, to: Exclude<AgentState, 'signed-out'>, corr: string, reason?: string): void {
    if (agent.state === 'signed-out') throw new Error(`agent ${agent.workNo}: move ${to} before signing in`);
    this.#move(agent, to, corr, reason);
  }

  /** Sign in: what the agent chose, an empty event queue, reason 0, and its first state. */
  signIn(
    agent: AgentRecord,
    login: Login,
    to: 'idle' | 'busy' | 'work',
    corr: string,
    why: string,
  ): SignedInAgent {
    const a = w(agent);
    a.login = { ...login };
    a.events = [];
    a.reason = 0;
    a.afterCall = undefined;
    a.callId = undefined;
    this.#move(agent, to, corr, why);
    return agent as SignedInAgent;
  }

  /** Sign out, from any state: the login, the call and a wish for after it are gone. Events stay for a last poll. */
  signOut(agent: AgentRecord, corr: string, why: string): void {
    const a = w(agent);
    this.#move(agent, 'signed-out', corr, why);
    a.login = undefined;
    a.afterCall = undefined;
    a.callId = undefined;
  }

  /** The not-ready reason (saybusy, a missed call). */
  setReason(agent: AgentRecord, reason: number): void {
    w(agent).reason = reason;
  }

  setAutoAnswer(agent: SignedInAgent, on: boolean): void {
    const login = w(agent).login;
    if (login) login.autoanswer = on;
  }

  /** The skill queues the agent is signed in to (resetskill), journaled with the agent's state. */
  setSkills(agent: SignedInAgent, skills: readonly number[], corr: string): void {
    // In place, as setAutoAnswer: the desk's timers know a session by its login object.
    const login = w(agent).login;
    if (login) login.skills = [...skills];
    const list = skills.join(';') || 'none';
    this.ctx.append({
      kind: 'state',
      at: this.ctx.now(),
      tenant: this.ctx.tenant,
      corr,
      entity: 'agent',
      id: String(agent.workNo),
      from: agent.state,
      to: agent.state,
      reason: `skills ${list}`,
    });
  }

  /** A state asked for during a call, or none (sayfree, a cancel). */
  wishAfterCall(agent: AgentRecord, wish: AfterCallWish | undefined): void {
    w(agent).afterCall = wish;
  }

  /** The agent takes part in a call: offered one (ringing), or its Call Out starts. */
  takeCall(agent: AgentRecord, callId: string, corr: string): void {
    w(agent).callId = callId;
    this.move(agent, 'ringing', corr, `call ${callId}`);
  }

  /**
   * The agent leaves its call for a resting state; `reason` is the not-ready
   * reason that goes with it (a missed call, or the one asked for during it).
   */
  leaveCall(agent: AgentRecord, to: RestingState, corr: string, why: string, reason?: number): void {
    const a = w(agent);
    a.callId = undefined;
    a.afterCall = undefined;
    if (reason !== undefined) a.reason = reason;
    this.move(agent, to, corr, why);
  }

  /** The agent's call is gone under it (a forced sign-out follows). */
  forgetCall(agent: AgentRecord): void {
    w(agent).callId = undefined;
  }

  #move(agent: AgentRecord, to: AgentState, corr: string, reason?: string): void {
    const move = moveAgent(agent.state, to);
    if (!move.ok)
      throw new Error(`agent ${agent.workNo}: illegal move ${move.error.from} → ${move.error.to}`);
    const a = w(agent);
    const from = a.state;
    const now = this.ctx.now();
    a.state = to;
    a.since = now;
    if (to === 'idle') a.idleSince = now;
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
      const queue = w(agent).events;
      queue.push(event);
      if (queue.length > MAX_QUEUED_EVENTS) queue.shift();
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
    return w(agent).events.shift();
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

function fresh(config: Agent, now: number): SignedOutAgent {
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
