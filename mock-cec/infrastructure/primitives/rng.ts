import { generateMersenne53Randomizer } from '@faker-js/faker';

/**
 * Randomness is a parameter. A seeded generator (faker's Mersenne Twister, so the
 * tenant generator and everything else share one well-tested source) makes the
 * same seed give the same tenant, the same tokens and the same journal.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
  /** The seed this generator started from. */
  readonly seed: number;
}

export function seededRng(seed: number): Rng {
  const source = generateMersenne53Randomizer(seed);
  const next = () => source.next();
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex(bytes) {
      let out = '';
      for (let i = 0; i < bytes; i++)
        out += Math.floor(next() * 256)
          .toString(16)
          .padStart(2, '0');
      return out;
    },
  };
}

/** Derive a child seed from a parent seed and a label, so sub-generators stay independent. */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the seed: stable across runs and platforms.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
