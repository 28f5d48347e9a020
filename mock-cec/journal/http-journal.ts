import { EntryStore, type HttpEntry, type Journal, type NewEntry } from './journal.ts';

/** What one vendor exchange leaves in the journal. */
export interface HttpExchange {
  at: number;
  tenant: string | undefined;
  corr: string;
  api: string;
  method: string;
  path: string;
  status: number;
  code: string | undefined;
  ms: number;
  remote: string | undefined;
  note: string | undefined;
  fault: string | undefined;
}

/**
 * The `http` entries of the vendor APIs, kept in columns like the SIP journal's
 * and made into objects only when read. One entry object a request, kept for
 * the journal's whole length, was most of the simulator's memory after a
 * benchmark (100,000 of them; issue 14): the columns keep the numbers unboxed
 * (the correlation id's too) and otherwise references to strings that live
 * anyway (the route's name and method, a path the route spells the same, the
 * tenant's id, a note equal to a recent one).
 */
export class HttpJournal extends EntryStore {
  readonly kind = 'http';
  readonly #cap: number;
  readonly #at: Float64Array;
  readonly #ms: Float64Array;
  readonly #status: Uint16Array;
  readonly #tenant: (string | undefined)[];
  /** The number of a counter's correlation id ("c42": 42), so no string a request stays alive; else 0. */
  readonly #corrNo: Float64Array;
  /** A correlation id that is not a counter's. */
  readonly #corr: (string | undefined)[];
  readonly #api: (string | undefined)[];
  readonly #method: (string | undefined)[];
  readonly #path: (string | undefined)[];
  readonly #code: (string | undefined)[];
  readonly #remote: (string | undefined)[];
  readonly #note: (string | undefined)[];
  readonly #fault: (string | undefined)[];
  /** Notes seen lately, so that equal notes ("token for app …, 3600s" on every request) share one string. */
  #notes = new Map<string, string>();

  constructor(private readonly journal: Journal) {
    super();
    const cap = journal.capacity;
    this.#cap = cap;
    this.#at = new Float64Array(cap);
    this.#ms = new Float64Array(cap);
    this.#status = new Uint16Array(cap);
    this.#tenant = new Array(cap);
    this.#corrNo = new Float64Array(cap);
    this.#corr = new Array(cap);
    this.#api = new Array(cap);
    this.#method = new Array(cap);
    this.#path = new Array(cap);
    this.#code = new Array(cap);
    this.#remote = new Array(cap);
    this.#note = new Array(cap);
    this.#fault = new Array(cap);
  }

  /** Journal one exchange; `knownPaths`: the route's own spellings, kept instead of an equal copy. */
  write(x: HttpExchange, knownPaths: readonly string[]): void {
    const i = (this.journal.nextSeq - 1) % this.#cap;
    this.#at[i] = x.at;
    this.#ms[i] = x.ms;
    this.#status[i] = x.status;
    this.#tenant[i] = x.tenant;
    const n = x.corr.charCodeAt(0) === 99 /* c */ ? Number(x.corr.slice(1)) : Number.NaN;
    const counted = Number.isSafeInteger(n) && n > 0 && `c${n}` === x.corr;
    this.#corrNo[i] = counted ? n : 0;
    this.#corr[i] = counted ? undefined : x.corr;
    this.#api[i] = x.api;
    this.#method[i] = x.method;
    const known = knownPaths.indexOf(x.path);
    this.#path[i] = known === -1 ? x.path : knownPaths[known];
    this.#code[i] = x.code;
    this.#remote[i] = x.remote;
    this.#note[i] = x.note === undefined ? undefined : this.#shared(x.note);
    this.#fault[i] = x.fault;
    this.journal.appendStored(this);
  }

  #shared(note: string): string {
    const known = this.#notes.get(note);
    if (known !== undefined) return known;
    if (this.#notes.size >= 4096) this.#notes = new Map(); // notes of many kinds: start over, bounded
    this.#notes.set(note, note);
    return note;
  }

  override at(seq: number): number {
    return this.#at[(seq - 1) % this.#cap]!;
  }

  override tenant(seq: number): string | undefined {
    return this.#tenant[(seq - 1) % this.#cap];
  }

  override entry(seq: number): NewEntry {
    const i = (seq - 1) % this.#cap;
    const e: Omit<HttpEntry, 'seq'> = {
      kind: 'http',
      at: this.#at[i]!,
      tenant: this.#tenant[i],
      corr: this.#corr[i] ?? `c${this.#corrNo[i]}`,
      api: this.#api[i]!,
      method: this.#method[i]!,
      path: this.#path[i]!,
      status: this.#status[i]!,
      code: this.#code[i],
      ms: this.#ms[i]!,
      remote: this.#remote[i],
      note: this.#note[i],
      fault: this.#fault[i],
    };
    return e;
  }
}

const stores = new WeakMap<Journal, HttpJournal>();

/** The journal's HTTP store, made at its first exchange (a simulator without HTTP traffic spends nothing). */
export function httpJournalOf(journal: Journal): HttpJournal {
  let store = stores.get(journal);
  if (!store) {
    store = new HttpJournal(journal);
    stores.set(journal, store);
  }
  return store;
}
