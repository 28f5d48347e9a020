import { expect, it } from 'vitest';
import { interleave } from './call-phase.ts';

it('takes phones from each page in turn, keeping each page’s order', () => {
  const phones = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'];
  expect(interleave(phones, (p) => p[0])).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  expect(interleave([], (p: string) => p)).toEqual([]);
});
