import { describe, expect, it } from 'vitest';
import { EntryStore, Journal, type NewEntry, toNdjson } from './journal.ts';

const control = (tenant: string, action: string) =>
  ({ kind: 'control', at: 1, tenant, corr: 'c', action }) as const;

describe('Journal', () => {
  it('numbers entries and filters by tenant, kind and sequence', () => {
    const j = new Journal();
    j.append(control('a', 'x'));
    j.append({ kind: 'fault', at: 2, tenant: 'b', corr: 'c', rule: 'r', action: 'drop', target: 't' });
    j.append(control('a', 'y'));
    expect(j.query({ tenant: 'a' }).map((e) => e.seq)).toEqual([1, 3]);
    expect(j.query({ kind: 'fault' }).map((e) => e.seq)).toEqual([2]);
    expect(j.query({ sinceSeq: 1 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(j.query({ limit: 1 })).toHaveLength(1);
  });

  it('keeps only the newest entries past its capacity', () => {
    const j = new Journal(3);
    for (let i = 0; i < 5; i++) j.append(control('a', String(i)));
    expect(j.query().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(j.dropped).toBe(2);
  });

  it('keeps within its byte budget too, letting the oldest go first (issue 14, item 4)', () => {
    const j = new Journal(100_000, 100_000);
    const mark = (i: number) => ({ ...control('a', `m${i}`), detail: 'x'.repeat(20_000) });
    for (let i = 0; i < 2000; i++) j.append(mark(i));
    expect(j.bytes).toBeLessThanOrEqual(100_000);
    expect(j.count).toBe(2000);
    const kept = j.query();
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.length).toBeLessThan(6);
    expect(j.dropped).toBe(2000 - kept.length);
    expect(kept.map((e) => e.seq)).toEqual(kept.map((_, i) => 2000 - kept.length + 1 + i));
    expect(j.query({ sinceSeq: 10 }).length).toBe(kept.length);
    // Small entries fill in behind them, and the budget is kept by count again.
    for (let i = 0; i < 300; i++) j.append(control('a', `s${i}`));
    expect(j.bytes).toBeLessThanOrEqual(100_000);
    expect(j.query().at(-1)!.seq).toBe(2300);
  });

  it('cuts a free-text field past MAX_TEXT_CHARS, and says so', () => {
    const j = new Journal();
    const e = j.append({ ...control('a', 'big'), detail: 'y'.repeat(256 * 1024) });
    expect((e as { detail: string }).detail).toMatch(/^y{65536}… \(196608 more characters cut\)$/);
    expect(j.bytes).toBeLessThan(70_000);
  });

  it('counts a row made into an object when read against the byte budget, as an entry appended so', () => {
    const j = new Journal(100_000, 10_000);
    const store = new Actions(j);
    for (let i = 0; i < 200; i++) store.write(`row ${i}`, 'a');
    expect(j.bytes).toBe(0); // rows are kept in the store's columns, sized by the capacity already
    const read = j.query();
    expect(read).toHaveLength(200);
    // Each made entry now lives as an object the journal holds: counted, and the budget kept.
    expect(j.bytes).toBeGreaterThan(0);
    expect(j.bytes).toBeLessThanOrEqual(10_000);
    expect(j.dropped).toBeGreaterThan(0);
    expect(j.query().map((e) => e.seq)).toEqual(read.slice(j.dropped).map((e) => e.seq));
  });

  it('cuts and counts what an amend fills in', () => {
    const j = new Journal(100, 100_000);
    const e = j.append({ ...control('a', 'first'), detail: undefined });
    const before = j.bytes;
    j.amend(e.seq, { detail: 'z'.repeat(256 * 1024) });
    const amended = j.query()[0] as { detail: string };
    expect(amended.detail).toMatch(/^z{65536}… \(196608 more characters cut\)$/);
    expect(j.bytes).toBeGreaterThan(before + 65_536);
    // Past the budget the oldest go, the newest entry staying whatever its size.
    j.append(control('a', 'next'));
    j.amend(2, { detail: 'w'.repeat(60_000) });
    expect(j.bytes).toBeLessThanOrEqual(100_000);
    expect(j.query().map((e) => e.seq)).toEqual([2]);
  });

  it('tells the memory it holds: entries kept as objects, tables and what their rows point into', () => {
    const j = new Journal(1000);
    const empty = j.memoryBytes;
    const arena = { used: 0 };
    const table = j.table<{ at: number; tenant: string | undefined }>({
      kind: 'control',
      layout: { at: 'number', tenant: 'value' },
      entry: (r) => ({ kind: 'control', at: r.at, tenant: r.tenant, corr: 'c', action: 'row' }),
      heldBytes: () => arena.used,
    });
    expect(j.memoryBytes).toBe(empty); // a table nobody writes to costs nothing
    table.append({ at: 1, tenant: 'a' });
    arena.used = 4096;
    // The references' column whole (8 bytes a slot), the numbers' column and the sequence numbers for
    // the one slot written, the entry's size (4 bytes), and the arena's bytes in use.
    expect(j.memoryBytes).toBe(empty + 1000 * 8 + 2 * 8 + 4 + 4096);
    // Too long to be kept as JSON (past 4 KB): an object, counted by its estimated size.
    j.append({ ...control('a', 'x'), detail: 'd'.repeat(5000) });
    expect(j.memoryBytes).toBe(empty + 1000 * 8 + 2 * 8 + 2 * 4 + 4096 + j.bytes);
    expect(j.bytes).toBeGreaterThan(5000);
  });

  it("counts a typed column's slots as they are written, as their pages come into memory then", () => {
    const j = new Journal(1000);
    const table = j.table<{ at: number; tenant: string | undefined; code: number }>({
      kind: 'control',
      layout: { at: 'number', tenant: 'value', code: 'number' },
      entry: (r) => ({ kind: 'control', at: r.at, tenant: r.tenant, corr: 'c', action: String(r.code) }),
    });
    table.append({ at: 1, tenant: 'a', code: 1 });
    const one = j.memoryBytes;
    for (let i = 2; i <= 1000; i++) table.append({ at: i, tenant: 'a', code: i });
    // Two Float64Array columns and the sequence numbers, 8 bytes a slot, and 4 a size: 28 bytes a row
    // (the tenants' column of references counts whole from the first row).
    expect(j.memoryBytes - one).toBe(999 * 28);
    // Full: round and round, no more.
    for (let i = 1001; i <= 1500; i++) table.append({ at: i, tenant: 'a', code: i });
    expect(j.memoryBytes - one).toBe(999 * 28);
  });

  it('keeps the entries appended as objects as their JSON, read back as they were written (decision record 006)', () => {
    const j = new Journal(1000);
    const written: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = j.append({
        kind: 'state',
        at: i,
        tenant: i % 2 ? 'a' : 'b',
        corr: `c${i}`,
        entity: 'call',
        id: `call ${i}`,
        from: undefined,
        to: 'ended',
        reason: 'é'.repeat(i % 50),
      });
      written.push(JSON.stringify(e));
    }
    expect(j.bytes).toBe(0); // no entry is held as an object
    // The newest 1,000, field for field and in the writer's order.
    expect(toNdjson(j.query())).toBe(`${written.slice(2000).join('\n')}\n`);
    // Kind, tenant and time are answered from the rows.
    expect(j.query({ tenant: 'a' })).toHaveLength(500);
    expect(j.query({ kind: 'control' })).toHaveLength(0);
    expect(j.query({ sinceAt: 2990 }).map((e) => e.seq)).toEqual(
      Array.from({ length: 10 }, (_, k) => 2991 + k),
    );
  });

  it('makes the entries still kept into objects before their JSON is written over', () => {
    // 1,000 slots of 256 bytes: entries of about 1 KB go round the arena four times as fast as the ring.
    const j = new Journal(1000);
    for (let i = 0; i < 2500; i++) j.append({ ...control('a', `a${i}`), detail: String(i).repeat(250) });
    expect(j.bytes).toBeGreaterThan(0); // made into objects, counted against the budget
    const kept = j.query();
    expect(kept.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, k) => 1501 + k));
    expect(kept.every((e) => e.kind === 'control' && e.detail === e.action.slice(1).repeat(250))).toBe(true);
  });

  it('keeps as it is an entry that is not JSON', () => {
    const j = new Journal();
    const retCode = 10n;
    j.append({
      kind: 'callback',
      at: 1,
      corr: 'c',
      url: 'u',
      outcome: 'failed',
      retCode,
      reason: 'r',
      ms: 1,
    });
    expect(j.query()[0]).toMatchObject({ retCode: 10n });
  });

  it('lets go of what a row points at once the journal no longer keeps the entry as that row (issue 14)', () => {
    const j = new Journal(4);
    const table = j.table<{ at: number; tenant: string | undefined; payload: object }>({
      kind: 'control',
      layout: { at: 'number', tenant: 'value', payload: 'value' },
      entry: (r) => ({ kind: 'control', at: r.at, tenant: r.tenant, corr: 'c', action: 'row' }),
    });
    const row = (at: number) => ({ at, tenant: 'a', payload: { at } });
    // Its slot taken by an entry of another kind as the ring goes round.
    const first = table.append(row(1));
    for (let i = 0; i < 4; i++) j.append(control('a', `x${i}`));
    expect(table.field(first, 'payload')).toBeUndefined();
    // Made into an object when read.
    const read = table.append(row(2));
    j.query();
    expect(table.field(read, 'payload')).toBeUndefined();
    // Made at once for a listener.
    const off = j.subscribe(() => {});
    const heard = table.append(row(3));
    off();
    expect(table.field(heard, 'payload')).toBeUndefined();
    // Kept as the row while the journal holds it so; a row of the same table in the slot stays.
    const kept = table.append(row(4));
    expect(table.field(kept, 'payload')).toEqual({ at: 4 });
    for (let i = 5; i <= 9; i++) table.append(row(i));
    expect(j.query().map((e) => e.at)).toEqual([6, 7, 8, 9]);
  });

  it('tells listeners and exports NDJSON', () => {
    const j = new Journal();
    const seen: number[] = [];
    const heard: unknown[] = [];
    const off = j.subscribe((e) => {
      seen.push(e.seq);
      heard.push(e);
    });
    const first = j.append(control('a', '1'));
    expect(heard).toEqual([first]);
    expect(heard[0]).toBe(first); // the writer's object, whoever keeps its JSON
    off();
    j.append(control('a', '2'));
    expect(seen).toEqual([1]);
    const lines = toNdjson(j.query()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
  });

  it('makes a stored entry only when it is read, once, in its place', () => {
    const j = new Journal();
    const store = new Actions(j);
    j.append(control('a', 'x'));
    store.write('late', 'a');
    j.append(control('b', 'y'));
    expect(j.count).toBe(3);
    expect(j.query({ tenant: 'b' }).map((e) => e.seq)).toEqual([3]);
    expect(store.made).toBe(0);
    expect(j.query({ tenant: 'a' })).toEqual([
      expect.objectContaining({ seq: 1, action: 'x' }),
      expect.objectContaining({ seq: 2, action: 'late' }),
    ]);
    j.query();
    expect(store.made).toBe(1);
  });

  it('makes a stored entry at once for listeners, and when its store settles it', () => {
    const j = new Journal(2);
    const store = new Actions(j);
    const seen: string[] = [];
    const off = j.subscribe((e) => seen.push(`${e.seq} ${e.kind}`));
    store.write('now', undefined);
    off();
    expect(seen).toEqual(['1 control']);
    store.write('kept', undefined);
    j.settle(2, store);
    expect(store.made).toBe(2);
    store.write('third', undefined);
    store.write('last', undefined);
    j.settle(2, store);
    expect(store.made).toBe(2);
    expect(j.query().map((e) => (e.kind === 'control' ? e.action : ''))).toEqual(['third', 'last']);
  });
});

/** A store of control entries in columns, as a writer with many entries would keep them. */
class Actions extends EntryStore {
  made = 0;
  readonly #actions = new Map<number, [string, string | undefined]>();
  constructor(private readonly journal: Journal) {
    super();
  }
  write(action: string, tenant: string | undefined): void {
    this.#actions.set(this.journal.nextSeq, [action, tenant]);
    this.journal.appendStored(this);
  }
  kindOf(): 'control' {
    return 'control';
  }
  at(): number {
    return 5;
  }
  tenant(seq: number): string | undefined {
    return this.#actions.get(seq)?.[1];
  }
  entry(seq: number): NewEntry {
    this.made++;
    const [action, tenant] = this.#actions.get(seq)!;
    return { kind: 'control', at: 5, tenant, corr: 'c', action };
  }
}
