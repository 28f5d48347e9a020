import { ControlHttp, type ControlHttpOptions } from './control-http.ts';
import type {
  AgentView,
  BehaviourInput,
  CallView,
  FaultRule,
  FaultRuleFor,
  JournalEntry,
  JournalQuery,
  LegView,
  RegistrationView,
} from './control-types.ts';

export interface CecOptions extends ControlHttpOptions {
  /** The tenant space every call is about. */
  tenant: string;
}

/** Something that can be read again for the newest journal entries (what live matchers poll). */
export interface JournalSource {
  entries(): Promise<JournalEntry[]>;
  describe(): string;
}

/**
 * The simulated CEC's control API for one tenant, typed: faults, clock,
 * journal, agents, calls and the SIP side. The one client the fixtures, the
 * actors and the scenario runner use (README.md, "The control API").
 */
export class Cec {
  readonly tenant: string;
  readonly http: ControlHttp;

  constructor(o: CecOptions) {
    this.tenant = o.tenant;
    this.http = new ControlHttp(o);
  }

  get url(): string {
    return this.http.url;
  }

  // Faults
  addFault(rule: FaultRuleFor): Promise<FaultRule> {
    return this.http.request('POST', '/faults', { ...rule, tenant: this.tenant });
  }

  async clearFaults(): Promise<number> {
    return (await this.http.request<{ removed: number }>('DELETE', `/faults?tenant=${this.#t}`)).removed;
  }

  async faults(): Promise<(FaultRule & { hits?: number })[]> {
    return (await this.http.request<{ faults: FaultRule[] }>('GET', `/faults?tenant=${this.#t}`)).faults;
  }

  // Clock
  advanceClock(ms: number): Promise<{ now: number; offsetMs: number }> {
    return this.http.request('POST', `/tenants/${this.#t}/clock`, { advanceMs: ms });
  }

  // Journal
  /**
   * This tenant's entries, and those no tenant could be told for (a TokenByAkSk
   * with an unknown app key names none): on a simulator shared by one test
   * worker, tests run one after the other, so those are this test's too.
   */
  async journal(q: JournalQuery = {}): Promise<JournalEntry[]> {
    const params = new URLSearchParams();
    if (q.kind) params.set('kind', q.kind);
    if (q.since !== undefined) params.set('since', String(q.since));
    const all = await this.http.request<{ entries: JournalEntry[] }>('GET', `/journal?${params}`);
    const mine = all.entries.filter((e) => e.tenant === this.tenant || e.tenant === undefined);
    return q.limit === undefined ? mine : mine.slice(0, q.limit);
  }

  /** The journal read again at each look, from `since` on: for `expect(...).toContainSequence`. */
  journalSince(since = 0): JournalSource {
    return {
      entries: () => this.journal({ since }),
      describe: () => `the journal of tenant ${this.tenant}${since ? ` after seq ${since}` : ''}`,
    };
  }

  /** The sequence number of the newest entry (of any tenant). */
  async lastSeq(): Promise<number> {
    return (await this.http.request<{ total: number }>('GET', '/journal?limit=0')).total;
  }

  /** Write a control entry (a test's step mark) into the journal; returns its sequence number. */
  async mark(action: string, detail?: string): Promise<number> {
    return (
      await this.http.request<{ seq: number }>('POST', '/journal', { tenant: this.tenant, action, detail })
    ).seq;
  }

  // Agents and calls
  async agents(): Promise<AgentView[]> {
    return (await this.http.request<{ agents: AgentView[] }>('GET', `/tenants/${this.#t}/agents`)).agents;
  }

  async agent(workNo: number): Promise<AgentView | undefined> {
    return (await this.agents()).find((a) => a.workNo === workNo);
  }

  /** A customer calls a skill queue (the ACD picks the agent). */
  placeCall(call: { skillId?: number; from?: string; to?: string; behaviour?: BehaviourInput } = {}) {
    return this.http.request<CallView>('POST', '/calls', { tenant: this.tenant, ...call });
  }

  async calls(): Promise<CallView[]> {
    return (await this.http.request<{ calls: CallView[] }>('GET', `/calls?tenant=${this.#t}`)).calls;
  }

  /** The customer hangs up (or gives up while queued). */
  hangupCall(id: string): Promise<CallView> {
    return this.http.request('DELETE', `/calls/${encodeURIComponent(id)}?tenant=${this.#t}`);
  }

  // The SIP side
  async registrations(): Promise<RegistrationView[]> {
    return (
      await this.http.request<{ registrations: RegistrationView[] }>(
        'GET',
        `/sip/registrations?tenant=${this.#t}`,
      )
    ).registrations;
  }

  /** The simulated customer calls an agent's softphone directly. */
  dial(
    to: { workNo: number } | { toSipAccount: string },
    o: { from?: string; behaviour?: BehaviourInput } = {},
  ) {
    return this.http.request<LegView>('POST', '/sip/dial', { tenant: this.tenant, ...to, ...o });
  }

  async legs(): Promise<LegView[]> {
    return (await this.http.request<{ legs: LegView[] }>('GET', `/sip/legs?tenant=${this.#t}`)).legs;
  }

  leg(callId: string): Promise<LegView> {
    return this.http.request('GET', `/sip/legs/${encodeURIComponent(callId)}`);
  }

  hangupLeg(callId: string): Promise<LegView> {
    return this.http.request('DELETE', `/sip/legs/${encodeURIComponent(callId)}`);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  get #t(): string {
    return encodeURIComponent(this.tenant);
  }
}
