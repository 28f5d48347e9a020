import { describe, expect, it } from 'vitest';
import { deriveSeed, seededRng } from './rng.ts';

describe('seededRng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    expect([a.next(), a.int(1, 6), a.hex(8)]).toEqual([b.next(), b.int(1, 6), b.hex(8)]);
  });

  it('gives different sequences for different seeds', () => {
    expect(seededRng(1).hex(16)).not.toBe(seededRng(2).hex(16));
  });

  it('keeps int within its bounds', () => {
    const r = seededRng(3);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(5, 9);
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(9);
    }
  });

  it('derives distinct, stable child seeds', () => {
    expect(deriveSeed(1, 'tokens')).toBe(deriveSeed(1, 'tokens'));
    expect(deriveSeed(1, 'tokens')).not.toBe(deriveSeed(1, 'ids'));
  });
});
