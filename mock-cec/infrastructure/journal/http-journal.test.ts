import { describe, expect, it } from 'vitest';
import { type HttpExchange, httpJournalOf } from './http-journal.ts';
import { Journal } from './journal.ts';

const exchange = (i: number): HttpExchange => ({
  at: 1000 + i,
  tenant: i % 2 ? 'a' : 'b',
  corr: i === 4 ? 'not-a-counter' : `c${i + 1}`,
  api: 'TokenByAkSk',
  method: 'POST',
  path: '/apigovernance/api/oauth/tokenByAkSk',
  status: 200,
  code: undefined,
  ms: 0.25,
  remote: '127.0.0.1',
  note: `token ${i}`,
  fault: undefined,
});

describe('HttpJournal', () => {
  it('gives back each exchange as the entry it would have appended, filtered before it is made', () => {
    const j = new Journal(3);
    const store = httpJournalOf(j);
    expect(httpJournalOf(j)).toBe(store);
    for (let i = 0; i < 5; i++) store.write(exchange(i), ['/apigovernance/api/oauth/tokenByAkSk']);
    expect(j.count).toBe(5);
    expect(j.query().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(j.query({ tenant: 'a' })).toEqual([{ kind: 'http', seq: 4, ...exchange(3) }]);
    expect(j.query({ kind: 'http', sinceAt: 1004 })).toEqual([{ kind: 'http', seq: 5, ...exchange(4) }]);
  });

  it('hands listeners the entry at once, and mixes with entries appended as objects', () => {
    const j = new Journal();
    const seen: unknown[] = [];
    j.subscribe((e) => seen.push(e));
    httpJournalOf(j).write(exchange(1), []);
    j.append({ kind: 'control', at: 5, corr: 'x', action: 'mark' });
    httpJournalOf(j).write({ ...exchange(2), status: 0, note: 'connection dropped' }, []);
    expect(seen).toEqual([
      { kind: 'http', seq: 1, ...exchange(1) },
      { kind: 'control', seq: 2, at: 5, corr: 'x', action: 'mark' },
      { kind: 'http', seq: 3, ...exchange(2), status: 0, note: 'connection dropped' },
    ]);
    expect(j.query()).toEqual(seen);
  });
});
