import { expect, it } from 'vitest';
import { groupReasons } from './load-report.ts';

it('groups failure reasons, most frequent first, and says how many more there are', () => {
  const reasons = ['b', 'a', 'b', 'c', 'b', 'a', 'd', 'e'];
  expect(groupReasons(reasons, 3)).toBe('3× b; 2× a; 1× c; and 2 other reasons');
  expect(groupReasons([])).toBe('');
});
