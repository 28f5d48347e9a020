import type { HttpEntry, Journal, JournalTable, TableDef } from './journal.ts';

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

/** An exchange as its table keeps it: a counter's correlation id as its number ("c42": 42), so no string a request stays alive. */
interface HttpRow {
  at: number;
  tenant: string | undefined;
  ms: number;
  status: number;
  /** The number of a counter's correlation id; else 0, and `corr` holds it. */
  corrNo: number;
  corr: string | undefined;
  api: string;
  method: string;
  path: string;
  code: string | undefined;
  remote: string | undefined;
  note: string | undefined;
  fault: string | undefined;
}

/**
 * The `http` entries of the vendor APIs, kept as rows of a journal table and
 * made into objects only when read: one entry object a request, kept for the
 * journal's whole length, was most of the simulator's memory after a
 * benchmark (decision record 006). The rows hold numbers unboxed and
 * otherwise references to strings that live anyway (the route's name and
 * method, a path the route spells the same, the tenant's id, a note equal to
 * a recent one).
 */
const httpTable: TableDef<HttpRow> = {
  kind: 'http',
  layout: {
    at: 'number',
    tenant: 'value',
    ms: 'number',
    status: 'number',
    corrNo: 'number',
    corr: 'value',
    api: 'value',
    method: 'value',
    path: 'value',
    code: 'value',
    remote: 'value',
    note: 'value',
    fault: 'value',
  },
  entry: (r): Omit<HttpEntry, 'seq'> => ({
    kind: 'http',
    at: r.at,
    tenant: r.tenant,
    corr: r.corr ?? `c${r.corrNo}`,
    api: r.api,
    method: r.method,
    path: r.path,
    status: r.status,
    code: r.code,
    ms: r.ms,
    remote: r.remote,
    note: r.note,
    fault: r.fault,
  }),
};

/** The HTTP exchanges of a journal (`httpJournalOf`). */
export class HttpJournal {
  readonly #table: JournalTable<HttpRow>;
  /** Notes seen lately, so that equal notes ("token for app …, 3600s" on every request) share one string. */
  #notes = new Map<string, string>();

  constructor(journal: Journal) {
    this.#table = journal.table(httpTable);
  }

  /** Journal one exchange; `knownPaths`: the route's own spellings, kept instead of an equal copy. */
  write(x: HttpExchange, knownPaths: readonly string[]): void {
    const n = x.corr.charCodeAt(0) === 99 /* c */ ? Number(x.corr.slice(1)) : Number.NaN;
    const counted = Number.isSafeInteger(n) && n > 0 && `c${n}` === x.corr;
    const known = knownPaths.indexOf(x.path);
    this.#table.append({
      at: x.at,
      tenant: x.tenant,
      ms: x.ms,
      status: x.status,
      corrNo: counted ? n : 0,
      corr: counted ? undefined : x.corr,
      api: x.api,
      method: x.method,
      path: known === -1 ? x.path : knownPaths[known]!,
      code: x.code,
      remote: x.remote,
      note: x.note === undefined ? undefined : this.#shared(x.note),
      fault: x.fault,
    });
  }

  #shared(note: string): string {
    const known = this.#notes.get(note);
    if (known !== undefined) return known;
    if (this.#notes.size >= 4096) this.#notes = new Map(); // notes of many kinds: start over, bounded
    this.#notes.set(note, note);
    return note;
  }
}

const writers = new WeakMap<Journal, HttpJournal>();

/** The journal's HTTP writer, made at its first exchange (a simulator without HTTP traffic spends nothing). */
export function httpJournalOf(journal: Journal): HttpJournal {
  let writer = writers.get(journal);
  if (!writer) {
    writer = new HttpJournal(journal);
    writers.set(journal, writer);
  }
  return writer;
}
