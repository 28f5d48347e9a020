import { Columns, type Layout } from './columns.ts';
import { PackedEntries } from './packed-entries.ts';

/**
 * The journal: an append-only record of what the simulator did — every HTTP and
 * SIP exchange, callback and state change — for users, reports and replays. It
 * is not the diagnostic log. Entries carry the tenant's clock time and a
 * correlation id; sequence numbers make the order total.
 */

interface Base {
  seq: number;
  /** Epoch ms on the tenant's clock (or the simulator's when no tenant is known). */
  at: number;
  tenant?: string;
  corr: string;
}

export interface HttpEntry extends Base {
  kind: 'http';
  api: string;
  method: string;
  path: string;
  status: number;
  /** The vendor's result code when the response has one (retcode, error_code, retCode). */
  code?: string;
  ms: number;
  remote?: string;
  /** One line about what happened, e.g. "issued token for app …". */
  note?: string;
  /** Set when a fault rule shaped this exchange. */
  fault?: string;
}

export interface SipEntry extends Base {
  kind: 'sip';
  direction: 'in' | 'out';
  transport: string;
  remote: string;
  firstLine: string;
  callId?: string;
  cseq?: string;
  agent?: number;
  note?: string;
  fault?: string;
}

export interface StateEntry extends Base {
  kind: 'state';
  entity: 'agent' | 'call' | 'party' | 'registration' | 'token' | 'tenant' | 'session';
  id: string;
  from?: string;
  to: string;
  reason?: string;
}

export interface CallbackEntry extends Base {
  kind: 'callback';
  url: string;
  outcome: 'accepted' | 'refused' | 'failed';
  retCode?: unknown;
  reason: string;
  ms: number;
}

export interface FaultEntry extends Base {
  kind: 'fault';
  rule: string;
  action: string;
  target: string;
}

export interface ControlEntry extends Base {
  kind: 'control';
  action: string;
  detail?: string;
}

export interface MediaEntry extends Base {
  kind: 'media';
  callId: string;
  event: string;
  detail?: string;
}

export interface EventEntry extends Base {
  kind: 'event';
  workNo: string;
  eventType: string;
}

export type JournalEntry =
  | HttpEntry
  | SipEntry
  | StateEntry
  | CallbackEntry
  | FaultEntry
  | ControlEntry
  | MediaEntry
  | EventEntry;

export type JournalKind = JournalEntry['kind'];
export const journalKinds: readonly JournalKind[] = [
  'http',
  'sip',
  'state',
  'callback',
  'fault',
  'control',
  'media',
  'event',
];

/** What a writer supplies: everything but the sequence number. */
export type NewEntry = JournalEntry extends infer E
  ? E extends JournalEntry
    ? Omit<E, 'seq'>
    : never
  : never;

export interface JournalQuery {
  tenant?: string;
  kind?: JournalKind;
  /** Only entries with seq greater than this. */
  sinceSeq?: number;
  /** Only entries at or after this epoch ms. */
  sinceAt?: number;
  limit?: number;
}

/** Hears each entry as it is appended, with its JSON when the journal made it (to send on as it is). */
type Listener = (entry: JournalEntry, json?: string) => void;

/**
 * A writer that keeps its entries itself, compactly, and makes each into an
 * object only when it is read (`JournalTable`: decision record 006,
 * invariant 5). The journal
 * holds the store in the entry's slot; the entry's sequence number says which
 * one. Kind, time and tenant are answered without making the entry, so
 * queries filter first.
 */
export abstract class EntryStore {
  abstract kindOf(seq: number): JournalKind;
  abstract at(seq: number): number;
  abstract tenant(seq: number): string | undefined;
  /** Entry `seq`, made now (the journal keeps it in place of the store). */
  abstract entry(seq: number): NewEntry;
  /** The journal no longer keeps entry `seq` here (made an object, dropped, or its slot taken): let go of what it points at. */
  forget(_seq: number): void {}
}

/** What every row of a table has: the entry's time and tenant, answered to queries without making the entry. */
export interface TableRow {
  at: number;
  tenant: string | undefined;
}

/**
 * A kind of entry a writer journals often (every SIP message, every vendor
 * request, every registration): kept as rows in columns, and made into the
 * entry only when read. The writer names the row's fields once (`layout`)
 * and says how a row reads as an entry.
 */
