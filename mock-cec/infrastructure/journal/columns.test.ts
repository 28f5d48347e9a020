import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Columns, layoutSetter, plainSetter } from './columns.ts';
import { Journal, type TableDef } from './journal.ts';

interface Row {
  at: number;
  tenant: string | undefined;
  count: number;
  label: string;
  flag: boolean;
  maybe: number | undefined;
}

const layout = {
  at: 'number',
  tenant: 'value',
  count: 'number',
  label: 'value',
  flag: 'value',
  maybe: 'value',
} as const;

describe('Columns', () => {
  it('gives each slot back the row written to it, field by field and whole', () => {
    const c = new Columns<Row>(layout, 4);
    const rows: Row[] = [
      { at: 1, tenant: 'a', count: 2, label: 'x', flag: true, maybe: undefined },
      { at: 3.5, tenant: undefined, count: -1, label: 'y', flag: false, maybe: 7 },
    ];
    rows.forEach((r, i) => {
      c.set(i, r);
    });
    expect(c.get(0)).toEqual(rows[0]);
    expect(c.get(1)).toEqual(rows[1]);
    expect(c.field(1, 'maybe')).toBe(7);
    expect(c.field(0, 'maybe')).toBeUndefined();
    c.set(0, rows[1]!);
    expect(c.get(0)).toEqual(rows[1]);
  });
});

describe('JournalTable', () => {
  const def: TableDef<Row> = {
    kind: 'control',
    layout,
    entry: (r) => ({ kind: 'control', at: r.at, tenant: r.tenant, corr: `n${r.count}`, action: r.label }),
  };

  it('journals rows as entries, in order with objects, filtered by tenant and time before they are made', () => {
    const j = new Journal(3);
    const table = j.table(def);
    expect(j.table(def)).toBe(table);
    const row = (i: number, tenant: string) => ({
      at: i,
      tenant,
      count: i,
      label: `r${i}`,
      flag: false,
      maybe: undefined,
    });
    expect(table.append(row(1, 'a'))).toBe(1);
    j.append({ kind: 'control', at: 2, tenant: 'b', corr: 'o', action: 'object' });
    table.append(row(3, 'b'));
    table.append(row(4, 'a'));
    expect(j.query().map((e) => [e.seq, e.kind === 'control' && e.action])).toEqual([
      [2, 'object'],
      [3, 'r3'],
      [4, 'r4'],
    ]);
    expect(j.query({ tenant: 'a', sinceAt: 4 })).toEqual([
      { kind: 'control', seq: 4, at: 4, tenant: 'a', corr: 'n4', action: 'r4' },
    ]);
    expect(table.holds(1)).toBe(false); // dropped: the ring went round
    expect(table.holds(3)).toBe(false); // made into an object by the query
  });
});

describe('layoutSetter', () => {
  const names = Object.keys(layout) as (keyof Row)[];
  const row = fc.record({
    at: fc.double(),
    tenant: fc.option(fc.string(), { nil: undefined }),
    count: fc.integer(),
    label: fc.string(),
    flag: fc.boolean(),
    maybe: fc.option(fc.integer(), { nil: undefined }),
  });
  const fresh = () => names.map((n) => (layout[n] === 'number' ? new Float64Array(8) : new Array(8)));

  it('writes every field where the plain loop does, for any rows in any slots', () => {
    const fast = layoutSetter<Row>(names);
    const plain = plainSetter<Row>(names);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 7 }), row), { maxLength: 20 }), (writes) => {
        const [a, b] = [fresh(), fresh()];
        for (const [i, r] of writes) {
          fast(a, i, r);
          plain(b, i, r);
        }
        expect(a).toEqual(b);
      }),
    );
  });

  it('takes the plain loop for names that are not identifiers', () => {
    const odd = ['a-b', 'c'] as const;
    const set = layoutSetter<Record<(typeof odd)[number], number>>(odd);
    const columns = [new Float64Array(1), new Float64Array(1)];
    set(columns, 0, { 'a-b': 1, c: 2 });
    expect(columns.map((c) => c[0])).toEqual([1, 2]);
  });
});
