import { describe, expect, it } from 'vitest';
import { DeferredEntry, Journal, type NewEntry, toNdjson } from './journal.ts';

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

  it('tells listeners and exports NDJSON', () => {
    const j = new Journal();
    const seen: number[] = [];
    const off = j.subscribe((e) => seen.push(e.seq));
    j.append(control('a', '1'));
    off();
    j.append(control('a', '2'));
    expect(seen).toEqual([1]);
    const lines = toNdjson(j.query()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
  });

  it('makes a deferred entry only when it is read, once, in its place', () => {
    let made = 0;
    class Late extends DeferredEntry {
      readonly kind = 'control';
      readonly at = 5;
      readonly tenant = 'a';
      entry(): NewEntry {
        made++;
        return { kind: 'control', at: 5, tenant: 'a', corr: 'c', action: 'late' };
      }
    }
    const j = new Journal();
    j.append(control('a', 'x'));
    j.appendDeferred(new Late());
    j.append(control('b', 'y'));
    expect(j.count).toBe(3);
    expect(j.query({ tenant: 'b' }).map((e) => e.seq)).toEqual([3]);
    expect(made).toBe(0);
    expect(j.query({ tenant: 'a' })).toEqual([
      expect.objectContaining({ seq: 1, action: 'x' }),
      expect.objectContaining({ seq: 2, action: 'late' }),
    ]);
    j.query();
    expect(made).toBe(1);
  });

  it('makes a deferred entry at once for listeners', () => {
    const j = new Journal();
    const seen: string[] = [];
    j.subscribe((e) => seen.push(`${e.seq} ${e.kind}`));
    j.appendDeferred(
      new (class extends DeferredEntry {
        readonly kind = 'control';
        readonly at = 1;
        readonly tenant = undefined;
        entry(): NewEntry {
          return { kind: 'control', at: 1, corr: 'c', action: 'now' };
        }
      })(),
    );
    expect(seen).toEqual(['1 control']);
  });
});
