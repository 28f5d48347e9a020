import { expect, it } from 'vitest';
import { median, percentile } from './percentiles.ts';

it('takes the nearest rank, whatever the order', () => {
  const xs = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];
  expect(median(xs)).toBe(5);
  expect(percentile(xs, 95)).toBe(10);
  expect(percentile(xs, 90)).toBe(9);
  expect(percentile(xs, 0)).toBe(1);
  expect(percentile([42], 95)).toBe(42);
  expect(percentile([], 50)).toBeNaN();
});
