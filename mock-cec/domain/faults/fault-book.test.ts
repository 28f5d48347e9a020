import { describe, expect, it } from 'vitest';
import { seededRng } from '../../infrastructure/primitives/rng.ts';
import { FaultBook } from './fault-book.ts';

const target = { on: 'http', api: 'QueryAgentInfo', method: 'GET', path: '/x/y', tenant: 't1' } as const;
const never = () => 0.99;

describe('FaultBook', () => {
  it('matches on the given criteria only', () => {
    const book = new FaultBook();
    book.add({ api: 'TokenByAkSk', action: { do: 'status', status: 500 } });
    const hit = book.add({ api: 'QueryAgentInfo', tenant: 't1', action: { do: 'status', status: 401 } });
    expect(book.match(target, never)?.rule.id).toBe(hit.id);
    expect(book.match({ ...target, tenant: 't2' }, never)).toBeUndefined();
  });

  it('matches path prefixes and methods case-insensitively', () => {
    const book = new FaultBook();
    book.add({ path: '/x/*', method: 'get', action: { do: 'drop' } });
    expect(book.match(target, never)?.action).toEqual({ do: 'drop' });
    expect(book.match({ ...target, path: '/z' }, never)).toBeUndefined();
  });

  it('applies only to the nth match', () => {
    const book = new FaultBook();
    book.add({ api: 'QueryAgentInfo', nth: 2, action: { do: 'status', status: 500 } });
    expect(book.match(target, never)).toBeUndefined();
    expect(book.match(target, never)).toBeDefined();
    expect(book.match(target, never)).toBeUndefined();
  });

  it('stops after `times` applications', () => {
    const book = new FaultBook();
    const rule = book.add({ times: 2, action: { do: 'drop' } });
    expect([1, 2, 3].map(() => book.match(target, never) !== undefined)).toEqual([true, true, false]);
    expect(book.stats(rule.id)).toEqual({ matched: 3, applied: 2 });
  });

  it('draws probability from the seeded generator, the same each run', () => {
    const run = () => {
      const book = new FaultBook();
      book.add({ probability: 0.3, action: { do: 'drop' } });
      const rng = seededRng(9);
      return Array.from({ length: 50 }, () => book.match(target, rng.next) !== undefined);
    };
    const a = run();
    expect(a).toEqual(run());
    expect(a.filter(Boolean).length).toBeGreaterThan(5);
    expect(a.filter(Boolean).length).toBeLessThan(30);
  });

  it('clears one tenant or all, and refuses duplicate ids', () => {
    const book = new FaultBook();
    book.add({ id: 'a', tenant: 't1', action: { do: 'drop' } });
    book.add({ id: 'b', tenant: 't2', action: { do: 'drop' } });
    expect(() => book.add({ id: 'a', action: { do: 'drop' } })).toThrow(/already exists/);
    expect(book.clear('t1')).toBe(1);
    expect(book.list().map((r) => r.id)).toEqual(['b']);
    expect(book.remove('b')).toBe(true);
    expect(book.size).toBe(0);
  });

  it('rejects a malformed rule', () => {
    const book = new FaultBook();
    expect(() => book.add({ action: { do: 'status', status: 42 } } as never)).toThrow();
  });
});