export interface TableDef<R extends TableRow> {
  /** The kind of every row; absent, each row says its own in a `kind` field (the packed entries). */
  readonly kind?: JournalKind;
  readonly layout: Layout<R>;
  /** The entry `row` stands for, made when the journal is read (and at once for listeners). */
  entry(row: R): NewEntry;
  /** Bytes the rows point into beside the columns (the SIP messages' arena), for `Journal.memoryBytes`. */
  heldBytes?(): number;
}

/** The rows of one `TableDef` in a journal: `append` a row where others append an entry. */
export class JournalTable<R extends TableRow> extends EntryStore {
  readonly #columns: Columns<R>;
  /** Which entry each slot's row is, so that a slot written over since is told apart. */
  #seqs: Float64Array | undefined;

  constructor(
    private readonly journal: Journal,
    private readonly def: TableDef<R>,
  ) {
    super();
    this.#columns = new Columns(def.layout, journal.capacity);
  }

  /** Journal `row`; returns its sequence number. */
  append(row: R): number {
    const seq = this.place(row);
    this.journal.appendStored(this);
    return seq;
  }

  /** Write `row` in the slot of the journal's next entry, for the journal to append this table there itself. */
  place(row: R): number {
    const seq = this.journal.nextSeq;
    const i = (seq - 1) % this.journal.capacity;
    this.#columns.set(i, row);
    this.#seqs ??= new Float64Array(this.journal.capacity);
    this.#seqs[i] = seq;
    return seq;
  }

  /**
   * Fill in fields of entry `seq` known only after it was appended (what
   * handling a SIP message came to), before anyone reads it: inside
   * `Journal.quietly`, listeners hear the entry once the work is done.
   */
  amend(seq: number, patch: Partial<R>): void {
    if (this.holds(seq)) {
      const i = (seq - 1) % this.journal.capacity;
      for (const name in patch) this.#columns.put(i, name, patch[name] as R[typeof name]);
    } else this.journal.amend(seq, patch);
  }

  /** Whether entry `seq` is a row of this table still kept in it (not made into an object, nor dropped). */
  holds(seq: number): boolean {
    return this.#seqs?.[(seq - 1) % this.journal.capacity] === seq && this.journal.storedIn(seq, this);
  }

  /** One field of entry `seq`'s row (which `holds` says is there). */
  field<K extends keyof R>(seq: number, name: K): R[K] {
    return this.#columns.field((seq - 1) % this.journal.capacity, name);
  }

  /** Bytes this table takes: its columns, once made, and what its rows point into (`heldBytes`). */
  get bytes(): number {
    // The sequence numbers are a Float64Array written slot by slot with the columns: resident as written.
    return this.#columns.bytes + this.#columns.touched * 8 + (this.def.heldBytes?.() ?? 0);
  }

  /** Make entry `seq` an object now, if the table still holds it: before a writer lets go of what its row points at. */
  settle(seq: number): void {
    this.journal.settle(seq, this);
  }

