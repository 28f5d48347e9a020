import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './secret-box.ts';

const key = randomBytes(32);

describe('secret box', () => {
  it('opens what it sealed, and never seals the same way twice', () => {
    const a = seal(key, 'Ei3xpGcS1Fpy', 'alice');
    const b = seal(key, 'Ei3xpGcS1Fpy', 'alice');
    expect(open(key, a, 'alice')).toBe('Ei3xpGcS1Fpy');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('Ei3xpGcS1Fpy'))).toBe(false);
  });

  it('refuses another row, another key, a flipped bit, a cut value', () => {
    const sealed = seal(key, 'secret', 'alice');
    expect(open(key, sealed, 'bob')).toBeUndefined();
    expect(open(randomBytes(32), sealed, 'alice')).toBeUndefined();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(open(key, flipped, 'alice')).toBeUndefined();
    expect(open(key, sealed.subarray(0, 20), 'alice')).toBeUndefined();
  });
});
