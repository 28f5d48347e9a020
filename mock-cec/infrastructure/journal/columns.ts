/**
 * Rows kept in columns: one typed array or plain array per field, indexed by
 * slot, instead of one object per row. A field declared `number` is kept
 * unboxed (a Float64Array: no object, and nothing for the garbage collector
 * to trace); any other field by reference. Why the journal keeps its busiest
 * entries this way: decision record 006.
 *
 * The layout names every field of the row once; adding a field to a row is
 * one more line in its layout, not one more array to declare, size and fill.
 */

/** `number`: a number always present, kept unboxed. `value`: anything else (strings, objects, optional numbers). */
export type ColumnKind = 'number' | 'value';

/** Every field of `R`, with how it is kept; `number` only for fields that are always a number. */
export type Layout<R> = {
  readonly [K in keyof R]-?: [R[K]] extends [number] ? ColumnKind : 'value';
};

/** Writes a row's fields into the columns (each field's column in layout order), at slot `i`. */
export type RowSetter<R> = (columns: (Float64Array | unknown[])[], i: number, row: R) => void;

/** The plain version: a loop over the field names. */
export function plainSetter<R>(names: readonly (keyof R)[]): RowSetter<R> {
  return (columns, i, row) => {
    for (let k = 0; k < names.length; k++) columns[k]![i] = row[names[k]!];
  };
}

/**
 * The same, written out once for a layout (`new Function`, made when a table
 * is made): a read of each field by its name from rows that all have the
 * writer's one shape is a single load in V8, where the loop's `row[names[k]]`
 * is a keyed load that meets every field name, and across tables every row
 * shape. Every SIP message and registration is a row (decision record 006,
 * invariant 5); the test holds this to `plainSetter`. Names that are not
 * plain identifiers take the loop.
 */
export function layoutSetter<R>(names: readonly (keyof R)[]): RowSetter<R> {
  if (!names.every((n) => typeof n === 'string' && IDENTIFIER.test(n))) return plainSetter(names);
  const body = names.map((n, k) => `c[${k}][i] = r.${String(n)};`).join('\n');
  return new Function('c', 'i', 'r', body) as RowSetter<R>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class Columns<R extends object> {
  readonly #names: (keyof R)[];
  readonly #set: RowSetter<R>;
  readonly #kinds: ColumnKind[];
  /** The columns kept by reference (`value`), which `clear` empties. */
  readonly #references: number[];
  readonly #index = new Map<keyof R, number>();
  /** Made at the first row: a table nobody writes to costs no memory. */
  #columns: (Float64Array | unknown[])[] | undefined;
  /** Slots written at least once (they are written in order, round and round). */
  #touched = 0;

  constructor(
    layout: Layout<R>,
    readonly capacity: number,
  ) {
    this.#names = Object.keys(layout) as (keyof R)[];
    this.#kinds = this.#names.map((n) => layout[n] as ColumnKind);
    this.#references = this.#kinds.flatMap((kind, k) => (kind === 'value' ? [k] : []));
    this.#names.forEach((n, k) => {
      this.#index.set(n, k);
    });
    this.#set = layoutSetter(this.#names);
  }

  /**
   * Bytes the columns take in memory (8 a slot and field: a double, or a
   * reference); 0 before the first row. An array of references is filled
   * when made, so it counts whole; a Float64Array's pages are the system's
   * zeroed pages until written, so it counts the slots written so far (it
   * counted whole from the first row, so the soak's "RSS less the journal"
   * rose as the journal filled its columns' pages).
   */
  get bytes(): number {
    if (!this.#columns) return 0;
    let bytes = 0;
    for (const c of this.#columns) bytes += (c instanceof Float64Array ? this.#touched : this.capacity) * 8;
    return bytes;
  }

  /** Slots written at least once. */
  get touched(): number {
    return this.#touched;
  }

  /** Keep `row` in slot `i` (its fields are copied; the row object itself is not kept). */
  set(i: number, row: R): void {
    this.#columns ??= this.#kinds.map((k) =>
      k === 'number' ? new Float64Array(this.capacity) : new Array(this.capacity),
    );
    this.#set(this.#columns, i, row);
    if (i >= this.#touched) this.#touched = i + 1;
  }

  /**
   * Let go of what the row in slot `i` points at (its fields kept by
   * reference): the slot's entry is no longer this table's row, and a
   * reference left in a column would keep its string or object alive until
   * this table writes the slot again (issue 14: the HTTP rows' paths piled up
   * in slots other kinds had taken over).
   */
  clear(i: number): void {
    const columns = this.#columns;
    if (!columns) return;
    for (const k of this.#references) (columns[k] as unknown[])[i] = undefined;
  }

  /** Change one field of the row in slot `i`. */
  put<K extends keyof R>(i: number, name: K, value: R[K]): void {
    const column = this.#columns?.[this.#index.get(name)!];
    if (column) column[i] = value as never;
  }

  /** The row in slot `i`, made now. */
  get(i: number): R {
    const row = {} as Record<keyof R, unknown>;
    const columns = this.#columns;
    this.#names.forEach((n, k) => {
      row[n] = columns?.[k]?.[i];
    });
    return row as R;
  }

  /** One field of the row in slot `i`, without making the row. */
  field<K extends keyof R>(i: number, name: K): R[K] {
    return this.#columns?.[this.#index.get(name)!]?.[i] as R[K];
  }
}
