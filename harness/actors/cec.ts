import { answer, controlClient, type NodeControlClient } from '../../mock-cec/edges/control/client.ts';
import type {
  AgentView,
  BehaviourInput,
  CallView,
  FaultRule,
  FaultRuleFor,
  JournalEntry,
  JournalQuery,
  LegView,
  RecordingView,
  RegistrationView,
} from './control-types.ts';

export interface CecOptions {
  /** The simulator's base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  /** PEM of the CA to trust (mock-cec's development CA); the system store when absent. */
  ca?: string;
  /** The tenant space every call is about. */
  tenant: string;
}

/** Something that can be read again for the newest journal entries (what live matchers poll). */
export interface JournalSource {
  entries(): Promise<JournalEntry[]>;
  describe(): string;
}

/**
 * The simulated CEC's control API for one tenant, over the one typed client
 * (mock-cec/edges/control/client.ts): faults, clock, journal, agents, calls and the
 * SIP side. A refusal is thrown as a ControlApiError with the simulator's own
 * code and message. The fixtures, the actors and the scenario runner use it.
 */
export class Cec {
  readonly tenant: string;
  readonly client: NodeControlClient;

  constructor(o: CecOptions) {
    this.tenant = o.tenant;
    this.client = controlClient({ url: o.url, ca: o.ca });
  }

  get url(): string {
    return this.client.url;
  }

  get #api() {
    return this.client.api;
  }

  // Faults
  addFault(rule: FaultRuleFor): Promise<FaultRule> {
    return answer(() => this.#api.faults.$post({ json: { ...rule, tenant: this.tenant } }), 'POST /faults');
  }

  async clearFaults(): Promise<number> {
    const q = { tenant: this.tenant };
    return (await answer(() => this.#api.faults.$delete({ query: q }), 'DELETE /faults')).removed;
  }

  async faults(): Promise<(FaultRule & { matched: number; applied: number })[]> {
    const q = { tenant: this.tenant };
    return (await answer(() => this.#api.faults.$get({ query: q }), 'GET /faults')).faults as (FaultRule & {
      matched: number;
      applied: number;
    })[];
  }

  // Clock
  advanceClock(ms: number): Promise<{ now: number; offsetMs: number }> {
    return answer(
      () => this.#api.tenants[':id'].clock.$post({ param: { id: this.tenant }, json: { advanceMs: ms } }),
      'POST /tenants/{id}/clock',
    );
  }

  // Journal
  /**
   * This tenant's entries, and those no tenant could be told for (a TokenByAkSk
   * with an unknown app key names none). On a simulator shared by several
   * workers those of no tenant may be another test's: matchers look for this
   * tenant's own entries.
   */
  async journal(q: JournalQuery = {}): Promise<JournalEntry[]> {
    const query = {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.since !== undefined ? { since: String(q.since) } : {}),
    };
    const all = await answer(() => this.#api.journal.$get({ query }), 'GET /journal');
    if (typeof all === 'string') throw new Error('GET /journal answered NDJSON where JSON was asked for');
    // The record declares the fields every entry has; each kind's own are journal.ts's types.
    const mine = (all.entries as unknown as JournalEntry[]).filter(
      (e) => e.tenant === this.tenant || e.tenant === undefined,
    );
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
    const page = await answer(() => this.#api.journal.$get({ query: { limit: '0' } }), 'GET /journal');
    if (typeof page === 'string') throw new Error('GET /journal answered NDJSON where JSON was asked for');
    return page.total;
  }

  /** Write a control entry (a test's step mark) into the journal; returns its sequence number. */
  async mark(action: string, detail?: string): Promise<number> {
    const json = { tenant: this.tenant, action, detail };
    return (await answer(() => this.#api.journal.$post({ json }), 'POST /journal')).seq;
  }

  // Agents and calls
  async agents(): Promise<AgentView[]> {
    const param = { id: this.tenant };
    return (await answer(() => this.#api.tenants[':id'].agents.$get({ param }), 'GET /tenants/{id}/agents'))
      .agents as AgentView[];
  }

  async agent(workNo: number): Promise<AgentView | undefined> {
    return (await this.agents()).find((a) => a.workNo === workNo);
  }

  /** A customer calls a skill queue (the ACD picks the agent). */
  placeCall(
    call: {
      skillId?: number;
      from?: string;
      to?: string;
      behaviour?: BehaviourInput;
      callData?: string;
    } = {},
  ): Promise<CallView> {
    const json = { tenant: this.tenant, ...call };
    return answer(() => this.#api.calls.$post({ json }), 'POST /calls');
  }

  async calls(): Promise<CallView[]> {
    const query = { tenant: this.tenant };
    return (await answer(() => this.#api.calls.$get({ query }), 'GET /calls')).calls;
  }

  /** The customer hangs up (or gives up while queued). */
  hangupCall(id: string): Promise<CallView> {
    const args = { param: { id }, query: { tenant: this.tenant } };
    return answer(() => this.#api.calls[':id'].$delete(args), 'DELETE /calls/{id}');
  }

  /** A call's recordings (none when the tenant does not record). */
  async recordings(callId: string): Promise<RecordingView[]> {
    const param = { id: this.tenant, callId };
    return (
      await answer(
        () => this.#api.tenants[':id'].calls[':callId'].recordings.$get({ param }),
        'GET /tenants/{id}/calls/{callId}/recordings',
      )
    ).recordings;
  }

  /** One recording as the WAV the control API serves. */
  async recordingWav(callId: string, recordingId: string): Promise<Uint8Array> {
    const param = { id: this.tenant, callId, recordingId };
    const res = await this.#api.tenants[':id'].calls[':callId'].recordings[':recordingId'].$get({ param });
    if (!res.ok) throw new Error(`GET recording ${recordingId}: ${res.status} ${await res.text()}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  // The SIP side
  async registrations(): Promise<RegistrationView[]> {
    const query = { tenant: this.tenant };
    return (await answer(() => this.#api.sip.registrations.$get({ query }), 'GET /sip/registrations'))
      .registrations;
  }

  /** The simulated customer calls an agent's softphone directly. */
  dial(
    to: { workNo: number } | { toSipAccount: string },
    o: { from?: string; behaviour?: BehaviourInput } = {},
  ): Promise<LegView> {
    const json = { tenant: this.tenant, ...to, ...o };
    return answer(() => this.#api.sip.dial.$post({ json }), 'POST /sip/dial');
  }

  async legs(): Promise<LegView[]> {
    const query = { tenant: this.tenant };
    return (await answer(() => this.#api.sip.legs.$get({ query }), 'GET /sip/legs')).legs;
  }

  leg(callId: string): Promise<LegView> {
    return answer(() => this.#api.sip.legs[':callId'].$get({ param: { callId } }), 'GET /sip/legs/{callId}');
  }

  hangupLeg(callId: string): Promise<LegView> {
    return answer(
      () => this.#api.sip.legs[':callId'].$delete({ param: { callId } }),
      'DELETE /sip/legs/{callId}',
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