  override forget(seq: number): void {
    const i = (seq - 1) % this.journal.capacity;
    if (this.#seqs?.[i] === seq) this.#columns.clear(i);
  }

  override kindOf(seq: number): JournalKind {
    return this.def.kind ?? (this.field(seq, 'kind' as keyof R) as JournalKind);
  }

  override at(seq: number): number {
    return this.field(seq, 'at');
  }

  override tenant(seq: number): string | undefined {
    return this.field(seq, 'tenant');
  }

  override entry(seq: number): NewEntry {
    return this.def.entry(this.#columns.get((seq - 1) % this.journal.capacity));
  }
}

/** A free-text field (a mark's `detail`, a `note`) longer than this is cut, and says so. */
export const MAX_TEXT_CHARS = 64 * 1024;
/** The journal's default budget of (estimated) bytes for the entries it keeps as objects. */
export const DEFAULT_MAX_BYTES = 48 * 1024 * 1024;

/**
 * A bounded ring: the newest `capacity` entries are kept, and no more than
 * `maxBytes` of entries kept as objects (an estimate: a few big marks must not
 * take the memory a hundred thousand small entries would, issue 14), so a long
 * benchmark cannot grow memory without end. `dropped` tells how many were
 * overwritten or let go, oldest first.
 */
export class Journal {
  #ring: (JournalEntry | EntryStore | undefined)[];
  /** The estimated size of each slot's object entry (0 for a store's). */
  readonly #sizes: Uint32Array;
  #bytes = 0;
  /** Entries let go for bytes: the first `#evicted` are gone even when the ring has not wrapped yet. */
  #evicted = 0;
  #next = 0;
  #listeners = new Set<Listener>();
  /** Inside `quietly`: how deep, and the entries appended meanwhile that listeners have yet to hear. */
  #quiet = 0;
  #untold: number[] = [];
  readonly #tables = new Map<object, unknown>();
  /** Where the entries appended as objects are kept, as JSON; made at the first. */
  #packed: PackedEntries | undefined;

  constructor(
    readonly capacity = 100_000,
    readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    this.#ring = new Array(capacity);
    this.#sizes = new Uint32Array(capacity);
  }

  /** The table of `def` in this journal, made at its first use. */
  table<R extends TableRow>(def: TableDef<R>): JournalTable<R> {
    let table = this.#tables.get(def) as JournalTable<R> | undefined;
    if (!table) {
      table = new JournalTable(this, def);
      this.#tables.set(def, table);
    }
    return table;
  }

  /**
   * Journal `entry`, numbered in place; returns it. The journal keeps its JSON
   * (`PackedEntries`), or, when it is too long for that, the object itself;
   * either way listeners hear the writer's object.
   */
  append(entry: NewEntry): JournalEntry {
    const full = entry as JournalEntry;
    full.seq = this.#next + 1;
    const size = entrySize(full); // cuts long text first
    this.#packed ??= new PackedEntries(this);
    const json = this.#packed.pack(full);
    if (json !== undefined) this.#put(this.#packed.store, 0);
    else this.#put(full, size);
    if (this.#quiet > 0) {
      if (this.#listeners.size > 0) this.#untold.push(full.seq);
    } else for (const l of this.#listeners) l(full, json);
    return full;
  }

  /**
   * Run `work`; listeners hear what it appends only when it is done, in order.
   * So a cause can be journaled first and what it came to filled in after
   * (`amend`), before anyone reads it: a SIP message before the answers and
   * state changes it causes, a control action before its effects.
   */
  quietly<T>(work: () => T): T {
    this.#quiet++;
    try {
      return work();
    } finally {
      if (--this.#quiet === 0 && this.#untold.length > 0) this.#tellUntold();
    }
  }

  /**
   * Fill in fields of entry `seq`, if it is still kept: an entry appended as
   * an object is made one again (amends are few: a control action's outcome),
   * a table's row is `JournalTable.amend`'s.
   */
  amend(seq: number, patch: object): void {
    if (seq <= this.dropped || seq > this.#next) return;
    const i = (seq - 1) % this.capacity;
    let e = this.#ring[i];
    if (e !== undefined && e === this.#packed?.store) e = this.#made(e, seq);
    if (e === undefined || e instanceof EntryStore) return;
    Object.assign(e, patch);
    // What was filled in is cut and counted as what was appended is.
    this.#resize(i, entrySize(e));
    this.#keepBudget();
  }

  /** Slot `i`'s entry is `size` bytes now (the callers keep the budget). */
  #resize(i: number, size: number): void {
    this.#bytes += size - this.#sizes[i]!;
    this.#sizes[i] = size;
  }

  #tellUntold(): void {
    const seqs = this.#untold;
    this.#untold = [];
    for (const seq of seqs) {
      if (seq <= this.dropped) continue;
      const e = this.#ring[(seq - 1) % this.capacity]!;
      // Made for the listeners only: the store keeps the entry, and this object dies young.
      const entry = e instanceof EntryStore ? this.#fresh(e, seq) : e;
      for (const l of this.#listeners) l(entry);
    }
    this.#keepBudget();
  }

  /** Fill the next slot, letting go of what it held and, past the byte budget, of the oldest entries. */
  #put(e: JournalEntry | EntryStore, size: number): void {
    const i = this.#next % this.capacity;
    const was = this.#ring[i];
    // The entry a capacity ago, dropped now: its store lets go of its row (unless the store's new row is there already).
    if (was !== e && was instanceof EntryStore) was.forget(this.#next + 1 - this.capacity);
    this.#resize(i, size);
    this.#ring[i] = e;
    this.#next++;
    this.#keepBudget();
  }

  #keepBudget(): void {
    if (this.#bytes > this.maxBytes) this.#evict();
  }

  #evict(): void {
    let first = Math.max(this.#evicted, this.#next - this.capacity);
    // The newest entry stays, whatever its size.
    while (this.#bytes > this.maxBytes && first < this.#next - 1) {
      const i = first % this.capacity;
      const was = this.#ring[i];
      if (was instanceof EntryStore) was.forget(first + 1);
      this.#bytes -= this.#sizes[i]!;
      this.#sizes[i] = 0;
      this.#ring[i] = undefined;
      first++;
    }
    this.#evicted = first;
  }

  /** Estimated bytes of the entries kept as objects (appended so, or made from a table's row when read). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Estimated bytes the journal holds in all: its entries kept as objects,
   * its tables' columns and what their rows point into, and its ring. What a
   * memory figure of the simulator owes to the journal (the soak reports it
   * beside RSS).
   */
  get memoryBytes(): number {
    let tables = 0;
    for (const t of this.#tables.values()) tables += (t as JournalTable<TableRow>).bytes;
    // The ring's references are filled when it is made; the sizes are a Uint32Array, resident as written.
    return this.#bytes + tables + this.capacity * 8 + Math.min(this.#next, this.capacity) * 4;
  }

  /** The sequence number the next entry will get (a store fills its columns for it first). */
  get nextSeq(): number {
    return this.#next + 1;
  }

  /** Append the entry `store` holds for `nextSeq` (made at once when someone listens). */
  appendStored(store: EntryStore): void {
    if (this.#listeners.size > 0 && this.#quiet === 0) {
      const seq = this.#next + 1;
      this.append(store.entry(seq));
      store.forget(seq); // the entry is kept as appended, not as the store's row
      return;
    }
    this.#put(store, 0); // its columns are sized by the capacity already
    if (this.#listeners.size > 0) this.#untold.push(this.#next);
  }

  /** Make entry `seq` an object now if `store` still holds it (before the store lets its data go). */
  settle(seq: number, store: EntryStore): void {
    if (this.storedIn(seq, store)) {
      this.#made(store, seq);
      this.#keepBudget();
    }
  }

  /** Whether entry `seq` is kept, and kept by `store` (not made into an object yet). */
  storedIn(seq: number, store: EntryStore): boolean {
    return seq > this.dropped && seq <= this.#next && this.#ring[(seq - 1) % this.capacity] === store;
  }

  /** Total entries ever appended. */
  get count(): number {
    return this.#next;
  }

  get dropped(): number {
    return Math.max(this.#evicted, this.#next - this.capacity);
  }

  query(q: JournalQuery = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const first = Math.max(this.dropped, q.sinceSeq ?? 0);
    for (let i = first; i < this.#next; i++) {
      const e = this.#ring[i % this.capacity]!;
      if (e instanceof EntryStore) {
        const seq = i + 1;
        if (q.tenant !== undefined && e.tenant(seq) !== q.tenant) continue;
        if (q.kind !== undefined && e.kindOf(seq) !== q.kind) continue;
        if (q.sinceAt !== undefined && e.at(seq) < q.sinceAt) continue;
        out.push(this.#made(e, seq));
      } else {
        if (q.tenant !== undefined && e.tenant !== q.tenant) continue;
        if (q.kind !== undefined && e.kind !== q.kind) continue;
        if (q.sinceAt !== undefined && e.at < q.sinceAt) continue;
        out.push(e);
      }
      if (q.limit !== undefined && out.length >= q.limit) break;
    }
    // Not while reading the ring: letting entries go empties the slots read.
    this.#keepBudget();
    return out;
  }

  /** Entry `seq` made from `store`'s row, kept in its place, and counted against the byte budget as any entry. */
  #made(store: EntryStore, seq: number): JournalEntry {
    const full = this.#fresh(store, seq);
    store.forget(seq);
    const i = (seq - 1) % this.capacity;
    this.#ring[i] = full;
    this.#resize(i, entrySize(full));
    return full;
  }

  /** Entry `seq` made from `store`'s row, numbered, and not kept. */
  #fresh(store: EntryStore, seq: number): JournalEntry {
    const full = store.entry(seq) as JournalEntry;
    full.seq = seq;
    return full;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * An entry's size, estimated cheaply on every append: a fixed part for the
 * object and 8 bytes a field, plus each string's length. A free-text field
 * over MAX_TEXT_CHARS is cut first.
 */
function entrySize(e: JournalEntry): number {
  let n = 64;
  for (const key in e) {
    const v = (e as unknown as Record<string, unknown>)[key];
    if (typeof v !== 'string') n += 8;
    else {
      if (v.length > MAX_TEXT_CHARS) (e as unknown as Record<string, unknown>)[key] = cut(v);
      n += 24 + Math.min(v.length, MAX_TEXT_CHARS + 40);
    }
  }
  return n;
}

const cut = (text: string) =>
  `${text.slice(0, MAX_TEXT_CHARS)}… (${text.length - MAX_TEXT_CHARS} more characters cut)`;

export function toNdjson(entries: readonly JournalEntry[]): string {
  let out = '';
  for (const e of entries) out += `${JSON.stringify(e)}\n`;
  return out;
}
