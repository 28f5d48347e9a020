import type { Layout } from './columns.ts';
import type { EntryStore, Journal, JournalEntry, JournalKind, NewEntry } from './journal.ts';
import { type ArenaRow, JournalArena } from './journal-arena.ts';

/** An entry appended as an object, as the packed store keeps it: its JSON's place in the arena. */
interface PackedRow extends ArenaRow {
  kind: JournalKind;
}

const packedLayout: Layout<PackedRow> = {
  at: 'number',
  tenant: 'value',
  kind: 'value',
  pos: 'number',
  len: 'number',
};

/** The arena's bytes per journal slot: an agent's or a call's change is 150–250 bytes of JSON. */
const BYTES_PER_ENTRY = 256;
/** Longer entries (a big mark's detail) stay objects, counted against the journal's byte budget. */
const MAX_PACKED_BYTES = 4096;

/**
 * The entries writers append as objects (agent and call changes, events, the
 * customer's notes, control actions), kept as their JSON in an arena of bytes
 * and parsed again only when read. Kept as objects, they lived as long as the
 * journal keeps them (two minutes at a 20,000-entry journal under the soak's
 * load): long enough to be promoted, then to die in V8's old space, whose
 * pages stay while one object on them lives; that reserve grew +1.6 MB/min
 * over the soak's second half (docs/benchmarks.md, "Whose reserve"). As JSON
 * the writer's object dies young, and the arena is one Buffer, off the heap.
 *
 * An entry is written as `JSON.stringify` gives it, with its `seq`, so it
 * reads back with its fields in the writer's order (same seed, same journal:
 * decision record 005). Its kind, time and tenant are in the row, so queries
 * filter without parsing.
 */
export class PackedEntries {
  readonly #arena: JournalArena<PackedRow>;
  readonly #largest: number;

  constructor(journal: Journal, bytesPerEntry = BYTES_PER_ENTRY) {
    const size = Math.max(journal.capacity * bytesPerEntry, 1 << 16);
    this.#largest = Math.min(MAX_PACKED_BYTES, size >> 4);
    this.#arena = new JournalArena(journal, { layout: packedLayout, entry: (r) => this.#entry(r) }, size);
  }

  /** The store that holds the packed entries in the journal's ring. */
  get store(): EntryStore {
    return this.#arena.table;
  }

  /**
   * Keep `entry` (numbered: the journal's next) as JSON, its row in the slot
   * of its sequence number; the journal then appends the store. Returns the
   * JSON (listeners may send it on as it is), or undefined when the entry
   * stays an object: too long, or not JSON.
   */
  pack(entry: JournalEntry): string | undefined {
    let json: string;
    try {
      json = JSON.stringify(entry);
    } catch {
      return undefined; // a BigInt or a cycle in a `retCode` the writer passed on: kept as it is
    }
    const len = Buffer.byteLength(json);
    if (len > this.#largest) return undefined;
    this.#arena.reserve(len);
    const pos = this.#arena.bytes.writeText(json, len);
    this.#arena.table.place({ at: entry.at, tenant: entry.tenant, kind: entry.kind, pos, len });
    return json;
  }

  #entry(r: PackedRow): NewEntry {
    const json = this.#arena.bytes.readText(r.pos, r.len);
    // `reserve` makes every held entry an object before its bytes are written over.
    if (json === undefined) throw new Error(`journal: a packed ${r.kind} entry's bytes were written over`);
    return JSON.parse(json) as NewEntry;
  }
}
