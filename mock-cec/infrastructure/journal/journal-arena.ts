import { ByteRing } from '../primitives/byte-ring.ts';
import type { Journal, JournalTable, TableDef, TableRow } from './journal.ts';

/** A row whose entry is read from bytes in an arena: where they are. */
export interface ArenaRow extends TableRow {
  /** Absolute position and length of the row's bytes in the arena (`ByteRing`). */
  pos: number;
  len: number;
}

/**
 * A journal table whose rows point into an arena of bytes of its own (the SIP
 * messages as they went on the wire; the entries appended as objects, as
 * JSON): decision record 006, invariant 5. The arena goes round and round, so
 * before a write lands on bytes the journal still holds, their entries are
 * made into objects (`reserve`): the journal keeps its newest entries
 * whatever the arena's size.
 */
export class JournalArena<R extends ArenaRow> {
  readonly table: JournalTable<R>;
  readonly bytes: ByteRing;
  /** The oldest entry whose bytes may still be in the arena. */
  #spillFrom = 1;
  /**
   * Where the bytes of entry `#spillFrom` start, when it was found held: no entry from there on starts
   * before (positions grow with the entries), so a write that loses less looks no further.
   */
  #spillAt = 0;

  constructor(
    private readonly journal: Journal,
    def: Omit<TableDef<R>, 'heldBytes'>,
    size: number,
  ) {
    this.bytes = new ByteRing(size);
    // A table of this arena's own: its rows point into these bytes.
    this.table = journal.table({ ...def, heldBytes: () => this.bytes.used });
  }

  /** Make the entries whose bytes a write of `length` bytes, next, would write over. */
  reserve(length: number): void {
    const lost = this.bytes.startFor(length) + length - this.bytes.size;
    if (lost <= this.#spillAt) return;
    const next = this.journal.nextSeq;
    let seq = Math.max(this.#spillFrom, this.journal.dropped + 1);
    let at = lost;
    for (; seq < next; seq++) {
      if (!this.table.holds(seq)) continue;
      const pos = this.table.field(seq, 'pos');
      if (pos >= lost) {
        at = pos;
        break;
      }
      this.table.settle(seq);
    }
    this.#spillFrom = seq;
    // None held from `seq` on: what the next writes lose starts past what this one lost.
    this.#spillAt = at;
  }
}
