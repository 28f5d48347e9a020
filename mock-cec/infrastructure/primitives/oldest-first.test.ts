import { describe, expect, it } from 'vitest';
import { OldestFirst } from './oldest-first.ts';

describe('OldestFirst', () => {
  it('hands out keys oldest first while the map changes underneath', () => {
    const map = new Map<string, number>([
      ['a', 1],
      ['b', 2],
    ]);
    const oldest = new OldestFirst(map);
    expect(oldest.next()).toBe('a');
    map.delete('a');
    map.set('c', 3);
    map.delete('b');
    expect(oldest.next()).toBe('c');
    map.delete('c');
    expect(oldest.next()).toBeUndefined();
    map.set('d', 4);
    expect(oldest.next()).toBe('d');
  });

  it('keeps insertion order through many evictions (a bounded map)', () => {
    const map = new Map<number, number>();
    const oldest = new OldestFirst(map);
    for (let i = 0; i < 10_000; i++) {
      map.set(i, i);
      if (map.size > 100) map.delete(oldest.next()!);
    }
    expect([...map.keys()]).toEqual(Array.from({ length: 100 }, (_, i) => 9_900 + i));
  });
});
