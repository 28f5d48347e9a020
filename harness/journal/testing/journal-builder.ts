import type { JournalEntry, NewEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';

type WithoutStamp<E> = E extends unknown ? Omit<E, 'at' | 'tenant' | 'corr'> & { corr?: string } : never;

/**
 * Hand-written journals for tests: entries numbered in order, on a clock the
 * test moves with `after(ms)`, for one tenant unless an entry says otherwise.
 */
export class JournalBuilder {
  readonly entries: JournalEntry[] = [];
  #now: number;
  #corr = 0;

  constructor(
    readonly start = Date.UTC(2026, 10, 25, 12),
    readonly tenant: string | undefined = 't-acme',
  ) {
    this.#now = start;
  }

  /** Let `ms` pass on the tenant clock before the next entry. */
  after(ms: number): this {
    this.#now += ms;
    return this;
  }

  /** A fresh correlation id, as the simulator gives each request. */
  corr(): string {
    this.#corr++;
    return `c-${this.#corr}`;
  }

  /** `tenant` null: an entry no tenant could be told for. */
  add(entry: WithoutStamp<NewEntry>, tenant: string | null = this.tenant ?? null): JournalEntry {
    const full = {
      ...entry,
      corr: entry.corr ?? this.corr(),
      at: this.#now,
      tenant: tenant ?? undefined,
      seq: this.entries.length + 1,
    } as JournalEntry;
    this.entries.push(full);
    return full;
  }

  http(
    api: string,
    method: string,
    path: string,
    status: number,
    extra: Partial<HttpExtra> = {},
  ): JournalEntry {
    return this.add({ kind: 'http', api, method, path, status, ms: 1, remote: '127.0.0.1', ...extra });
  }

  sip(
    direction: 'in' | 'out',
    transport: string,
    firstLine: string,
    extra: {
      callId?: string;
      cseq?: string;
      agent?: number;
      remote?: string;
      corr?: string;
      fault?: string;
    } = {},
  ): JournalEntry {
    const remote = extra.remote ?? (transport === 'mem' ? 'customer' : '127.0.0.1:50412');
    return this.add({ kind: 'sip', direction, transport, firstLine, ...extra, remote });
  }

  event(workNo: string, eventType: string, corr?: string): JournalEntry {
    return this.add({ kind: 'event', workNo, eventType, corr });
  }

  state(
    entity: 'agent' | 'call' | 'registration' | 'session',
    id: string,
    from: string | undefined,
    to: string,
    corr?: string,
  ): JournalEntry {
    return this.add({ kind: 'state', entity, id, from, to, corr });
  }

  /** A long poll that came back empty. */
  quietPoll(workNo = '101'): JournalEntry {
    return this.http('agentevent.poll', 'GET', `/agentgateway/resource/agentevent/${workNo}`, 200, {
      code: '0',
      note: 'no event',
    });
  }
}

interface HttpExtra {
  code: string;
  note: string;
  fault: string;
  corr: string;
  ms: number;
}
